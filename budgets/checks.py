"""Every total of a budget version checked against its parts: what each source brings in a year against what the
lines take from it, and the year's F.SOL against the comuni's contributions. A mismatch is shown, and a version with
one is not approved."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from budgets.models import (
    BudgetVersion,
    FsolContribution,
    FsolSplit,
    FundSource,
    LineFunding,
    SourceAllocation,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Mismatch:
    year: int
    source: str
    message: str
    expected: Decimal
    found: Decimal


def _sums(queryset: object) -> dict[tuple[int, str], Decimal]:
    return {(row["year"], row["source"]): row["total"] for row in queryset}  # type: ignore[attr-defined]


def allocated(version: BudgetVersion) -> dict[tuple[int, str], Decimal]:
    return _sums(
        SourceAllocation.objects.filter(version=version)
        .values("year", "source")
        .annotate(total=Sum("amount"))
    )


def assigned(version: BudgetVersion) -> dict[tuple[int, str], Decimal]:
    return _sums(
        LineFunding.objects.filter(line__version=version)
        .values("year", "source")
        .annotate(total=Sum("amount"))
    )


def contributed(version: BudgetVersion) -> dict[int, Decimal]:
    rows = (
        FsolContribution.objects.filter(split__version=version)
        .values("split__year")
        .annotate(total=Sum("amount"))
    )
    return {row["split__year"]: row["total"] for row in rows}


def version_checks(version: BudgetVersion) -> list[Mismatch]:
    by_source = allocated(version)
    by_lines = assigned(version)
    found: list[Mismatch] = []
    for year, source in sorted(set(by_source) | set(by_lines)):
        expected = by_source.get((year, source), ZERO)
        taken = by_lines.get((year, source), ZERO)
        if expected != taken:
            found.append(
                Mismatch(
                    year,
                    source,
                    _("%(year)d, %(source)s: stanziati %(expected)s EUR, assegnati alle voci %(found)s EUR.")
                    % {
                        "year": year,
                        "source": FundSource(source).label,
                        "expected": expected,
                        "found": taken,
                    },
                    expected,
                    taken,
                )
            )
    split_years = set(FsolSplit.objects.filter(version=version).values_list("year", flat=True))
    shares = contributed(version)
    for year in sorted({year for year, source in by_source if source == FundSource.FSOL} | split_years):
        expected = by_source.get((year, FundSource.FSOL), ZERO)
        paid_in = shares.get(year, ZERO)
        if year not in split_years and expected:
            found.append(
                Mismatch(
                    year,
                    FundSource.FSOL,
                    _("%(year)d: il F.SOL di %(expected)s EUR non è ancora ripartito tra i comuni.")
                    % {"year": year, "expected": expected},
                    expected,
                    ZERO,
                )
            )
        elif expected != paid_in:
            found.append(
                Mismatch(
                    year,
                    FundSource.FSOL,
                    _("%(year)d: F.SOL stanziato %(expected)s EUR, quote dei comuni %(found)s EUR.")
                    % {"year": year, "expected": expected, "found": paid_in},
                    expected,
                    paid_in,
                )
            )
    return found
