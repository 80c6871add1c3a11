"""Loads the seed acts (000, 001, 002) as agreements, after `load_seeds` has loaded the registry they name, and
seed 003 as an agreement template instantiated for one ambito (`seed_templates.yaml`).

Idempotent: an agreement is matched by (kind, title), a party by (agreement, organization), an article by its
number, a money clause by its description; rows are created through the services (actor None: the system) and
only written when something differs, so a second run writes nothing and records no audit event. A template is
matched by its title, its slots by key, premises by position, articles by number; its instance by (kind, title),
and it is instantiated once: later loads only fill the hand blanks the data file gives that are still open.

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
from django.utils import timezone

from agreements import blanks, rules, services
from agreements.calendar import validity_mismatch
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    MoneyClause,
    Party,
    TemplateArticle,
    TemplatePremise,
    TemplateSlot,
)
from agreements.partial_dates import parse_partial_date
from governance import permissions
from governance import services as registry_services
from governance.loaders import SEED_REGISTRY
from governance.models import Ambito, Organization, OrganizationKind, Person, Province

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_AGREEMENTS = DATA_DIR / "seed_agreements.yaml"
SEED_TEMPLATES = DATA_DIR / "seed_templates.yaml"


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
            signing = rules.signing_parties(parties)
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
def load_seed_agreements(path: Path = SEED_AGREEMENTS, templates: Path | None = SEED_TEMPLATES) -> Report:
    # 64 parties: each service call would refresh the same role groups; refresh them once at the end.
    with permissions.batched_regrants():
        report = _load(path)
        if templates is not None:
            _load_templates(templates, report)
        return report


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
            _register(agreement, spec, report)
        report.agreements[spec["seed"]] = agreement
        _summary(agreement, spec, report)
    return report


def _register(agreement: Agreement, spec: dict[str, Any], report: Report) -> None:
    """The seed acts were signed before the app: registered as such, from what each act states."""
    registration = spec.get("registration")
    if not registration:
        return
    if registration.get("undocumented"):
        services.agreement_mark_undocumented(actor=None, agreement=agreement)
        report.counts["atti con firma non documentata"] += 1
        return
    signed = parse_partial_date(str(registration["signed_on"]))
    in_force = parse_partial_date(str(registration["in_force_since"]))
    assert signed is not None and in_force is not None
    services.agreement_register_signed(
        actor=None,
        agreement=agreement,
        in_force_since=in_force[0],
        in_force_precision=in_force[1],
        signed={party.pk: signed for party in agreement.parties.all()},
    )
    report.counts["atti registrati come firmati"] += 1


def renewal_for_demo(seed: str = "000") -> Agreement | None:
    """A draft to walk through signature in the demo: the renewal of a seed act (created once)."""
    old = Agreement.objects.filter(title=_seed_titles().get(seed, "")).first()
    if old is None or old.status not in services.RENEWABLE:
        return None
    pending = old.renewals.filter(status=AgreementStatus.DRAFT).first()
    return pending or services.agreement_renew(actor=None, old=old)


def _seed_titles() -> dict[str, str]:
    data = yaml.safe_load(SEED_AGREEMENTS.read_text(encoding="utf-8"))
    return {spec["seed"]: spec["title"] for spec in data["agreements"]}


# --- seed 003: a template with named blanks, instantiated for one ambito ---------------------------------------


def _load_templates(path: Path, report: Report) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry = Registry()
    for spec in data["templates"]:
        template = _template(spec, report)
        report.lines.append(
            f"{spec['seed']} — modello «{template.title}»: {template.slots.count()} parti attese "
            f"({', '.join(template.slots.values_list('key', flat=True))}), {template.premises.count()} premesse, "
            f"{template.articles.count()} articoli."
        )
        for note in (spec.get("notes") or "").splitlines():
            report.lines.append(f"  Nota: {note}")
        for correction in spec.get("corrections", []):
            report.lines.append(f"  Correzione: {correction}")
        for item in spec.get("instances", []):
            agreement = _instance(template, spec, item, registry, report)
            report.agreements[spec["seed"]] = agreement


def _sync_rows(
    rows: dict[Any, Any],
    wanted: dict[Any, dict[str, Any]],
    create: Any,
    report: Report,
    labels: tuple[str, str, str],
) -> None:
    """Create, update or delete a template's rows (keyed by slot key, premise position or article number) so that
    they match the data file; write nothing where they already do."""
    for key, values in wanted.items():
        row = rows.get(key)
        if row is None:
            row = create(key, values)
            row.full_clean()
            row.save()
            report.counts[labels[0]] += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
            report.counts[labels[1]] += 1
    for key, row in rows.items():
        if key not in wanted:
            row.delete()
            report.counts[labels[2]] += 1


def _template(spec: dict[str, Any], report: Report) -> AgreementTemplate:
    # Templates are reference text shipped with the code (no user edits them yet): written directly, validated.
    fields = {
        "kind": spec["kind"],
        "description": spec.get("description", ""),
        "source": spec.get("source", ""),
    }
    template = AgreementTemplate.objects.filter(title=spec["title"]).first()
    if template is None:
        template = AgreementTemplate(title=spec["title"], **fields)
        template.full_clean()
        template.save()
        report.counts["modelli creati"] += 1
    elif any(getattr(template, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(template, name, value)
        template.full_clean()
        template.save()
        report.counts["modelli aggiornati"] += 1
    _sync_rows(
        {slot.key: slot for slot in template.slots.all()},
        {
            item["key"]: {"label": item["label"], "role": item["role"], "position": position}
            for position, item in enumerate(spec["slots"], start=1)
        },
        lambda key, values: TemplateSlot(template=template, key=key, **values),
        report,
        ("parti del modello create", "parti del modello aggiornate", "parti del modello tolte"),
    )
    _sync_rows(
        {premise.position: premise for premise in template.premises.all()},
        {
            position: {"section": item["section"], "text": item["text"].rstrip()}
            for position, item in enumerate(spec["premises"], start=1)
        },
        lambda position, values: TemplatePremise(template=template, position=position, **values),
        report,
        ("premesse del modello create", "premesse del modello aggiornate", "premesse del modello tolte"),
    )
    _sync_rows(
        {article.number: article for article in template.articles.all()},
        {
            item["number"]: {"title": item.get("title", ""), "body": item["body"].rstrip()}
            for item in spec["articles"]
        },
        lambda number, values: TemplateArticle(template=template, number=number, **values),
        report,
        ("articoli del modello creati", "articoli del modello aggiornati", "articoli del modello tolti"),
    )
    return template


def _slot_organization(
    ref: dict[str, Any], ambito: Ambito, registry: Registry, report: Report
) -> Organization:
    """A registry body, or one the data file adds to the ambito's registry (found again by kind and name)."""
    if "create" not in ref:
        return registry.org(ref)
    values = dict(ref["create"])
    found = Organization.objects.filter(kind=values["kind"], name=values["name"]).first()
    if found is not None:
        return found
    if values.get("province"):
        values["province"] = Province.objects.get(abbreviation=values["province"])
    organization = registry_services.organization_create(actor=None, ambito=ambito, **values)
    report.counts["enti aggiunti al registro"] += 1
    report.lines.append(f"  ! Aggiunto al registro: {organization} ({ref.get('source', 'non negli atti')}).")
    return organization


REGISTRY_VALUES = {
    "ambito.regione": lambda ambito: ambito.province.region.name if ambito.province else None,
    "ambito.provincia": lambda ambito: ambito.province.name if ambito.province else None,
}


def _instance(
    template: AgreementTemplate,
    spec: dict[str, Any],
    item: dict[str, Any],
    registry: Registry,
    report: Report,
) -> Agreement:
    ambito = registry.ambito(item["ambito"])
    assert ambito is not None
    validity = spec.get("validity", {})
    wanted = {
        "starts_on_signature": bool(validity.get("starts_on_signature", False)),
        "until_event": validity.get("until_event", ""),
    }
    agreement = Agreement.objects.filter(kind=template.kind, title=item["title"]).first()
    created = agreement is None
    if agreement is None:
        organizations = {
            key: _slot_organization(ref, ambito, registry, report)
            for key, ref in item["organizations"].items()
        }
        capofila = organizations.get("capofila")
        if capofila is not None and capofila.pk != ambito.capofila_id:
            report.lines.append(f"  ! {spec['seed']}: {capofila} non è il capofila di {ambito} nel registro.")
        agreement, _open = services.template_instantiate(
            actor=None, template=template, ambito=ambito, title=item["title"], organizations=organizations
        )
        report.counts["accordi creati da modello"] += 1
    if agreement.status != AgreementStatus.DRAFT:
        report.lines.append(f"  ! {spec['seed']}: l'accordo non è più in bozza, non aggiornato.")
    else:
        changes = {name: value for name, value in wanted.items() if getattr(agreement, name) != value}
        if changes:
            # The template has no validity: the act's (art. 12) is set on the new draft, or mended on a later load.
            services.agreement_update(actor=None, agreement=agreement, **changes)
            if not created:
                report.counts["accordi aggiornati"] += 1
        _fill_by_hand(agreement, ambito, spec, item, report)
    _instance_summary(agreement, spec, item, report)
    return agreement


def _fill_by_hand(
    agreement: Agreement, ambito: Ambito, spec: dict[str, Any], item: dict[str, Any], report: Report
) -> None:
    """The `[[name]]` blanks the data file can fill, through blank_fill; only those still open (idempotent)."""
    still_open = {name for names in services.unfilled_blanks(agreement).values() for name in names}
    for fill in item.get("by_hand", []):
        if fill["blank"] not in still_open:
            continue
        value = REGISTRY_VALUES[fill["registry"]](ambito) if "registry" in fill else fill.get("value")
        if not value:
            report.lines.append(f"  ! {spec['seed']}: il registro non dà un valore per {fill['blank']}.")
            continue
        services.blank_fill(actor=None, agreement=agreement, blank=fill["blank"], value=value)
        report.counts["spazi compilati a mano"] += 1


def _instance_summary(
    agreement: Agreement, spec: dict[str, Any], item: dict[str, Any], report: Report
) -> None:
    version = services.current_version(agreement)
    parties = list(agreement.parties.select_related("organization"))
    report.lines.append(
        f"{spec['seed']} — {agreement.get_kind_display()}: «{agreement.title}» (ambito: {agreement.ambito}; "
        f"stato: {agreement.get_status_display()}): {len(parties)} parti, {version.premises.count()} premesse, "
        f"{version.articles.count()} articoli."
    )
    if item.get("why"):
        report.lines.append(f"  Ambito scelto: {item['why']}")
    # The act's «TRA» list asks each party's codice fiscale, seat and representative: say what the registry lacks.
    by_order = {party.signing_order: party for party in parties}
    on = timezone.localdate()
    for position, slot in enumerate(spec["slots"], start=1):
        party = by_order.get(position)
        if party is None:
            continue
        missing = [
            str(blanks.FIELD_LABELS[name])
            for name in slot.get("registry_fields", [])
            if not blanks.ORGANIZATION_FIELDS[name](party.organization, on)
        ]
        if missing:
            report.lines.append(
                f"  Dati di {party.organization} chiesti dall'intestazione dell'atto e assenti nel registro: "
                f"{', '.join(missing)}."
            )
    open_blanks = services.unfilled_blanks(agreement)
    if open_blanks:
        report.lines.append(
            "  Spazi ancora da compilare (bloccano l'invio alla firma): "
            + "; ".join(f"{where}: {', '.join(names)}" for where, names in open_blanks.items())
            + "."
        )
    for note in (item.get("notes") or "").splitlines():
        report.lines.append(f"  Nota: {note}")
