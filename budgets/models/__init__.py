from budgets.models.budget import (
    Budget,
    BudgetLine,
    BudgetReport,
    BudgetVersion,
    FsolContribution,
    FsolSplit,
    LineFunding,
    ReportActual,
    SourceAllocation,
)
from budgets.models.choices import FundSource, QuotaStatus, ReportStatus, VersionStatus
from budgets.models.quotas import QuotaPayment, QuotaShare, SubAmbitoQuota

__all__ = [
    "Budget",
    "BudgetLine",
    "BudgetReport",
    "BudgetVersion",
    "FsolContribution",
    "FsolSplit",
    "FundSource",
    "LineFunding",
    "QuotaPayment",
    "QuotaShare",
    "QuotaStatus",
    "ReportActual",
    "ReportStatus",
    "SourceAllocation",
    "SubAmbitoQuota",
    "VersionStatus",
]
