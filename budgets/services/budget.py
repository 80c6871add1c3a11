"""Writes to an ambito's budget: the budget and its first version, the Fondo Unico by source, the lines of the
Piano Operativo and their funding, the F.SOL split among the comuni, approval and variations."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from budgets import checks, rules
from budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    FsolContribution,
    FsolSplit,
    FundSource,
    LineFunding,
    SourceAllocation,
)
from budgets.population import resolve_population_year
from budgets.selectors import ambito_comuni
from budgets.services.base import set_amount
from core.audit import audit_record, delete_audited, lock, save_changes, save_new
from core.models import AuditAction
from governance import apportionment
from governance.apportionment import SplitCriterion, checked_amount
from governance.models import Ambito


@transaction.atomic
def budget_create(
    *, actor: Any, ambito: Ambito, title: str, first_year: int, last_year: int, notes: str = ""
) -> Budget:
    """A budget for a period (one year, or the three of a Piano di Zona), with its first version in draft."""
    rules.require_manage(actor, ambito)
    budget = Budget(ambito=ambito, title=title, first_year=first_year, last_year=last_year, notes=notes)
    save_new(budget, actor=actor)
    save_new(BudgetVersion(budget=budget, number=1), actor=actor)
    return budget


@transaction.atomic
def budget_delete(*, actor: Any, budget: Budget) -> None:
    """Only a budget never approved goes: its one version is still a draft."""
    rules.require_manage(actor, budget.ambito)
    lock(budget)
    versions = list(budget.versions.all())
    if len(versions) != 1 or not rules.is_draft(versions[0]):
        raise ValidationError(_("Un bilancio approvato non si elimina: resta agli atti con le sue versioni."))
    delete_audited(budget, actor=actor)


def _editable(actor: Any, version: BudgetVersion) -> None:
    rules.require_manage(actor, version.budget.ambito)
    lock(version)
    rules.require_editable(version)


def _check_year(version: BudgetVersion, year: int) -> None:
    if year not in version.budget.years:
        raise ValidationError(
            {
                "year": _("L'anno %(year)d è fuori dal periodo del bilancio (%(period)s).")
                % {"year": year, "period": version.budget.period_label}
            }
        )


@transaction.atomic
def allocation_set(
    *,
    actor: Any,
    version: BudgetVersion,
    year: int,
    source: str,
    amount: Decimal,
    description: str = "",
) -> SourceAllocation | None:
    """What a source brings in a year; zero removes it."""
    _editable(actor, version)
    _check_year(version, year)
    if source not in FundSource.values:
        raise ValidationError({"source": _("Fonte sconosciuta.")})
    return set_amount(
        SourceAllocation,
        actor=actor,
        amount=checked_amount(amount, "amount"),
        version=version,
        year=year,
        source=source,
        description=description,
    )


@transaction.atomic
def line_save(
    *,
    actor: Any,
    version: BudgetVersion,
    area: str,
    action: str,
    fundings: Mapping[tuple[int, str], Decimal],
    notes: str = "",
    line: BudgetLine | None = None,
) -> BudgetLine:
    """A line of the Piano Operativo and what each source gives it in each year (zero: nothing)."""
    _editable(actor, version)
    cleaned: dict[tuple[int, str], Decimal] = {}
    for (year, source), amount in fundings.items():
        _check_year(version, year)
        if source not in FundSource.values:
            raise ValidationError({"fundings": _("Fonte sconosciuta.")})
        value = checked_amount(amount, "fundings")
        if value:
            cleaned[(year, source)] = value
    if line is None:
        position = (version.lines.aggregate(last=Max("position"))["last"] or 0) + 1
        line = BudgetLine(version=version, position=position, area=area, action=action, notes=notes)
        save_new(line, actor=actor)
    else:
        if line.version_id != version.pk:
            raise ValidationError(_("La voce non appartiene a questa versione."))
        save_changes(line, actor=actor, changes={"area": area, "action": action, "notes": notes})
    stored = {(funding.year, funding.source): funding for funding in line.fundings.all()}
    for key, funding in stored.items():
        if key not in cleaned:
            delete_audited(funding, actor=actor)
        elif funding.amount != cleaned[key]:
            save_changes(funding, actor=actor, changes={"amount": cleaned[key]})
    for (year, source), amount in cleaned.items():
        if (year, source) not in stored:
            save_new(LineFunding(line=line, year=year, source=source, amount=amount), actor=actor)
    return line


@transaction.atomic
def line_remove(*, actor: Any, line: BudgetLine) -> None:
    _editable(actor, line.version)
    for funding in line.fundings.all():
        delete_audited(funding, actor=actor)
    delete_audited(line, actor=actor)


@transaction.atomic
def fsol_split_set(
    *,
    actor: Any,
    version: BudgetVersion,
    year: int,
    criterion: str,
    population_year: int | None = None,
    population_year_note: str = "",
    weights: Mapping[int, Decimal] | None = None,
    amounts: Mapping[int, Decimal] | None = None,
) -> FsolSplit:
    """Share the year's F.SOL among the ambito's comuni by the Assemblea's criterion, to the cent; a split made
    before for that year is replaced."""
    _editable(actor, version)
    _check_year(version, year)
    total = SourceAllocation.objects.filter(version=version, year=year, source=FundSource.FSOL).aggregate(
        total=Sum("amount")
    )["total"]
    if not total:
        raise ValidationError(
            _("Nel %(year)d non c'è uno stanziamento F.SOL da ripartire: inseriscilo tra le fonti.")
            % {"year": year}
        )
    bodies = ambito_comuni(version.budget.ambito_id, year)
    if criterion == SplitCriterion.POPULATION:
        population_year = resolve_population_year(bodies, year, population_year, population_year_note)
    else:
        population_year, population_year_note = None, ""
    body_amounts, used_weights = apportionment.apportion(
        total,
        criterion,
        bodies,
        population_year=population_year,
        weights=[Decimal(weights.get(body.pk, 0)) for body in bodies] if weights is not None else None,
        fixed_amounts=[checked_amount(amounts.get(body.pk, 0), "amounts") for body in bodies]
        if amounts is not None
        else None,
    )
    previous = FsolSplit.objects.filter(version=version, year=year).first()
    if previous is not None:
        for contribution in previous.contributions.all():
            delete_audited(contribution, actor=actor)
        delete_audited(previous, actor=actor)
    split = FsolSplit(
        version=version,
        year=year,
        criterion=criterion,
        population_year=population_year,
        population_year_note=population_year_note.strip(),
    )
    save_new(split, actor=actor)
    rows = FsolContribution.objects.bulk_create(
        [
            FsolContribution(split=split, organization=body, weight=weight, amount=amount)
            for body, weight, amount in zip(bodies, used_weights, body_amounts, strict=True)
        ]
    )
    for row in rows:
        audit_record(actor=actor, instance=row, action=AuditAction.CREATE)
    return split


def _approve(actor: Any, version: BudgetVersion, reference: str, on: date) -> BudgetVersion:
    lock(version.budget)
    version.refresh_from_db()
    rules.check_transition(version, rules.approved_status())
    if not reference.strip():
        raise ValidationError({"reference": _("Indica l'atto che approva il bilancio.")})
    mismatches = checks.version_checks(version)
    if mismatches:
        raise ValidationError(
            [_("I totali non tornano:")] + [mismatch.message for mismatch in mismatches], code="mismatch"
        )
    if not version.allocations.exists():
        raise ValidationError(_("La versione non ha stanziamenti: non c'è nulla da approvare."), code="empty")
    previous = rules.in_force(version.budget)
    if previous is not None:
        save_changes(previous, actor=actor, changes={"status": rules.superseded_status()})
    save_changes(
        version,
        actor=actor,
        changes={
            "status": rules.approved_status(),
            "approval_reference": reference.strip(),
            "approved_on": on,
        },
    )
    return version


@transaction.atomic
def version_record_approval(*, actor: Any, version: BudgetVersion, reference: str, on: date) -> BudgetVersion:
    """The Assemblea dei Sindaci adopted a deliberation approving the version (the assemblies service calls this
    at the vote's close): the deliberation is the authority, so the actor need not manage the budget; the totals
    must still add up, and the version in force before it is superseded."""
    return _approve(actor, version, reference, on)


@transaction.atomic
def version_approve_outside(*, actor: Any, version: BudgetVersion, reference: str, on: date) -> BudgetVersion:
    """The Ufficio di Piano records an approval the Assemblea gave outside the app, with its act."""
    rules.require_manage(actor, version.budget.ambito)
    return _approve(actor, version, reference, on)


@transaction.atomic
def variation_start(*, actor: Any, budget: Budget, reason: str) -> BudgetVersion:
    """A variation during the period: a copy of the version in force, to edit and approve in its turn."""
    rules.require_manage(actor, budget.ambito)
    lock(budget)
    if not reason.strip():
        raise ValidationError({"reason": _("Indica il motivo della variazione.")})
    versions = list(budget.versions.all())
    if not rules.may_start_variation(versions):
        raise ValidationError(
            _("Una variazione parte dalla versione in vigore, e se ne prepara una alla volta."), code="status"
        )
    source = next(version for version in versions if rules.is_in_force(version))
    draft = BudgetVersion(budget=budget, number=max(v.number for v in versions) + 1, reason=reason.strip())
    save_new(draft, actor=actor)
    SourceAllocation.objects.bulk_create(
        [
            SourceAllocation(
                version=draft,
                year=row.year,
                source=row.source,
                description=row.description,
                amount=row.amount,
            )
            for row in source.allocations.all()
        ]
    )
    lines = list(source.lines.prefetch_related("fundings"))
    copies = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                version=draft, position=line.position, area=line.area, action=line.action, notes=line.notes
            )
            for line in lines
        ]
    )
    LineFunding.objects.bulk_create(
        [
            LineFunding(line=copy, year=funding.year, source=funding.source, amount=funding.amount)
            for line, copy in zip(lines, copies, strict=True)
            for funding in line.fundings.all()
        ]
    )
    for split in source.fsol_splits.prefetch_related("contributions"):
        new_split = FsolSplit.objects.create(
            version=draft,
            year=split.year,
            criterion=split.criterion,
            population_year=split.population_year,
            population_year_note=split.population_year_note,
        )
        FsolContribution.objects.bulk_create(
            [
                FsolContribution(
                    split=new_split, organization_id=row.organization_id, weight=row.weight, amount=row.amount
                )
                for row in split.contributions.all()
            ]
        )
    return draft


@transaction.atomic
def variation_discard(*, actor: Any, version: BudgetVersion) -> None:
    """A draft variation abandoned; the version in force stays."""
    rules.require_manage(actor, version.budget.ambito)
    lock(version)
    if not rules.is_draft(version) or version.number == 1:
        raise ValidationError(_("Si scarta solo una variazione in bozza."), code="status")
    delete_audited(version, actor=actor)
