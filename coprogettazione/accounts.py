"""What a partnership is worth and owes, from its rows: the municipal contribution with its extensions and CCNL
revisions (its budget), the co-financing pledged against the 10% the call asks, and its account: reported,
approved, reduced, paid, returned, to pay, to return. Exact decimals throughout."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from coprogettazione import rules
from coprogettazione.models import (
    CoFinancing,
    CoFinancingKind,
    CostRevision,
    ExpenseLine,
    ExpenseReport,
    Extension,
    Liquidation,
    Partnership,
    Repayment,
    ReportedCoFinancing,
)

ZERO = Decimal("0.00")


def _sum(queryset: object) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or ZERO  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PartnershipBudget:
    contribution: Decimal
    extensions: Decimal
    revisions: Decimal
    co_financing_money: Decimal
    co_financing_in_kind: Decimal

    @property
    def total(self) -> Decimal:
        """What the administration may reimburse over the convention: never paid beyond it."""
        return self.contribution + self.extensions + self.revisions

    @property
    def co_financing(self) -> Decimal:
        return self.co_financing_money + self.co_financing_in_kind

    @property
    def co_financing_required(self) -> Decimal:
        return rules.co_financing_required(self.total)

    @property
    def co_financing_met(self) -> bool:
        return self.co_financing >= self.co_financing_required


def partnership_budget(partnership: Partnership) -> PartnershipBudget:
    pledged = CoFinancing.objects.filter(partnership=partnership)
    return PartnershipBudget(
        contribution=partnership.municipal_contribution,
        extensions=_sum(Extension.objects.filter(partnership=partnership)),
        revisions=_sum(CostRevision.objects.filter(partnership=partnership)),
        co_financing_money=_sum(pledged.filter(kind=CoFinancingKind.MONEY)),
        co_financing_in_kind=_sum(pledged.filter(kind=CoFinancingKind.IN_KIND)),
    )


@dataclass(frozen=True)
class PartnershipAccount:
    """Where a partnership's money stands: its budget, what the partner reported, what the review approved (and
    reduced), what was paid and returned, what is still to pay and what is to be returned."""

    budget: PartnershipBudget
    reported: Decimal
    reviewed_claims: Decimal
    approved: Decimal
    paid: Decimal
    returned: Decimal
    co_financing_reported: Decimal

    @property
    def reduced(self) -> Decimal:
        return self.reviewed_claims - self.approved

    @property
    def net_paid(self) -> Decimal:
        return self.paid - self.returned

    @property
    def to_pay(self) -> Decimal:
        return max(self.approved - self.net_paid, ZERO)

    @property
    def to_return(self) -> Decimal:
        """Received beyond the approved expenses (an advance the reductions did not cover): to be returned."""
        return max(self.net_paid - self.approved, ZERO)

    @property
    def remaining(self) -> Decimal:
        """Of the budget, what is not yet approved."""
        return self.budget.total - self.approved


def partnership_account(partnership: Partnership) -> PartnershipAccount:
    lines = ExpenseLine.objects.filter(report__partnership=partnership)
    reviewed = lines.filter(report__status__in=rules.reviewed_statuses())
    return PartnershipAccount(
        budget=partnership_budget(partnership),
        reported=_sum(lines),
        reviewed_claims=_sum(reviewed),
        approved=reviewed.aggregate(total=Sum("approved_amount"))["total"] or ZERO,
        paid=_sum(Liquidation.objects.filter(partnership=partnership)),
        returned=_sum(Repayment.objects.filter(partnership=partnership)),
        co_financing_reported=_sum(ReportedCoFinancing.objects.filter(report__partnership=partnership)),
    )


def report_totals(report: ExpenseReport) -> tuple[Decimal, Decimal, Decimal]:
    """(claimed, approved, paid) of one report."""
    lines = ExpenseLine.objects.filter(report=report)
    return (
        _sum(lines),
        lines.aggregate(total=Sum("approved_amount"))["total"] or ZERO,
        _sum(Liquidation.objects.filter(report=report)),
    )
