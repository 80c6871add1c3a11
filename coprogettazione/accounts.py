"""What a partnership is worth and owes, from its rows: the municipal contribution with its extensions and CCNL
revisions (its budget), the co-financing pledged against the 10% the call asks."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from coprogettazione import rules
from coprogettazione.models import CoFinancing, CoFinancingKind, CostRevision, Extension, Partnership

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
