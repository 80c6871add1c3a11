"""The annual report: what each line of the version in force actually spent, by source, approved by the
Assemblea dei Sindaci by January of the next year."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets import rules
from budgets.models import Budget, BudgetLine, BudgetReport, FundSource, ReportActual
from budgets.services.base import set_amount
from core.audit import lock, save_changes, save_new
from governance.apportionment import checked_amount


@transaction.atomic
def report_start(*, actor: Any, budget: Budget, year: int, notes: str = "") -> BudgetReport:
    rules.require_manage(actor, budget.ambito)
    lock(budget)
    if year not in budget.years:
        raise ValidationError(
            {"year": _("L'anno %(year)d è fuori dal periodo del bilancio.") % {"year": year}}
        )
    version = rules.in_force(budget)
    if version is None:
        raise ValidationError(_("Il bilancio non ha ancora una versione approvata su cui rendicontare."))
    report = BudgetReport(budget=budget, version=version, year=year, notes=notes)
    save_new(report, actor=actor)
    return report


@transaction.atomic
def report_update(*, actor: Any, report: BudgetReport, notes: str) -> list[str]:
    rules.require_manage(actor, report.budget.ambito)
    lock(report)
    rules.require_report_editable(report)
    return save_changes(report, actor=actor, changes={"notes": notes})


@transaction.atomic
def report_actual_set(
    *, actor: Any, report: BudgetReport, line: BudgetLine, source: str, amount: Decimal
) -> ReportActual | None:
    """What a line actually spent from a source in the report's year; zero clears it."""
    rules.require_manage(actor, report.budget.ambito)
    lock(report)
    rules.require_report_editable(report)
    if line.version_id != report.version_id:
        raise ValidationError(
            {"line": _("La voce non appartiene alla versione a cui si riferisce la relazione.")}
        )
    if source not in FundSource.values:
        raise ValidationError({"source": _("Fonte sconosciuta.")})
    return set_amount(
        ReportActual,
        actor=actor,
        amount=checked_amount(amount, "amount"),
        report=report,
        line=line,
        source=source,
    )


def _approve(actor: Any, report: BudgetReport, reference: str, on: date) -> BudgetReport:
    lock(report)
    rules.require_report_editable(report)
    if not reference.strip():
        raise ValidationError({"reference": _("Indica l'atto che approva la relazione.")})
    save_changes(
        report,
        actor=actor,
        changes={
            "status": rules.report_approved_status(),
            "approval_reference": reference.strip(),
            "approved_on": on,
        },
    )
    return report


@transaction.atomic
def report_record_approval(*, actor: Any, report: BudgetReport, reference: str, on: date) -> BudgetReport:
    """Adopted by the Assemblea dei Sindaci (the assemblies service calls this; the deliberation is the authority)."""
    return _approve(actor, report, reference, on)


@transaction.atomic
def report_approve_outside(*, actor: Any, report: BudgetReport, reference: str, on: date) -> BudgetReport:
    rules.require_manage(actor, report.budget.ambito)
    return _approve(actor, report, reference, on)
