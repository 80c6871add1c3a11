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

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agreements import rules, services
from agreements.calendar import validity_mismatch
from agreements.loaders.base import SEED_AGREEMENTS, SEED_TEMPLATES, Registry, Report, _day
from agreements.loaders.templates import _load_templates
from agreements.models import (
    Agreement,
    AgreementStatus,
    MoneyClause,
    Party,
)
from agreements.partial_dates import parse_partial_date
from governance import permissions


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
    old = seed_agreement(seed)
    if old is None or old.status not in services.RENEWABLE:
        return None
    pending = old.renewals.filter(status=AgreementStatus.DRAFT).first()
    return pending or services.agreement_renew(actor=None, old=old)


def seed_agreement(seed: str) -> Agreement | None:
    """The agreement loaded from a seed act (by the title the seed file gives it), if loaded."""
    return Agreement.objects.filter(title=_seed_titles().get(seed, "")).order_by("pk").first()


def _seed_titles() -> dict[str, str]:
    data = yaml.safe_load(SEED_AGREEMENTS.read_text(encoding="utf-8"))
    return {spec["seed"]: spec["title"] for spec in data["agreements"]}


# --- seed 003: a template with named blanks, instantiated for one ambito ---------------------------------------
