"""The one place that says who may read and change an ambito's budget and a sub-ambito's quota, and what each
state allows. Services enforce it; views, the API and templates only ask. No other module spells a status out.

Reading follows the registry: an ambito's budget is visible to whoever sees the ambito (its offices, its member
comuni), a quota to whoever sees the sub-ambito. Changing is the Ufficio di Piano's: it holds the change permission
on the ambito (and so on its sub-ambiti). Approving is the assemblies': the Assemblea dei Sindaci adopts the
budget and the report, the sub-ambito's assembly its quota, and the adoption calls the services here.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from budgets.models import (
    Budget,
    BudgetReport,
    BudgetVersion,
    QuotaStatus,
    ReportStatus,
    SubAmbitoQuota,
    VersionStatus,
)
from governance import permissions
from governance.models import Ambito
from subambiti.models import SubAmbito

V = VersionStatus

# A version is drafted, approved (in force), then superseded by the next approved variation.
TRANSITIONS: dict[str, frozenset[str]] = {
    V.DRAFT: frozenset({V.APPROVED}),
    V.APPROVED: frozenset({V.SUPERSEDED}),
    V.SUPERSEDED: frozenset(),
}


# --- deadlines (Accordo di Programma 2012, art. 13) --------------------------------------------------


def plan_due(year: int) -> date:
    """The Piano Operativo of `year`, with its budget, is approved by the end of March of that year."""
    return date(year, 3, 31)


def report_due(year: int) -> date:
    """The report on `year` is approved by the end of January of the next year."""
    return date(year + 1, 1, 31)


# --- who ---------------------------------------------------------------------------------------------


def visible_budgets(user: Any) -> QuerySet[Budget]:
    return Budget.objects.filter(ambito__in=permissions.filter_visible(user, Ambito.objects.all()))


def may_manage(user: Any, ambito: Ambito) -> bool:
    """The ambito's Ufficio di Piano (and an administrator) drafts budgets, variations and reports."""
    return permissions.has_object_permission(user, ambito, permissions.CHANGE)


def require_manage(user: Any, ambito: Ambito) -> None:
    if user is not None and not may_manage(user, ambito):
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito modifica il suo bilancio."))


def visible_quotas(user: Any) -> QuerySet[SubAmbitoQuota]:
    return SubAmbitoQuota.objects.filter(
        subambito__in=permissions.filter_visible(user, SubAmbito.objects.all())
    )


def may_manage_quotas(user: Any, subambito: SubAmbito) -> bool:
    return permissions.has_object_permission(user, subambito, permissions.CHANGE)


def require_manage_quotas(user: Any, subambito: SubAmbito) -> None:
    if user is not None and not may_manage_quotas(user, subambito):
        raise PermissionDenied(_("Solo l'Ufficio di Piano dell'ambito prepara le quote dei sub-ambiti."))


# --- what each state allows --------------------------------------------------------------------------


def version_editable(version: BudgetVersion) -> bool:
    return version.status == V.DRAFT


def require_editable(version: BudgetVersion) -> None:
    if not version_editable(version):
        raise ValidationError(
            _("La versione %(number)d è «%(status)s»: per cambiarla si apre una variazione.")
            % {"number": version.number, "status": version.get_status_display()},
            code="status",
        )


def check_transition(version: BudgetVersion, target: str) -> None:
    if target not in TRANSITIONS[version.status]:
        raise ValidationError(
            _("Una versione «%(status)s» non passa a «%(target)s».")
            % {"status": version.get_status_display(), "target": VersionStatus(target).label},
            code="status",
        )


def is_in_force(version: BudgetVersion) -> bool:
    return version.status == V.APPROVED


def is_draft(version: BudgetVersion) -> bool:
    return version.status == V.DRAFT


def live_statuses() -> list[str]:
    """The versions others may refer to: the draft being built and the one in force."""
    return [V.DRAFT, V.APPROVED]


def approved_status() -> str:
    return V.APPROVED


def superseded_status() -> str:
    return V.SUPERSEDED


def in_force(budget: Budget) -> BudgetVersion | None:
    return budget.versions.filter(status=V.APPROVED).first()


def draft_of(budget: Budget) -> BudgetVersion | None:
    return budget.versions.filter(status=V.DRAFT).first()


def may_start_variation(versions: list[BudgetVersion]) -> bool:
    """A variation starts from the version in force, and only one is drafted at a time."""
    statuses = {version.status for version in versions}
    return V.APPROVED in statuses and V.DRAFT not in statuses


def approved_on_time(version: BudgetVersion) -> bool | None:
    """Was the budget's first version approved by the end of March of its first year? (None: not approved.)"""
    if version.approved_on is None:
        return None
    return version.approved_on <= plan_due(version.budget.first_year)


def draft_versions() -> QuerySet[BudgetVersion]:
    return BudgetVersion.objects.filter(status=V.DRAFT)


def report_editable(report: BudgetReport) -> bool:
    return report.status == ReportStatus.DRAFT


def require_report_editable(report: BudgetReport) -> None:
    if not report_editable(report):
        raise ValidationError(_("La relazione è già approvata: non si modifica più."), code="status")


def draft_reports() -> QuerySet[BudgetReport]:
    return BudgetReport.objects.filter(status=ReportStatus.DRAFT)


def report_approved_status() -> str:
    return ReportStatus.APPROVED


def quota_editable(quota: SubAmbitoQuota) -> bool:
    return quota.status == QuotaStatus.DRAFT


def require_quota_editable(quota: SubAmbitoQuota) -> None:
    if not quota_editable(quota):
        raise ValidationError(
            _("La quota è già deliberata: la modifica una nuova deliberazione dell'assemblea."), code="status"
        )


def quota_decided(quota: SubAmbitoQuota) -> bool:
    return quota.status == QuotaStatus.DECIDED


def quota_decided_status() -> str:
    return QuotaStatus.DECIDED


def draft_quotas() -> QuerySet[SubAmbitoQuota]:
    return SubAmbitoQuota.objects.filter(status=QuotaStatus.DRAFT)


def quota_payable(quota: SubAmbitoQuota) -> bool:
    """What a comune owes exists once the assembly decided it."""
    return quota.status == QuotaStatus.DECIDED
