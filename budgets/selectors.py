"""Reads of budgets and quotas, already filtered by what the user may see; each page's queries do not grow with
its rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from budgets import checks, rules
from budgets.models import (
    Budget,
    BudgetLine,
    BudgetReport,
    BudgetVersion,
    FsolContribution,
    FsolSplit,
    FundSource,
    QuotaPayment,
    QuotaShare,
    ReportActual,
    SourceAllocation,
    SubAmbitoQuota,
)
from core.exports import Table
from governance import permissions
from governance.models import AmbitoMembership, Organization, OrganizationKind
from subambiti.models import SubAmbito, SubAmbitoMembership

ZERO = Decimal("0.00")
Cell = tuple[int, str]


def budget_list(*, user: Any, search: str = "", ambito: int | None = None) -> QuerySet[Budget]:
    queryset = rules.visible_budgets(user).select_related("ambito").annotate(version_count=Count("versions"))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(ambito__name__icontains=search))
    if ambito:
        queryset = queryset.filter(ambito_id=ambito)
    return queryset.order_by("ambito__name", "-first_year", "pk")


def budget_detail(*, user: Any, pk: int) -> Budget:
    queryset = (
        rules.visible_budgets(user)
        .select_related("ambito__capofila")
        .prefetch_related(
            Prefetch("versions", queryset=BudgetVersion.objects.order_by("-number")),
            Prefetch("reports", queryset=BudgetReport.objects.order_by("year")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def version_of(budget: Budget, number: int) -> BudgetVersion:
    for version in budget.versions.all():
        if version.number == number:
            version.budget = budget
            return version
    raise BudgetVersion.DoesNotExist


def shown_version(budget: Budget, *, manager: bool) -> BudgetVersion | None:
    """The version a budget's page opens on: the draft for its office, else the one in force (else the latest)."""
    versions = list(budget.versions.all())
    for version in versions:
        if manager and rules.is_draft(version):
            return version
    for version in versions:
        if rules.is_in_force(version):
            return version
    return versions[0] if versions else None


@dataclass
class LineRow:
    line: BudgetLine
    cells: dict[Cell, Decimal]
    by_year: dict[int, Decimal]
    total: Decimal


@dataclass
class VersionSheet:
    """A version as the tables show it: the Fondo Unico by source and year, the lines and what funds them, the
    F.SOL split, and what does not add up."""

    version: BudgetVersion
    years: list[int]
    sources: list[str]
    allocations: list[SourceAllocation]
    allocated: dict[Cell, Decimal]
    allocated_by_year: dict[int, Decimal]
    total: Decimal
    lines: list[LineRow]
    splits: list[FsolSplit]
    mismatches: list[checks.Mismatch] = field(default_factory=list)

    def source_label(self, source: str) -> str:
        return str(FundSource(source).label)

    def tables(self) -> list[Table]:
        fund = Table(
            "fonti",
            _("Fondo Unico per fonte"),
            [_("Fonte"), *[str(year) for year in self.years], _("Totale")],
        )
        for source in self.sources:
            by_year = [self.allocated.get((year, source), ZERO) for year in self.years]
            fund.rows.append([self.source_label(source), *by_year, sum(by_year, ZERO)])
        fund.rows.append(
            [_("Totale"), *[self.allocated_by_year.get(y, ZERO) for y in self.years], self.total]
        )
        lines = Table(
            "voci",
            _("Voci del Piano Operativo"),
            [_("N."), _("Area"), _("Azione"), _("Anno"), _("Fonte"), _("Importo (EUR)")],
        )
        for row in self.lines:
            for (year, source), amount in sorted(row.cells.items()):
                lines.rows.append(
                    [
                        row.line.position,
                        row.line.area,
                        row.line.action,
                        year,
                        self.source_label(source),
                        amount,
                    ]
                )
        fsol = Table(
            "fsol",
            _("Riparto del F.SOL"),
            [_("Anno"), _("Comune"), _("Criterio"), _("Peso"), _("Quota (EUR)")],
        )
        for split in self.splits:
            for contribution in split.contributions.all():
                fsol.rows.append(
                    [
                        split.year,
                        contribution.organization.name,
                        split.get_criterion_display(),
                        contribution.weight,
                        contribution.amount,
                    ]
                )
        return [fund, lines, fsol]


def version_sheet(version: BudgetVersion) -> VersionSheet:
    budget = version.budget
    allocations = list(version.allocations.all())
    allocated: dict[Cell, Decimal] = defaultdict(lambda: ZERO)
    for allocation in allocations:
        allocated[(allocation.year, allocation.source)] += allocation.amount
    lines = []
    for line in version.lines.prefetch_related("fundings").order_by("position"):
        cells = {(funding.year, funding.source): funding.amount for funding in line.fundings.all()}
        by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for (year, _source), amount in cells.items():
            by_year[year] += amount
        lines.append(LineRow(line, cells, dict(by_year), sum(cells.values(), ZERO)))
    used = {source for _year, source in allocated} | {s for row in lines for _y, s in row.cells}
    splits = list(
        version.fsol_splits.prefetch_related(
            Prefetch("contributions", queryset=FsolContribution.objects.select_related("organization"))
        ).order_by("year")
    )
    totals_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (year, _source), amount in allocated.items():
        totals_by_year[year] += amount
    return VersionSheet(
        version=version,
        years=budget.years,
        sources=[source for source in FundSource.values if source in used],
        allocations=allocations,
        allocated=dict(allocated),
        allocated_by_year=dict(totals_by_year),
        total=sum(allocated.values(), ZERO),
        lines=lines,
        splits=splits,
        mismatches=checks.version_checks(version),
    )


# --- the annual report -----------------------------------------------------------------------------------


# --- lines that others tie to (a co-design share carried by the ambito's budget) -------------------------------


def lines_for_period(ambito_id: int, first_year: int, last_year: int) -> QuerySet[BudgetLine]:
    """The lines of the ambito's budgets whose years meet the period, on the version in force or the draft."""
    return (
        BudgetLine.objects.filter(
            version__budget__ambito_id=ambito_id,
            version__status__in=rules.live_statuses(),
            version__budget__first_year__lte=last_year,
            version__budget__last_year__gte=first_year,
        )
        .select_related("version__budget")
        .order_by("version__budget__first_year", "version__budget__title", "version__number", "position")
    )


@dataclass(frozen=True)
class LineFigure:
    """What a budget sets on a line over the years of a period it covers."""

    line: BudgetLine  # read on the version in force when the line tied to was in a version since replaced
    first_year: int
    last_year: int
    amount: Decimal
    covers_period: bool


def line_figures(lines: list[BudgetLine], first_year: int, last_year: int) -> dict[int, LineFigure | None]:
    """For each line (by pk; its version and budget loaded): the amount its budget sets on it in the years of
    [first_year, last_year] the budget covers. A line of a replaced version is followed to the version in force by
    its area and action; None when that version no longer has it. One query for all the lines."""
    if not lines:
        return {}
    in_years = Q(fundings__year__gte=first_year, fundings__year__lte=last_year)
    live = (
        BudgetLine.objects.filter(
            version__budget_id__in={line.version.budget_id for line in lines},
            version__status__in=rules.live_statuses(),
        )
        .select_related("version__budget")
        .annotate(amount=Sum("fundings__amount", filter=in_years))
    )
    by_pk = {line.pk: line for line in live}
    in_force = {
        (line.version.budget_id, line.area, line.action): line
        for line in live
        if rules.is_in_force(line.version)
    }
    figures: dict[int, LineFigure | None] = {}
    for linked in lines:
        line = by_pk.get(linked.pk) or in_force.get((linked.version.budget_id, linked.area, linked.action))
        if line is None:
            figures[linked.pk] = None
            continue
        budget = line.version.budget
        figures[linked.pk] = LineFigure(
            line=line,
            first_year=max(first_year, budget.first_year),
            last_year=min(last_year, budget.last_year),
            amount=getattr(line, "amount", None) or ZERO,
            covers_period=budget.first_year <= first_year and budget.last_year >= last_year,
        )
    return figures


def report_detail(*, user: Any, budget_pk: int, year: int) -> BudgetReport:
    queryset = BudgetReport.objects.filter(budget__in=rules.visible_budgets(user)).select_related(
        "budget__ambito", "version"
    )
    return get_object_or_404(queryset, budget_id=budget_pk, year=year)


@dataclass
class ReportRow:
    line: BudgetLine
    planned: dict[str, Decimal]
    actual: dict[str, Decimal]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum(self.actual.values(), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.actual_total - self.planned_total


def report_rows(report: BudgetReport) -> tuple[list[ReportRow], list[str]]:
    """Each line of the version the report refers to: planned (that year) and actual, by source."""
    actuals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for actual in ReportActual.objects.filter(report=report):
        actuals[actual.line_id][actual.source] = actual.amount
    rows = []
    used: set[str] = set()
    for line in report.version.lines.prefetch_related("fundings").order_by("position"):
        planned = {f.source: f.amount for f in line.fundings.all() if f.year == report.year}
        used |= set(planned) | set(actuals[line.pk])
        rows.append(ReportRow(line, planned, actuals[line.pk]))
    return rows, [source for source in FundSource.values if source in used]


def report_table(report: BudgetReport, rows: list[ReportRow]) -> Table:
    table = Table(
        "relazione",
        _("Relazione %(year)d") % {"year": report.year},
        [_("N."), _("Area"), _("Azione"), _("Previsto (EUR)"), _("Speso (EUR)"), _("Differenza (EUR)")],
    )
    for row in rows:
        table.rows.append(
            [
                row.line.position,
                row.line.area,
                row.line.action,
                row.planned_total,
                row.actual_total,
                row.difference,
            ]
        )
    return table


# --- sub-ambito quotas -------------------------------------------------------------------------------


def quota_list(
    *, user: Any, search: str = "", subambito: int | None = None, year: int | None = None
) -> QuerySet[SubAmbitoQuota]:
    queryset = (
        rules.visible_quotas(user)
        .select_related("subambito__ambito")
        .annotate(paid=Sum("shares__payments__amount"))
    )
    if search:
        queryset = queryset.filter(Q(subambito__name__icontains=search) | Q(description__icontains=search))
    if subambito:
        queryset = queryset.filter(subambito_id=subambito)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.order_by("subambito__ambito__name", "subambito__number", "-year")


def quota_detail(*, user: Any, pk: int) -> SubAmbitoQuota:
    shares = QuotaShare.objects.select_related("organization").annotate(paid=Sum("payments__amount"))
    queryset = (
        rules.visible_quotas(user)
        .select_related("subambito__ambito")
        .prefetch_related(Prefetch("shares", queryset=shares))
    )
    return get_object_or_404(queryset, pk=pk)


def quota_payments(quota: SubAmbitoQuota) -> list[QuotaPayment]:
    return list(
        QuotaPayment.objects.filter(share__quota=quota)
        .select_related("share__organization", "recorded_by")
        .order_by("paid_on", "pk")
    )


def quota_table(quota: SubAmbitoQuota) -> Table:
    table = Table(
        "quote",
        _("Quote %(year)d") % {"year": quota.year},
        [_("Comune"), _("Peso"), _("Quota (EUR)"), _("Pagato (EUR)"), _("Da pagare (EUR)")],
    )
    for share in quota.shares.all():
        paid = getattr(share, "paid", None) or ZERO
        table.rows.append([share.organization.name, share.weight, share.amount, paid, share.amount - paid])
    return table


# --- the comuni a split is among (the services share them too) ----------------------------------------


def ambito_comuni(ambito_id: int, year: int) -> list[Organization]:
    """The comuni members of the ambito on 1 January of `year`, by name."""
    memberships = permissions.current(
        AmbitoMembership.objects.filter(ambito_id=ambito_id, organization__kind=OrganizationKind.COMUNE),
        date(year, 1, 1),
    )
    bodies = list(
        Organization.objects.filter(pk__in=memberships.values("organization_id")).order_by("name", "pk")
    )
    if not bodies:
        raise ValidationError(_("L'ambito non ha comuni aderenti al 1° gennaio %(year)d.") % {"year": year})
    return bodies


def subambito_comuni(subambito: SubAmbito, year: int) -> list[Organization]:
    memberships = permissions.current(
        SubAmbitoMembership.objects.filter(subambito=subambito), date(year, 1, 1)
    )
    bodies = list(
        Organization.objects.filter(pk__in=memberships.values("organization_id")).order_by("name", "pk")
    )
    if not bodies:
        raise ValidationError(
            _("Il sub-ambito non ha comuni aderenti al 1° gennaio %(year)d.") % {"year": year}
        )
    return bodies
