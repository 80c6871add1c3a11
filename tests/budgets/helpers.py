"""Budgets to test on, over the small world: ambito A (Xanadu capofila; Xanadu, Ypsilon and Zeta members) and its
sub-ambito (Ypsilon, Zeta)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from budgets import services
from budgets.models import Budget, BudgetReport, BudgetVersion, FundSource, SubAmbitoQuota
from governance.apportionment import SplitCriterion
from governance.models import Organization, PopulationFigure
from tests.worlds import World

D = Decimal


def population(*figures: tuple[Organization, int], year: int) -> None:
    """Each body's resident population at 31/12 of `year`."""
    for body, people in figures:
        PopulationFigure.objects.update_or_create(
            organization=body, reference_date=date(year, 12, 31), defaults={"population": people}
        )


def balanced_version(
    world: World, budget: Budget, *, year: int | None = None, fsol: str = "30000.00"
) -> BudgetVersion:
    """The draft of `budget` with an F.SOL and an FNPS allocation, two lines that take exactly them, and the F.SOL
    split in equal parts: every total adds up."""
    version = budget.versions.get(status="bozza")
    year = year or budget.first_year
    udp = world.udp
    services.allocation_set(actor=udp, version=version, year=year, source=FundSource.FSOL, amount=D(fsol))
    services.allocation_set(
        actor=udp, version=version, year=year, source=FundSource.FNPS, amount=D("12000.00")
    )
    services.line_save(
        actor=udp,
        version=version,
        area="Fragilità e disabilità",
        action="Servizio di assistenza domiciliare",
        fundings={(year, FundSource.FSOL): D(fsol), (year, FundSource.FNPS): D("2000.00")},
    )
    services.line_save(
        actor=udp,
        version=version,
        area="Vulnerabilità e povertà",
        action="Pronto intervento sociale",
        fundings={(year, FundSource.FNPS): D("10000.00")},
    )
    services.fsol_split_set(actor=udp, version=version, year=year, criterion=SplitCriterion.EQUAL)
    return version


def approved_budget(world: World, *, first_year: int = 2026, last_year: int = 2026) -> Budget:
    budget = services.budget_create(
        actor=world.udp,
        ambito=world.ambito_a,
        title=f"Bilancio {first_year}",
        first_year=first_year,
        last_year=last_year,
    )
    version = balanced_version(world, budget)
    services.version_approve_outside(
        actor=world.udp,
        version=version,
        reference="Assemblea dei Sindaci, deliberazione n. 2/2026",
        on=date(first_year, 3, 20),
    )
    return budget


def draft_quota(world: World, year: int = 2026, total: str = "1000.00") -> SubAmbitoQuota:
    return services.quota_create(
        actor=world.udp,
        subambito=world.subambito,
        year=year,
        total=D(total),
        criterion=SplitCriterion.EQUAL,
    )


@dataclass
class BudgetPages:
    budget: Budget
    report: BudgetReport
    draft_quota: SubAmbitoQuota
    decided_quota: SubAmbitoQuota


def budget_pages(world: World) -> BudgetPages:
    """An approved budget with a variation in draft and a report in draft; a proposed quota and a decided one."""
    budget = approved_budget(world)
    report = services.report_start(actor=world.udp, budget=budget, year=2026)
    services.variation_start(actor=world.udp, budget=budget, reason="Nuove risorse FSR")
    decided = draft_quota(world, year=2025)
    services.quota_decide_outside(
        actor=world.udp,
        quota=decided,
        reference="Assemblea di sub-ambito, deliberazione n. 1/2025",
        on=date(2025, 2, 1),
    )
    return BudgetPages(budget, report, draft_quota(world, year=2026), decided)


def budget_page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    pages = budget_pages(world)
    budget = {"pk": pages.budget.pk}
    line = pages.budget.versions.get(status="bozza").lines.first()
    assert line is not None
    report = {"pk": pages.budget.pk, "year": pages.report.year}
    return {
        "budgets:budget_list": {},
        "budgets:budget_create": {},
        "budgets:budget_detail": budget,
        "budgets:version_detail": {**budget, "number": 1},
        "budgets:allocation": budget,
        "budgets:line_create": budget,
        "budgets:line_update": {**budget, "line": line.pk},
        "budgets:line_remove": {**budget, "line": line.pk},
        "budgets:fsol_split": budget,
        "budgets:version_approve": budget,
        "budgets:variation_start": budget,
        "budgets:variation_discard": budget,
        "budgets:budget_delete": budget,
        "budgets:report_start": budget,
        "budgets:report_detail": report,
        "budgets:report_edit": report,
        "budgets:report_approve": report,
        "budgets:quota_list": {},
        "budgets:quota_detail": {"pk": pages.draft_quota.pk},
        "budgets:quota_update": {"pk": pages.draft_quota.pk},
        "budgets:quota_decide": {"pk": pages.draft_quota.pk},
        "budgets:quota_delete": {"pk": pages.draft_quota.pk},
        "budgets:quota_payment": {"pk": pages.decided_quota.pk},
        "budgets:quota_create": {"pk": world.subambito.pk},
    }
