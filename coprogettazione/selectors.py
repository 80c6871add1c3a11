"""Reads of co-design procedures, already filtered by what the user may see; a page's queries do not grow with its
rows."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from budgets import rules as budget_rules
from budgets.selectors import LineFigure, line_figures
from coprogettazione import accounts, checks, rules
from coprogettazione.models import (
    Application,
    ApplicationMember,
    CoProgrammingMeeting,
    ExpenseLine,
    ExpenseReport,
    Liquidation,
    Partnership,
    Procedure,
    ProcedureStep,
    Programme,
    ProgrammeFunding,
)
from core.exports import Table

ZERO = Decimal("0.00")


def procedure_list(*, user: Any, search: str = "", status: str = "") -> QuerySet[Procedure]:
    queryset = (
        rules.visible_procedures(user)
        .select_related("promoter", "ambito")
        .annotate(programme_count=Count("programmes", distinct=True))
    )
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search)
            | Q(promoter__name__icontains=search)
            | Q(programmes__title__icontains=search)
        ).distinct()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-first_year", "title")


def _fundings() -> Prefetch:
    return Prefetch(
        "fundings",
        queryset=ProgrammeFunding.objects.select_related(
            "funder_organization", "funder_ambito", "budget_line__version__budget"
        ),
    )


def procedure_detail(*, user: Any, pk: int) -> Procedure:
    queryset = (
        rules.visible_procedures(user)
        .select_related("promoter", "ambito__capofila", "co_programming")
        .prefetch_related(
            Prefetch("steps", queryset=ProcedureStep.objects.order_by("position")),
            Prefetch(
                "programmes",
                queryset=Programme.objects.order_by("code").prefetch_related(_fundings(), "actions"),
            ),
            Prefetch("co_programming__meetings", queryset=CoProgrammingMeeting.objects.order_by("pk")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class ProgrammeRow:
    programme: Programme
    value: Decimal | None
    mismatches: list[checks.Mismatch]
    # For each funding tied to a budget line (by the line's pk): what the budget sets on it in the period.
    budget_figures: dict[int, LineFigure | None] = field(default_factory=dict)


@dataclass
class ProcedureSheet:
    procedure: Procedure
    rows: list[ProgrammeRow]
    value: Decimal
    mismatches: list[checks.Mismatch] = field(default_factory=list)

    def tables(self) -> list[Table]:
        programmes = Table(
            "programmi",
            _("Programmi"),
            [
                _("Codice"),
                _("Programma"),
                _("Contributo annuo (EUR)"),
                _("Contributo per il periodo (EUR)"),
                _("Quote dei finanziatori"),
                _("Cifre da verificare"),
            ],
        )
        for row in self.rows:
            programme = row.programme
            programmes.rows.append(
                [
                    programme.code,
                    programme.title,
                    programme.annual_contribution,
                    programme.period_contribution,
                    "; ".join(
                        f"{f.funder}: {f.period_amount if f.period_amount is not None else f.annual_amount}"
                        for f in programme.fundings.all()
                    ),
                    " ".join(m.message for m in row.mismatches),
                ]
            )
        steps = Table(
            "tappe", _("Tappe e atti"), [_("N."), _("Tappa"), _("Quando"), _("Atto"), _("Organo o ente")]
        )
        for step in self.procedure.steps.all():
            when = step.when_label or (step.act_date.strftime("%d/%m/%Y") if step.act_date else "")
            steps.rows.append([step.position, step.title, when, step.act_label, step.act_body])
        return [programmes, steps]


def procedure_sheet(procedure: Procedure) -> ProcedureSheet:
    years = len(procedure.years)
    programmes = list(procedure.programmes.all())
    linked = [f.budget_line for p in programmes for f in p.fundings.all() if f.budget_line is not None]
    figures = line_figures(linked, procedure.first_year, procedure.last_year)
    rows = []
    for programme in programmes:
        fundings = list(programme.fundings.all())
        found = checks.programme_checks(programme, years, fundings)
        found += checks.budget_link_checks(programme, years, fundings, figures)
        rows.append(ProgrammeRow(programme, checks.programme_value(programme, years), found, figures))
    return ProcedureSheet(
        procedure=procedure,
        rows=rows,
        value=sum((row.value for row in rows if row.value is not None), ZERO),
        mismatches=[mismatch for row in rows for mismatch in row.mismatches],
    )


@dataclass(frozen=True)
class FundingRow:
    funding: ProgrammeFunding
    figure: LineFigure | None  # what the budget sets on the tied line in the period (None: not tied, or gone)
    budget_visible: bool  # the user may open the ambito's budget
    may_link: bool  # the user keeps the ambito's budget and may tie the share to it


def funding_rows(programme: Programme, row: ProgrammeRow, user: Any) -> list[FundingRow]:
    """The programme's shares with their budget lines, for one user: at most one query for the budgets they see and
    one permission check per funding ambito (a programme has few shares, and they come from one or two ambiti)."""
    fundings = list(programme.fundings.all())
    budget_ids = {f.budget_line.version.budget_id for f in fundings if f.budget_line is not None}
    visible = (
        set(budget_rules.visible_budgets(user).filter(pk__in=budget_ids).values_list("pk", flat=True))
        if budget_ids
        else set()
    )
    may_link: dict[int, bool] = {}
    rows = []
    for funding in fundings:
        if funding.funder_ambito_id is not None and funding.funder_ambito_id not in may_link:
            may_link[funding.funder_ambito_id] = rules.may_link_budget(user, funding)
        line = funding.budget_line
        rows.append(
            FundingRow(
                funding=funding,
                figure=row.budget_figures.get(line.pk) if line is not None else None,
                budget_visible=line is not None and line.version.budget_id in visible,
                may_link=may_link.get(funding.funder_ambito_id or 0, False),
            )
        )
    return rows


def programme_detail(procedure: Procedure, pk: int) -> Programme:
    for programme in procedure.programmes.all():
        if programme.pk == pk:
            return programme
    raise Programme.DoesNotExist


def ranking(programme: Programme) -> list[tuple[Application, Decimal]]:
    """The admitted applications to a programme, best first, with their total points."""
    applications = (
        Application.objects.filter(
            programme=programme, status__in=[rules.A.ADMITTED, rules.A.SELECTED, rules.A.NOT_SELECTED]
        )
        .annotate(total=Sum("scores__points"))
        .select_related("lead")
        .order_by(F("total").desc(nulls_last=True), "pk")
    )
    return [(application, application.total or Decimal(0)) for application in applications]


# --- partners and reports ---------------------------------------------------------------------------------


def applications_of(procedure: Procedure, user: Any, *, manager: bool) -> list[Application]:
    """The administration sees every application of its procedure; a third-sector body its own."""
    queryset = (
        Application.objects.filter(procedure=procedure)
        .select_related("programme", "lead")
        .prefetch_related(
            Prefetch("members", queryset=ApplicationMember.objects.select_related("organization"))
        )
        .annotate(total=Sum("scores__points"))
        .order_by("programme__code", F("total").desc(nulls_last=True), "pk")
    )
    if not manager:
        queryset = queryset.filter(members__organization__in=rules.user_organizations(user)).distinct()
    return list(queryset)


def application_detail(procedure: Procedure, user: Any, pk: int, *, manager: bool) -> Application:
    for application in applications_of(procedure, user, manager=manager):
        if application.pk == pk:
            return application
    raise Http404


def partnerships_of(procedure: Procedure, user: Any) -> list[Partnership]:
    return list(
        rules.visible_partnerships(user)
        .filter(programme__procedure=procedure)
        .select_related("programme", "application__lead", "agreement")
        .order_by("programme__code", "pk")
    )


def partnership_detail(*, user: Any, procedure_pk: int, pk: int) -> Partnership:
    queryset = (
        rules.visible_partnerships(user)
        .filter(programme__procedure_id=procedure_pk)
        .select_related("programme__procedure__promoter", "application__lead", "agreement")
        .prefetch_related(
            Prefetch(
                "application__members", queryset=ApplicationMember.objects.select_related("organization")
            ),
            "co_financing",
            "extensions",
            "stop_notices",
            "cost_revisions",
            "repayments",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def expense_report_detail(partnership: Partnership, number: int) -> ExpenseReport:
    queryset = ExpenseReport.objects.filter(partnership=partnership).prefetch_related(
        Prefetch("lines", queryset=ExpenseLine.objects.order_by("position")),
        "receipts",
        "co_financing",
        Prefetch("liquidations", queryset=Liquidation.objects.order_by("paid_on", "pk")),
    )
    report = get_object_or_404(queryset, number=number)
    report.partnership = partnership
    return report


@dataclass
class YearRow:
    year: int
    reported: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO


def _year_rows(
    lines: QuerySet[ExpenseLine], payments: QuerySet[Liquidation], years: list[int]
) -> list[YearRow]:
    """Reported and approved by the year the report's period ends in; paid by the year of payment: two GROUP BY
    queries, whatever the number of reports."""
    rows = {year: YearRow(year) for year in years}
    reviewed = Q(report__status__in=rules.reviewed_statuses())
    for row in (
        lines.values(year=ExtractYear("report__period_end"))
        .annotate(reported=Sum("amount"), approved=Sum("approved_amount", filter=reviewed))
        .order_by()
    ):
        target = rows.setdefault(row["year"], YearRow(row["year"]))
        target.reported += row["reported"] or ZERO
        target.approved += row["approved"] or ZERO
    for row in payments.values(year=ExtractYear("paid_on")).annotate(paid=Sum("amount")).order_by():
        rows.setdefault(row["year"], YearRow(row["year"])).paid += row["paid"] or ZERO
    return [rows[year] for year in sorted(rows)]


def _with_totals(queryset: QuerySet[ExpenseReport]) -> QuerySet[ExpenseReport]:
    return queryset.annotate(claimed=Sum("lines__amount"), approved=Sum("lines__approved_amount"))


@dataclass
class PartnershipDashboard:
    """The partnership's account, its years, and its latest reports and payments (the full lists are paginated
    pages and the exports)."""

    partnership: Partnership
    account: Any
    reports: list[ExpenseReport]
    years: list[YearRow]
    payments: list[Liquidation]
    report_count: int
    payment_count: int

    def tables(self) -> list[Table]:
        years = Table(
            "anni",
            _("Per anno"),
            [_("Anno"), _("Rendicontato (EUR)"), _("Riconosciuto (EUR)"), _("Pagato (EUR)")],
            [[row.year, row.reported, row.approved, row.paid] for row in self.years],
        )
        reports = Table(
            "rendicontazioni",
            _("Rendicontazioni"),
            [
                _("N."),
                _("Dal"),
                _("Al"),
                _("Nota di debito"),
                _("Stato"),
                _("Rendicontato (EUR)"),
                _("Riconosciuto (EUR)"),
            ],
            [
                [
                    r.number,
                    r.period_start,
                    r.period_end,
                    r.debit_note_number,
                    r.get_status_display(),
                    getattr(r, "claimed", None) or ZERO,
                    getattr(r, "approved", None) or ZERO,
                ]
                for r in partnership_reports(self.partnership)
            ],
        )
        payments = Table(
            "pagamenti",
            _("Pagamenti"),
            [
                _("Pagato il"),
                _("Importo (EUR)"),
                _("Atto di liquidazione"),
                _("Del"),
                _("DURC valido fino al"),
                _("CUP"),
                _("Rendicontazione"),
            ],
            [
                [
                    p.paid_on,
                    p.amount,
                    p.act_number,
                    p.act_date,
                    p.durc_valid_until,
                    p.cup,
                    p.report.number if p.report else _("anticipo"),
                ]
                for p in Liquidation.objects.filter(partnership=self.partnership)
                .select_related("report")
                .order_by("paid_on", "pk")
            ],
        )
        return [years, reports, payments]


# The partnership's page lists the latest reports and payments; the full lists are paginated pages and exports.
RECENT = 20


def partnership_dashboard(partnership: Partnership) -> PartnershipDashboard:
    reports = list(
        _with_totals(ExpenseReport.objects.filter(partnership=partnership)).order_by("-number")[:RECENT]
    )
    for report in reports:
        report.partnership = partnership  # its link needs the programme, already loaded here
    procedure = partnership.programme.procedure
    payments = Liquidation.objects.filter(partnership=partnership)
    return PartnershipDashboard(
        partnership=partnership,
        account=accounts.partnership_account(partnership),
        reports=reports,
        payments=list(payments.select_related("report").order_by("-paid_on", "-pk")[:RECENT]),
        report_count=ExpenseReport.objects.filter(partnership=partnership).count(),
        payment_count=payments.count(),
        years=_year_rows(
            ExpenseLine.objects.filter(report__partnership=partnership),
            Liquidation.objects.filter(partnership=partnership),
            procedure.years,
        ),
    )


def partnership_reports(partnership: Partnership) -> QuerySet[ExpenseReport]:
    """Every report of the partnership, with its totals: the paginated list and the exports."""
    return _with_totals(ExpenseReport.objects.filter(partnership=partnership)).order_by("number")


@dataclass
class ProgrammeProgress:
    programme: Programme
    budgeted: Decimal | None
    reported: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budgeted is None else self.budgeted - self.approved


@dataclass
class SourceRow:
    funder: str
    period: Decimal


@dataclass
class ProcedureProgress:
    """Per programme, per year and per source: budgeted, reported, approved, paid, remaining. Actuals are not split
    by source: the acts do not say which funder pays which expense."""

    programmes: list[ProgrammeProgress]
    years: list[YearRow]
    sources: list[SourceRow]

    def tables(self) -> list[Table]:
        programmes = Table(
            "avanzamento",
            _("Avanzamento per programma"),
            [
                _("Programma"),
                _("Previsto (EUR)"),
                _("Rendicontato (EUR)"),
                _("Riconosciuto (EUR)"),
                _("Pagato (EUR)"),
                _("Residuo (EUR)"),
            ],
            [
                [
                    f"{p.programme.code} {p.programme.title}",
                    p.budgeted,
                    p.reported,
                    p.approved,
                    p.paid,
                    p.remaining,
                ]
                for p in self.programmes
            ],
        )
        years = Table(
            "anni",
            _("Per anno"),
            [_("Anno"), _("Rendicontato (EUR)"), _("Riconosciuto (EUR)"), _("Pagato (EUR)")],
            [[row.year, row.reported, row.approved, row.paid] for row in self.years],
        )
        sources = Table(
            "fonti",
            _("Per fonte"),
            [_("Finanziatore"), _("Previsto nel periodo (EUR)")],
            [[s.funder, s.period] for s in self.sources],
        )
        return [programmes, years, sources]


def procedure_progress(procedure: Procedure, sheet: "ProcedureSheet") -> ProcedureProgress:
    """Per programme and per year from GROUP BY queries, whatever the number of reports."""
    lines = ExpenseLine.objects.filter(report__partnership__programme__procedure=procedure)
    payments = Liquidation.objects.filter(partnership__programme__procedure=procedure)
    by_programme = {row.programme.pk: ProgrammeProgress(row.programme, row.value) for row in sheet.rows}
    reviewed = Q(report__status__in=rules.reviewed_statuses())
    for figures in (
        lines.values("report__partnership__programme")
        .annotate(reported=Sum("amount"), approved=Sum("approved_amount", filter=reviewed))
        .order_by()
    ):
        progress = by_programme[figures["report__partnership__programme"]]
        progress.reported, progress.approved = figures["reported"] or ZERO, figures["approved"] or ZERO
    for figures in payments.values("partnership__programme").annotate(paid=Sum("amount")).order_by():
        by_programme[figures["partnership__programme"]].paid = figures["paid"] or ZERO
    shares: dict[str, Decimal] = {}
    for row in sheet.rows:
        funded = ZERO
        for funding in row.programme.fundings.all():
            if funding.period_amount is not None:
                amount = funding.period_amount
            else:
                amount = (funding.annual_amount or ZERO) * len(procedure.years)
            shares[str(funding.funder)] = shares.get(str(funding.funder), ZERO) + amount
            funded += amount
        if row.value is not None:
            # What no funder's share covers is the procedure's own: the comune's, or the ambito's for its procedure.
            own = str(procedure.ambito or procedure.promoter)
            shares[own] = shares.get(own, ZERO) + max(row.value - funded, ZERO)
    return ProcedureProgress(
        programmes=list(by_programme.values()),
        years=_year_rows(lines, payments, procedure.years),
        sources=[
            SourceRow(funder, amount) for funder, amount in sorted(shares.items(), key=lambda item: -item[1])
        ],
    )
