"""Every write to budgets and quotas (keyword-only, atomic, permission first, audited)."""

from budgets.services.budget import (
    allocation_set,
    budget_create,
    budget_delete,
    fsol_split_set,
    line_remove,
    line_save,
    variation_discard,
    variation_start,
    version_approve_outside,
    version_record_approval,
)
from budgets.services.quotas import (
    quota_create,
    quota_decide_outside,
    quota_delete,
    quota_payment_record,
    quota_record_decision,
    quota_update,
)
from budgets.services.reports import (
    report_actual_set,
    report_approve_outside,
    report_record_approval,
    report_start,
    report_update,
)

__all__ = [
    "allocation_set",
    "budget_create",
    "budget_delete",
    "fsol_split_set",
    "line_remove",
    "line_save",
    "quota_create",
    "quota_decide_outside",
    "quota_delete",
    "quota_payment_record",
    "quota_record_decision",
    "quota_update",
    "report_actual_set",
    "report_approve_outside",
    "report_record_approval",
    "report_start",
    "report_update",
    "variation_discard",
    "variation_start",
    "version_approve_outside",
    "version_record_approval",
]
