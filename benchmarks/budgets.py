"""Budgets and co-design at scale (issue 11): the pages' cost at 10 and at 1,000 expense reports, and the F.SOL split
among every comune of Italy against one SQL aggregate over the same rows.

Inside one transaction rolled back at the end (the database is left as it was), on the seeds' registry:

- an ambito budget for one year (the Cremasco's comuni, two sources, two lines, the F.SOL split by equal parts) and a
  co-design procedure of the capofila with one programme and one active partnership (bodies made up for the run,
  "ETS di prova"), then its expense reports, each with three lines, a receipt row and a payment, 10 first and 1,000
  after. Each page (the budget, the procedure's dashboard, the partnership's, the report list of the API) is fetched
  through Django's test client, once untimed and `repeat` times timed, with its queries counted.
  Target: the same queries at 10 and 1,000 reports, and times within 1.5x.
- the F.SOL split by population among the 7,899 comuni of Italy (`governance.apportionment.apportion`, as the budget
  and the quotas call it: the population read, then shared to the cent), against a bare
  `SELECT SUM(population)` over the same rows, in the same run. Target: within 2x.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budgets import services as budget_services
from coprogettazione import services as co_services
from coprogettazione.models import (
    Application,
    ApplicationMember,
    ApplicationStatus,
    ExpenseLine,
    ExpenseReport,
    ExpenseStatus,
    Liquidation,
    Partnership,
    PartnershipStatus,
    Receipt,
)
from governance import services as registry
from governance.apportionment import SplitCriterion, apportion
from governance.models import Ambito, Organization, OrganizationKind, PopulationFigure, Role, User

D = Decimal
SIZES = (10, 1000)


@dataclass
class Page:
    name: str
    sizes: tuple[int, int]
    queries: dict[int, int] = field(default_factory=dict)
    seconds: dict[int, list[float]] = field(default_factory=dict)

    def median(self, size: int) -> float:
        return statistics.median(self.seconds[size])

    @property
    def ratio(self) -> float:
        small, large = self.sizes
        return self.median(large) / self.median(small) if self.median(small) else 0.0


@dataclass
class Split:
    comuni: int
    population_year: int
    split_seconds: list[float]
    aggregate_seconds: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.split_seconds) / statistics.median(self.aggregate_seconds)


@dataclass
class Result:
    repeat: int
    sizes: tuple[int, int]
    pages: list[Page]
    split: Split | None


class _Rollback(Exception):
    pass


def _timed(action: Callable[[], Any], repeat: int) -> list[float]:
    action()
    seconds = []
    for _run in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def _world() -> tuple[User, Any, Any, Any]:
    # The seeds' Cremasco (bin/bench loads it); any ambito of the database otherwise (the suite's small world).
    ambito = (
        Ambito.objects.filter(name="Ambito distrettuale Cremasco").first()
        or Ambito.objects.order_by("pk").first()
    )
    assert ambito is not None, "serve un ambito nel database (manage.py load_seeds)"
    capofila = ambito.capofila
    office = registry.user_create(actor=None, username="bench-udp-budgets", password=None)
    registry.role_assign(actor=None, user=office, organization=capofila, role=Role.UFFICIO_DI_PIANO)
    budget = budget_services.budget_create(
        actor=office, ambito=ambito, title="Bilancio di prova", first_year=2031, last_year=2031
    )
    version = budget.versions.get()
    for source, amount in (("fsol", D("480000.00")), ("fnps", D("120000.00"))):
        budget_services.allocation_set(actor=office, version=version, year=2031, source=source, amount=amount)
    budget_services.line_save(
        actor=office,
        version=version,
        area="Area",
        action="Azione 1",
        fundings={(2031, "fsol"): D("480000.00")},
    )
    budget_services.line_save(
        actor=office,
        version=version,
        area="Area",
        action="Azione 2",
        fundings={(2031, "fnps"): D("120000.00")},
    )
    budget_services.fsol_split_set(actor=office, version=version, year=2031, criterion=SplitCriterion.EQUAL)
    procedure = co_services.procedure_create(
        actor=office, promoter=capofila, title="Co-progettazione di prova", first_year=2026, last_year=2028
    )
    programme = co_services.programme_save(
        actor=office,
        procedure=procedure,
        code="P1",
        title="Programma di prova",
        annual_contribution=D("5000000.00"),
        period_contribution=D("15000000.00"),
    )
    ets = registry.organization_create(
        actor=None, ambito=ambito, kind=OrganizationKind.ETS, name="ETS di prova", ets_category="cooperazione"
    )
    application = Application.objects.create(
        procedure=procedure, programme=programme, lead=ets, status=ApplicationStatus.SELECTED
    )
    ApplicationMember.objects.create(application=application, organization=ets, is_lead=True)
    partnership = Partnership.objects.create(
        application=application,
        programme=programme,
        municipal_contribution=D("15000000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
        status=PartnershipStatus.ACTIVE,
    )
    return office, budget, procedure, partnership


def _add_reports(partnership: Partnership, start: int, count: int) -> None:
    first = date(2026, 1, 1)
    reports = ExpenseReport.objects.bulk_create(
        [
            ExpenseReport(
                partnership=partnership,
                number=number,
                period_start=first + timedelta(days=number),
                period_end=first + timedelta(days=number),
                debit_note_number=f"{number}/B",
                debit_note_date=first + timedelta(days=number + 1),
                status=ExpenseStatus.PAID,
            )
            for number in range(start, start + count)
        ]
    )
    ExpenseLine.objects.bulk_create(
        [
            ExpenseLine(
                report=report,
                position=position,
                category="personale",
                description="Voce",
                amount=D("100.00"),
                approved_amount=D("90.00"),
                reduction_reason="Riduzione",
            )
            for report in reports
            for position in (1, 2, 3)
        ]
    )
    Receipt.objects.bulk_create(
        [
            Receipt(
                report=report,
                file=f"bench/{report.number}.pdf",
                original_name="r.pdf",
                size=1,
                sha256=f"{report.number:064d}",
            )
            for report in reports
        ]
    )
    Liquidation.objects.bulk_create(
        [
            Liquidation(
                partnership=partnership,
                report=report,
                amount=D("270.00"),
                act_number="L",
                act_date=report.debit_note_date,
                paid_on=report.debit_note_date,
                durc_valid_until=report.debit_note_date,
                durc_reference="D",
            )
            for report in reports
        ]
    )


def _pages(office: User, budget: Any, procedure: Any, partnership: Any) -> dict[str, str]:
    return {
        "budget page": budget.get_absolute_url(),
        "procedure dashboard": procedure.get_absolute_url(),
        "partnership dashboard": partnership.get_absolute_url(),
        "API: expense reports": f"/api/v1/expense-reports/?partnership={partnership.pk}",
    }


def _measure(client: Client, url: str, repeat: int) -> tuple[int, list[float]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), _timed(lambda: client.get(url), repeat)


def _split(repeat: int) -> Split | None:
    """Every comune with the latest population figure the registry has (ISTAT's 1 January: 31/12 of the year
    before)."""
    latest = (
        PopulationFigure.objects.order_by("-reference_date").values_list("reference_date", flat=True).first()
    )
    if latest is None:
        return None
    year = latest.year - 1 if (latest.month, latest.day) == (1, 1) else latest.year
    with_figure = PopulationFigure.objects.filter(reference_date=latest).values("organization_id")
    comuni = list(
        Organization.objects.filter(kind=OrganizationKind.COMUNE, pk__in=with_figure).order_by("pk")
    )
    total = D("12345678.91")

    def split() -> Any:
        return apportion(total, SplitCriterion.POPULATION, comuni, population_year=year)

    def aggregate() -> Any:
        return PopulationFigure.objects.filter(
            organization__in=[comune.pk for comune in comuni],
            reference_date__in=[date(year, 12, 31), date(year + 1, 1, 1)],
        ).aggregate(total=Sum("population"))

    amounts, _weights = split()
    assert sum(amounts, D(0)) == total
    return Split(len(comuni), year, _timed(split, repeat), _timed(aggregate, repeat))


def run(*, repeat: int = 5, sizes: tuple[int, int] = SIZES) -> Result:
    result = Result(repeat=repeat, sizes=sizes, pages=[], split=None)
    try:
        with transaction.atomic():
            office, budget, procedure, partnership = _world()
            client = Client()
            client.force_login(office)
            pages = {name: Page(name, sizes) for name in _pages(office, budget, procedure, partnership)}
            added = 0
            for size in sizes:
                _add_reports(partnership, added + 1, size - added)
                added = size
                for name, url in _pages(office, budget, procedure, partnership).items():
                    pages[name].queries[size], pages[name].seconds[size] = _measure(client, url, repeat)
            result.pages = list(pages.values())
            result.split = _split(repeat)
            raise _Rollback
    except _Rollback:
        pass
    return result


def format_table(result: Result) -> str:
    small, large = result.sizes
    lines = [
        f"Bilanci e co-progettazione: pagine a {small} e a {large} rendicontazioni (mediana di {result.repeat}); "
        "obiettivo: stesse query, tempo entro 1,5x",
        f"{'pagina':<24} {'query':>11} {f'{small} (ms)':>10} {f'{large} (ms)':>12} {'rapporto':>9}",
    ]
    for page in result.pages:
        lines.append(
            f"{page.name:<24} {page.queries[small]:>5} / {page.queries[large]:<5}"
            f"{page.median(small) * 1000:>10.1f} {page.median(large) * 1000:>12.1f} {page.ratio:>8.2f}x"
        )
    if result.split is not None:
        split = result.split
        lines += [
            "",
            f"Riparto F.SOL per popolazione tra {split.comuni} comuni (31/12/{split.population_year}); "
            "obiettivo: entro 2x di una SUM in SQL",
            f"{'riparto (apportion)':<24} {statistics.median(split.split_seconds) * 1000:>10.1f} ms",
            f"{'baseline: SUM in SQL':<24} {statistics.median(split.aggregate_seconds) * 1000:>10.1f} ms",
            f"{'rapporto':<24} {split.ratio:>10.2f}x",
        ]
    return "\n".join(lines)


def to_json(result: Result) -> str:
    small, large = result.sizes
    return json.dumps(
        {
            "pages": [
                {
                    "page": page.name,
                    "queries": {str(small): page.queries[small], str(large): page.queries[large]},
                    "median_seconds": {str(small): page.median(small), str(large): page.median(large)},
                    "ratio": page.ratio,
                }
                for page in result.pages
            ],
            "split": None
            if result.split is None
            else {
                "comuni": result.split.comuni,
                "population_year": result.split.population_year,
                "split_seconds": statistics.median(result.split.split_seconds),
                "aggregate_seconds": statistics.median(result.split.aggregate_seconds),
                "ratio": result.split.ratio,
            },
        },
        indent=2,
    )
