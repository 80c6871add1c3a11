"""Loads the seed acts (000, 001, 002) as agreements, after `load_seeds` has loaded the registry they name.

Idempotent: an agreement is matched by (kind, title), a party by (agreement, organization), an article by its
number, a money clause by its description; rows are created through the services (actor None: the system) and
only written when something differs, so a second run writes nothing and records no audit event.

The acts are loaded as drafts (`bozza`): the services bring an agreement in force only through approval and
signature, with each party's deliberation and verified signature, which a historical text cannot provide.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agreements import services
from agreements.calendar import validity_mismatch
from agreements.models import Agreement, AgreementStatus, MoneyClause, Party
from governance import permissions
from governance.loaders import SEED_REGISTRY
from governance.models import Ambito, Organization, OrganizationKind, Person

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_AGREEMENTS = DATA_DIR / "seed_agreements.yaml"


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    agreements: dict[str, Agreement] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.counts)

    def __str__(self) -> str:
        written = ", ".join(f"{key}: {value}" for key, value in sorted(self.counts.items()))
        return "\n".join([f"Accordi degli atti di esempio: {written or 'nessuna modifica'}.", *self.lines])


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class Registry:
    """Resolves the keys of governance/data/seed_registry.yaml to the rows `load_seeds` created."""

    def __init__(self, path: Path = SEED_REGISTRY) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._orgs = {item["key"]: item for item in data["organizations"]}
        self._ambiti = {item["key"]: item for item in data["ambiti"]}
        self._persons = {item["key"]: item for item in data["persons"]}

    def org(self, ref: dict[str, str]) -> Organization:
        if "istat" in ref:
            return Organization.objects.get(kind=OrganizationKind.COMUNE, istat_code=ref["istat"])
        item = self._orgs[ref["key"]]
        return Organization.objects.get(kind=item["kind"], name=item["name"])

    def ambito(self, key: str | None) -> Ambito | None:
        return Ambito.objects.get(name=self._ambiti[key]["name"]) if key else None

    def person(self, key: str | None) -> Person | None:
        if not key:
            return None
        item = self._persons[key]
        return Person.objects.get(family_name=item["family_name"], given_name=item["given_name"])


def _agreement(spec: dict[str, Any], registry: Registry, report: Report) -> Agreement:
    validity = spec.get("validity", {})
    ambito = registry.ambito(spec["ambito"])
    assert ambito is not None
    fields: dict[str, Any] = {
        "place": spec.get("place", ""),
        "starts_on_signature": bool(validity.get("starts_on_signature", False)),
        "start_date": _day(validity.get("start_date")),
        "end_date": _day(validity.get("end_date")),
        "duration_months": validity.get("duration_months"),
        "until_event": validity.get("until_event", ""),
    }
    if spec.get("withdrawal_notice_months") is not None:
        fields["withdrawal_notice_months"] = spec["withdrawal_notice_months"]
    agreement = Agreement.objects.filter(kind=spec["kind"], title=spec["title"]).first()
    if agreement is None:
        agreement = services.agreement_create(
            actor=None, ambito=ambito, kind=spec["kind"], title=spec["title"], **fields
        )
        report.counts["accordi creati"] += 1
        return agreement
    fields["ambito"] = ambito
    changes = {name: value for name, value in fields.items() if getattr(agreement, name) != value}
    if changes:
        if agreement.status == AgreementStatus.DRAFT:
            services.agreement_update(actor=None, agreement=agreement, **changes)
            report.counts["accordi aggiornati"] += 1
        else:
            report.lines.append(
                f"  ! {spec['seed']}: l'accordo non è più in bozza, non aggiornato ({', '.join(changes)})."
            )
    return agreement


def _parties(agreement: Agreement, spec: dict[str, Any], registry: Registry, report: Report) -> list[Party]:
    parties: list[Party] = []
    for order, item in enumerate(spec["parties"], start=1):
        organization = registry.org(item["org"])
        values: dict[str, Any] = {
            "role": item["role"],
            "represents": registry.ambito(item.get("represents")),
            "signatory": registry.person(item.get("signatory")),
            "signatory_capacity": item.get("capacity", ""),
            "authorising_organ_name": item.get("authorising_organ_name", ""),
            "act_number": item.get("act_number", ""),
            "act_date": _day(item.get("act_date")),
            "signing_order": order,
        }
        party = agreement.parties.filter(organization=organization).first()
        if party is None:
            party = services.party_add(actor=None, agreement=agreement, organization=organization, **values)
            report.counts["parti create"] += 1
        else:
            changes = {name: value for name, value in values.items() if getattr(party, name) != value}
            if changes:
                services.party_update(actor=None, party=party, **changes)
                report.counts["parti aggiornate"] += 1
        parties.append(party)
    extra = agreement.parties.exclude(pk__in=[party.pk for party in parties])
    for party in extra:
        report.lines.append(f"  ! {spec['seed']}: {party.organization} è parte ma non è nell'atto.")
    return parties


def _text(agreement: Agreement, spec: dict[str, Any], report: Report) -> None:
    version = services.current_version(agreement)
    wanted = [(item["section"], item["text"].rstrip()) for item in spec.get("premises", [])]
    existing = list(version.premises.order_by("position").values_list("section", "text"))
    if existing != wanted:
        if existing != wanted[: len(existing)]:
            # Not a prefix: the draft's premises differ from the act; rewrite them (drafts only).
            version.premises.all().delete()
            existing = []
            report.counts["premesse riscritte"] += 1
        for section, text in wanted[len(existing) :]:
            services.premise_add(actor=None, agreement=agreement, section=section, text=text)
            report.counts["premesse create"] += 1
    for item in spec.get("articles", []):
        title, body = item.get("title", ""), item["body"].rstrip()
        article = version.articles.filter(number=item["number"]).first()
        if article is not None and (article.title, article.body) == (title, body):
            continue
        services.article_save(
            actor=None,
            agreement=agreement,
            number=item["number"],
            title=title,
            body=body,
            expected_revision=article.revision if article else None,
        )
        report.counts["articoli aggiornati" if article else "articoli creati"] += 1


def _money(agreement: Agreement, spec: dict[str, Any], parties: list[Party], report: Report) -> None:
    for item in spec.get("money_clauses", []):
        total = Decimal(str(item["total"]))
        values = {
            "total": total,
            "criterion": item["criterion"],
            "vat_excluded": bool(item.get("vat_excluded", False)),
            "installments_every_months": item.get("installments_every_months"),
            "installments_in_advance": bool(item.get("installments_in_advance", True)),
        }
        clause = agreement.money_clauses.filter(description=item["description"]).first()
        if clause is None:
            signing = [party for party in parties if party.role != "aderente"]
            fields = {k: v for k, v in values.items() if k not in {"total", "criterion"}}
            clause = services.money_clause_create(
                actor=None,
                agreement=agreement,
                description=item["description"],
                total=total,
                criterion=item["criterion"],
                parties=signing,
                **fields,
            )
            report.counts["clausole economiche create"] += 1
        else:
            differing = [name for name, value in values.items() if getattr(clause, name) != value]
            if differing:
                report.lines.append(
                    f"  ! {spec['seed']}: la clausola «{clause.description[:60]}…» differisce dall'atto "
                    f"({', '.join(differing)}): non modificata, le quote potrebbero avere pagamenti."
                )
        schedule = item.get("schedule")
        if schedule and not _has_installments(clause):
            start, end = _day(schedule["start"]), _day(schedule["end"])
            assert start is not None and end is not None
            created = services.installments_schedule(actor=None, clause=clause, start=start, end=end)
            report.counts["rate create"] += created


def _has_installments(clause: MoneyClause) -> bool:
    return clause.shares.filter(installments__isnull=False).exists()


def _summary(agreement: Agreement, spec: dict[str, Any], report: Report) -> None:
    version = services.current_version(agreement)
    report.lines.append(
        f"{spec['seed']} — {agreement.get_kind_display()}: «{agreement.title}» "
        f"(ambito: {agreement.ambito}; stato: {agreement.get_status_display()}): "
        f"{agreement.parties.count()} parti, {version.premises.count()} premesse, "
        f"{version.articles.count()} articoli, {agreement.money_clauses.count()} clausole economiche."
    )
    mismatch = validity_mismatch(agreement.start_date, agreement.end_date, agreement.duration_months)
    if mismatch:
        report.lines.append(f"  Validità: {mismatch}")
    for note in (spec.get("notes") or "").splitlines():
        report.lines.append(f"  Nota: {note}")
    for correction in spec.get("corrections", []):
        report.lines.append(f"  Correzione: {correction}")


@transaction.atomic
def load_seed_agreements(path: Path = SEED_AGREEMENTS) -> Report:
    # 64 parties: each service call would refresh the same role groups; refresh them once at the end.
    with permissions.batched_sync():
        return _load(path)


def _load(path: Path) -> Report:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = Registry()
    report = Report()
    for spec in data["agreements"]:
        agreement = _agreement(spec, registry, report)
        parties = (
            _parties(agreement, spec, registry, report) if agreement.status == AgreementStatus.DRAFT else []
        )
        if agreement.status == AgreementStatus.DRAFT:
            _text(agreement, spec, report)
            _money(agreement, spec, parties, report)
        report.agreements[spec["seed"]] = agreement
        _summary(agreement, spec, report)
    report.lines.append(
        "Gli atti sono caricati in bozza: per registrarli come atti storici firmati servirebbe un servizio che "
        "registri la deliberazione di ogni parte (numero e data, in bianco negli atti 000 e assenti in 001 e "
        "002), la firma avvenuta (data e firmatario, senza verifica della firma digitale) e l'entrata in vigore "
        "(data), con lo stato finale «scaduto» per 000, 001 e 002, tutti oltre la scadenza."
    )
    return report
