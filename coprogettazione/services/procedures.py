"""Every write to co-design procedures (keyword-only, atomic, permission first, audited)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from budgets import selectors as budget_selectors
from budgets.models import BudgetLine
from coprogettazione import checks, rules
from coprogettazione.models import Procedure, ProcedureStep, Programme, ProgrammeAction, ProgrammeFunding
from core.audit import delete_audited, lock, save_changes, save_new
from governance.apportionment import checked_amount
from governance.models import Ambito, Organization

PROCEDURE_FIELDS = frozenset(
    {"title", "first_year", "last_year", "themes", "rules_text", "source", "co_programming"}
)
STEP_FIELDS = frozenset(
    {
        "title",
        "when_label",
        "start_date",
        "end_date",
        "act_kind",
        "act_number",
        "act_date",
        "act_body",
        "notes",
    }
)


def _unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Campi sconosciuti: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


@transaction.atomic
def procedure_create(
    *,
    actor: Any,
    promoter: Organization,
    title: str,
    first_year: int,
    last_year: int,
    ambito: Ambito | None = None,
    **fields: Any,
) -> Procedure:
    """A procedure of a comune, or of the ambito (then its capofila is the promoter)."""
    if actor is not None and not rules.may_promote(actor, promoter, ambito):
        raise PermissionDenied(_("Non puoi avviare una procedura per questa amministrazione."))
    rules.check_promoter(promoter, ambito)
    _unknown(fields, PROCEDURE_FIELDS)
    procedure = Procedure(
        promoter=promoter, ambito=ambito, title=title, first_year=first_year, last_year=last_year, **fields
    )
    save_new(procedure, actor=actor)
    return procedure


@transaction.atomic
def procedure_update(*, actor: Any, procedure: Procedure, **changes: Any) -> list[str]:
    rules.require_manage(actor, procedure)
    lock(procedure)
    _unknown(changes, PROCEDURE_FIELDS)
    if {"first_year", "last_year"} & set(changes):
        rules.require_programmes_editable(procedure)
    return save_changes(procedure, actor=actor, changes=changes)


@transaction.atomic
def procedure_transition(*, actor: Any, procedure: Procedure, to: str) -> Procedure:
    rules.require_manage(actor, procedure)
    lock(procedure)
    rules.check_transition(procedure, to)
    changes: dict[str, Any] = {"status": to}
    if to == rules.P.CALL_OPEN:
        if not procedure.programmes.exists():
            raise ValidationError(_("L'avviso si pubblica con almeno un programma."), code="empty")
        # The programmes are settled: the extensions' cap is 25% of their value, from now on.
        years = len(procedure.years)
        value = sum(
            (
                checks.programme_value(programme, years) or Decimal(0)
                for programme in procedure.programmes.all()
            ),
            Decimal(0),
        )
        changes["extension_cap"] = rules.extension_cap(value)
    save_changes(procedure, actor=actor, changes=changes)
    return procedure


@transaction.atomic
def step_save(
    *, actor: Any, procedure: Procedure, step: ProcedureStep | None = None, **fields: Any
) -> ProcedureStep:
    """A step of the path and the act that decided it; the steps keep the order they are given in."""
    rules.require_manage(actor, procedure)
    _unknown(fields, STEP_FIELDS)
    if step is None:
        position = (procedure.steps.aggregate(last=Max("position"))["last"] or 0) + 1
        step = ProcedureStep(procedure=procedure, position=position, **fields)
        save_new(step, actor=actor)
        return step
    if step.procedure_id != procedure.pk:
        raise ValidationError(_("La tappa non appartiene a questa procedura."))
    save_changes(step, actor=actor, changes=fields)
    return step


@transaction.atomic
def step_remove(*, actor: Any, step: ProcedureStep) -> None:
    rules.require_manage(actor, step.procedure)
    delete_audited(step, actor=actor)


def _optional_amount(value: Any, field: str) -> Decimal | None:
    return None if value in (None, "") else checked_amount(value, field)


@transaction.atomic
def programme_save(
    *,
    actor: Any,
    procedure: Procedure,
    code: str,
    title: str,
    annual_contribution: Decimal | None = None,
    period_contribution: Decimal | None = None,
    actions: Sequence[str] = (),
    theme: str = "",
    cup: str = "",
    source: str = "",
    programme: Programme | None = None,
) -> Programme:
    """A programme as the act states it: both figures are kept even when they disagree (checks.py shows it)."""
    rules.require_manage(actor, procedure)
    lock(procedure)
    rules.require_programmes_editable(procedure)
    values = {
        "code": code.strip(),
        "title": title.strip(),
        "theme": theme.strip(),
        "cup": cup.strip().upper(),
        "source": source,
        "annual_contribution": _optional_amount(annual_contribution, "annual_contribution"),
        "period_contribution": _optional_amount(period_contribution, "period_contribution"),
    }
    if programme is None:
        programme = Programme(procedure=procedure, **values)
        save_new(programme, actor=actor)
    else:
        if programme.procedure_id != procedure.pk:
            raise ValidationError(_("Il programma non appartiene a questa procedura."))
        save_changes(programme, actor=actor, changes=values)
    texts = [text.strip() for text in actions if text.strip()]
    stored = list(programme.actions.all())
    if [action.text for action in stored] != texts:
        for action in stored:
            delete_audited(action, actor=actor)
        for position, text in enumerate(texts, start=1):
            save_new(ProgrammeAction(programme=programme, position=position, text=text), actor=actor)
    return programme


@transaction.atomic
def programme_remove(*, actor: Any, programme: Programme) -> None:
    procedure = programme.procedure
    rules.require_manage(actor, procedure)
    lock(procedure)
    rules.require_programmes_editable(procedure)
    delete_audited(programme, actor=actor)


@transaction.atomic
def funding_add(
    *,
    actor: Any,
    programme: Programme,
    funder_organization: Organization | None = None,
    funder_ambito: Ambito | None = None,
    annual_amount: Decimal | None = None,
    period_amount: Decimal | None = None,
    note: str = "",
) -> ProgrammeFunding:
    """Who pays a share of the programme, per year, over the period, or both, as the act says."""
    procedure = programme.procedure
    rules.require_manage(actor, procedure)
    lock(procedure)
    rules.require_programmes_editable(procedure)
    funding = ProgrammeFunding(
        programme=programme,
        funder_organization=funder_organization,
        funder_ambito=funder_ambito,
        annual_amount=_optional_amount(annual_amount, "annual_amount"),
        period_amount=_optional_amount(period_amount, "period_amount"),
        note=note,
    )
    save_new(funding, actor=actor)
    return funding


@transaction.atomic
def funding_budget_link(
    *, actor: Any, funding: ProgrammeFunding, line: BudgetLine | None
) -> ProgrammeFunding:
    """The ambito's office ties its share of a programme to the line of its budget that carries it (None unties it).
    The line is of one of the ambito's budgets whose years meet the procedure's, on its draft or version in force."""
    if funding.funder_ambito_id is None:
        raise ValidationError(
            {"budget_line": _("Solo la quota di un ambito si collega a una voce del suo bilancio.")}
        )
    if not rules.may_link_budget(actor, funding):
        raise PermissionDenied(_("Collega la quota al bilancio chi gestisce il bilancio dell'ambito."))
    lock(funding)
    procedure = funding.programme.procedure
    if line is not None:
        lines = budget_selectors.lines_for_period(
            funding.funder_ambito_id, procedure.first_year, procedure.last_year
        )
        if not lines.filter(pk=line.pk).exists():
            raise ValidationError(
                {
                    "budget_line": _(
                        "La voce deve essere di un bilancio di %(ambito)s, in bozza o in vigore, che copre almeno un "
                        "anno del periodo %(period)s."
                    )
                    % {"ambito": funding.funder_ambito, "period": procedure.period_label}
                }
            )
    save_changes(funding, actor=actor, changes={"budget_line": line})
    return funding


@transaction.atomic
def funding_remove(*, actor: Any, funding: ProgrammeFunding) -> None:
    procedure = funding.programme.procedure
    rules.require_manage(actor, procedure)
    lock(procedure)
    rules.require_programmes_editable(procedure)
    delete_audited(funding, actor=actor)
