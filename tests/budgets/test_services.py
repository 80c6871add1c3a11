"""The ambito's budget and the sub-ambito quotas through their services: totals checked against their parts,
splits to the cent by each criterion, the population year never chosen silently, versions, reports, payments,
permissions and the audit trail."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets import checks, rules, services
from budgets.models import Budget, BudgetVersion, FsolContribution, FundSource, QuotaShare, VersionStatus
from core.models import AuditEvent
from governance.apportionment import SplitCriterion, apportion
from governance.models import Role
from tests.budgets.helpers import D, approved_budget, balanced_version, draft_quota, population
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


def new_budget(world: World, first_year: int = 2026, last_year: int = 2026) -> Budget:
    return services.budget_create(
        actor=world.udp, ambito=world.ambito_a, title="Bilancio", first_year=first_year, last_year=last_year
    )


def test_only_the_ambitos_office_drafts_its_budget(world: World) -> None:
    other_udp = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    for outsider in (world.owner, world.other, other_udp):
        with pytest.raises(PermissionDenied):
            services.budget_create(
                actor=outsider, ambito=world.ambito_a, title="B", first_year=2026, last_year=2026
            )
    budget = new_budget(world, 2025, 2027)
    assert budget.years == [2025, 2026, 2027]
    assert [(v.number, v.status) for v in budget.versions.all()] == [(1, VersionStatus.DRAFT)]
    version = budget.versions.get()
    with pytest.raises(PermissionDenied):
        services.allocation_set(actor=world.owner, version=version, year=2025, source="fnps", amount=D(1))


def test_a_period_is_one_to_five_years_and_figures_stay_inside_it(world: World) -> None:
    with pytest.raises(ValidationError):
        new_budget(world, 2027, 2026)
    with pytest.raises(ValidationError):
        new_budget(world, 2026, 2031)
    version = new_budget(world).versions.get()
    with pytest.raises(ValidationError, match="fuori dal periodo"):
        services.allocation_set(actor=world.udp, version=version, year=2027, source="fnps", amount=D(1))
    with pytest.raises(ValidationError, match="negativo"):
        services.allocation_set(actor=world.udp, version=version, year=2026, source="fnps", amount=D(-1))
    with pytest.raises(ValidationError, match="due decimali"):
        services.allocation_set(actor=world.udp, version=version, year=2026, source="fnps", amount=D("1.005"))
    assert not version.allocations.exists()


def test_every_total_is_checked_and_a_version_that_does_not_add_up_is_not_approved(world: World) -> None:
    budget = new_budget(world)
    version = budget.versions.get()
    services.allocation_set(actor=world.udp, version=version, year=2026, source="fnps", amount=D("1000.00"))
    services.allocation_set(actor=world.udp, version=version, year=2026, source="fsol", amount=D("900.00"))
    services.line_save(
        actor=world.udp,
        version=version,
        area="Famiglie",
        action="Centro per le famiglie",
        fundings={(2026, "fnps"): D("999.99"), (2026, "fsol"): D("900.00")},
    )
    messages = [mismatch.message for mismatch in checks.version_checks(version)]
    assert any("999.99" in message and "1000.00" in message for message in messages)
    assert any("non è ancora ripartito" in message for message in messages)
    with pytest.raises(ValidationError, match="I totali non tornano"):
        services.version_approve_outside(
            actor=world.udp, version=version, reference="Delib. 1", on=date(2026, 3, 1)
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT and not version.approved_on
    line = version.lines.get()
    services.line_save(
        actor=world.udp,
        version=version,
        line=line,
        area=line.area,
        action=line.action,
        fundings={(2026, "fnps"): D("1000.00"), (2026, "fsol"): D("900.00")},
    )
    services.fsol_split_set(actor=world.udp, version=version, year=2026, criterion=SplitCriterion.EQUAL)
    assert checks.version_checks(version) == []
    # 900.00 in three equal parts, to the cent.
    amounts = sorted(FsolContribution.objects.filter(split__version=version).values_list("amount", flat=True))
    assert amounts == [D("300.00")] * 3
    services.version_approve_outside(
        actor=world.udp, version=version, reference="Delib. 1/2026", on=date(2026, 3, 31)
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert rules.approved_on_time(version) is True
    with pytest.raises(ValidationError, match="variazione"):
        services.allocation_set(actor=world.udp, version=version, year=2026, source="fnps", amount=D(5))


def test_the_fsol_split_by_population_says_when_the_year_is_missing_and_records_the_choice(
    world: World,
) -> None:
    budget = new_budget(world)
    version = budget.versions.get()
    services.allocation_set(actor=world.udp, version=version, year=2026, source="fsol", amount=D("10000.00"))
    population((world.x, 1000), (world.y, 2000), (world.z, 3001), year=2024)
    with pytest.raises(ValidationError) as missing:
        services.fsol_split_set(
            actor=world.udp, version=version, year=2026, criterion=SplitCriterion.POPULATION
        )
    text = " ".join(missing.value.messages)
    assert "31/12/2025" in text and "31/12/2024" in text and "Xanadu" in text
    with pytest.raises(ValidationError, match="Indica perché"):
        services.fsol_split_set(
            actor=world.udp,
            version=version,
            year=2026,
            criterion=SplitCriterion.POPULATION,
            population_year=2024,
        )
    assert not version.fsol_splits.exists()
    split = services.fsol_split_set(
        actor=world.udp,
        version=version,
        year=2026,
        criterion=SplitCriterion.POPULATION,
        population_year=2024,
        population_year_note="ISTAT non ha ancora pubblicato il 2025",
    )
    assert split.population_year == 2024 and split.population_year_note.startswith("ISTAT")
    shares = {c.organization_id: c.amount for c in split.contributions.all()}
    assert sum(shares.values()) == D("10000.00")
    assert shares[world.x.pk] == D("1666.39")  # 10000 x 1000 / 6001, largest remainder
    population((world.x, 1000), (world.y, 2000), (world.z, 3000), year=2025)
    default = services.fsol_split_set(
        actor=world.udp, version=version, year=2026, criterion=SplitCriterion.POPULATION
    )
    assert default.population_year == 2025 and default.population_year_note == ""
    assert version.fsol_splits.count() == 1


def test_fixed_amounts_must_add_up_and_weights_split_exactly(world: World) -> None:
    version = new_budget(world).versions.get()
    services.allocation_set(actor=world.udp, version=version, year=2026, source="fsol", amount=D("100.00"))
    with pytest.raises(ValidationError, match="non corrisponde al totale"):
        services.fsol_split_set(
            actor=world.udp,
            version=version,
            year=2026,
            criterion=SplitCriterion.FIXED,
            amounts={world.x.pk: D("50.00"), world.y.pk: D("40.00")},
        )
    split = services.fsol_split_set(
        actor=world.udp,
        version=version,
        year=2026,
        criterion=SplitCriterion.WEIGHTS,
        weights={world.x.pk: D(1), world.y.pk: D(1), world.z.pk: D(1)},
    )
    assert sorted(c.amount for c in split.contributions.all()) == [D("33.33"), D("33.33"), D("33.34")]


@settings(max_examples=60, deadline=None)
@given(
    total=st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
    weights=st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=60).filter(any),
)
def test_every_criterion_sums_to_the_total_to_the_cent(total: Decimal, weights: list[int]) -> None:
    bodies = [object()] * len(weights)
    amounts, _used = apportion(total, SplitCriterion.WEIGHTS, bodies, weights=[D(w) for w in weights])  # type: ignore[arg-type]
    assert sum(amounts, D(0)) == total
    assert all(amount >= 0 for amount in amounts)
    equal, _ = apportion(total, SplitCriterion.EQUAL, bodies)  # type: ignore[arg-type]
    assert sum(equal, D(0)) == total and max(equal) - min(equal) <= D("0.01")


def test_a_variation_copies_the_version_in_force_and_supersedes_it_when_approved(world: World) -> None:
    budget = approved_budget(world)
    first = budget.versions.get()
    with pytest.raises(ValidationError, match="motivo"):
        services.variation_start(actor=world.udp, budget=budget, reason=" ")
    draft = services.variation_start(actor=world.udp, budget=budget, reason="Rinnovo del CCNL")
    with pytest.raises(ValidationError, match="una alla volta"):
        services.variation_start(actor=world.udp, budget=budget, reason="Ancora")
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert checks.allocated(draft) == checks.allocated(first)
    assert checks.assigned(draft) == checks.assigned(first)
    assert checks.contributed(draft) == checks.contributed(first)
    services.allocation_set(actor=world.udp, version=draft, year=2026, source="fsr", amount=D("5000.00"))
    line = draft.lines.get(position=2)
    services.line_save(
        actor=world.udp,
        version=draft,
        line=line,
        area=line.area,
        action=line.action,
        fundings={(2026, "fnps"): D("10000.00"), (2026, "fsr"): D("5000.00")},
    )
    services.version_approve_outside(
        actor=world.udp, version=draft, reference="Delib. 9/2026", on=date(2026, 7, 1)
    )
    statuses = dict(budget.versions.values_list("number", "status"))
    assert statuses == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.APPROVED}
    assert rules.in_force(budget) == draft
    # The superseded version kept its figures.
    assert checks.allocated(first)[(2026, "fnps")] == D("12000.00") and (2026, "fsr") not in checks.allocated(
        first
    )


def test_the_database_refuses_two_drafts_or_two_versions_in_force(world: World) -> None:
    budget = approved_budget(world)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.create(
            budget=budget,
            number=5,
            status=VersionStatus.APPROVED,
            approval_reference="x",
            approved_on=date(2026, 1, 1),
        )
    BudgetVersion.objects.create(budget=budget, number=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.create(budget=budget, number=7)


def test_the_annual_report_records_actuals_per_line_against_the_version_in_force(world: World) -> None:
    budget = new_budget(world)
    with pytest.raises(ValidationError, match="versione approvata"):
        services.report_start(actor=world.udp, budget=budget, year=2026)
    balanced_version(world, budget)
    services.version_approve_outside(
        actor=world.udp, version=budget.versions.get(), reference="Delib. 2/2026", on=date(2026, 4, 2)
    )
    assert rules.approved_on_time(budget.versions.get()) is False
    report = services.report_start(actor=world.udp, budget=budget, year=2026)
    line = report.version.lines.get(position=1)
    services.report_actual_set(actor=world.udp, report=report, line=line, source="fsol", amount=D("29500.00"))
    services.report_actual_set(actor=world.udp, report=report, line=line, source="fnps", amount=D("2000.00"))
    services.report_actual_set(actor=world.udp, report=report, line=line, source="fnps", amount=D("0"))
    assert {(a.source, a.amount) for a in report.actuals.all()} == {("fsol", D("29500.00"))}
    draft = services.variation_start(actor=world.udp, budget=budget, reason="Variazione")
    with pytest.raises(ValidationError, match="non appartiene"):
        services.report_actual_set(
            actor=world.udp, report=report, line=draft.lines.get(position=1), source="fsol", amount=D(1)
        )
    with pytest.raises(PermissionDenied):
        services.report_actual_set(actor=world.owner, report=report, line=line, source="fsol", amount=D(1))
    services.report_approve_outside(
        actor=world.udp, report=report, reference="Delib. 1/2027", on=date(2027, 1, 20)
    )
    with pytest.raises(ValidationError, match="già approvata"):
        services.report_actual_set(actor=world.udp, report=report, line=line, source="fsol", amount=D(1))


def test_every_change_leaves_an_audit_row_with_before_and_after(world: World) -> None:
    version = new_budget(world).versions.get()
    allocation = services.allocation_set(
        actor=world.udp, version=version, year=2026, source="fnps", amount=D("10.00")
    )
    services.allocation_set(actor=world.udp, version=version, year=2026, source="fnps", amount=D("12.50"))
    assert allocation is not None
    event = AuditEvent.objects.filter(object_id=str(allocation.pk), action="update").get()
    assert event.changes["amount"] == ["10.00", "12.50"] and event.actor == world.udp


def test_a_sub_ambito_quota_splits_by_population_and_takes_payments_up_to_what_is_owed(world: World) -> None:
    population((world.y, 3000), (world.z, 1000), year=2024)
    with pytest.raises(ValidationError) as missing:
        services.quota_create(actor=world.udp, subambito=world.subambito, year=2026, total=D("2000.00"))
    assert "31/12/2025" in " ".join(missing.value.messages) and "31/12/2024" in " ".join(
        missing.value.messages
    )
    with pytest.raises(PermissionDenied):
        services.quota_create(
            actor=world.owner, subambito=world.subambito, year=2026, total=D("2000.00"), population_year=2024
        )
    quota = services.quota_create(
        actor=world.udp,
        subambito=world.subambito,
        year=2026,
        total=D("2000.00"),
        population_year=2024,
        population_year_note="Dato 2025 non ancora pubblicato",
    )
    shares = {share.organization_id: share for share in quota.shares.all()}
    assert (shares[world.y.pk].amount, shares[world.z.pk].amount) == (D("1500.00"), D("500.00"))
    with pytest.raises(ValidationError, match="deliberata"):
        services.quota_payment_record(
            actor=world.udp, share=shares[world.z.pk], paid_on=date(2026, 5, 1), amount=D(1)
        )
    services.quota_decide_outside(
        actor=world.udp, quota=quota, reference="Delib. 3/2026", on=date(2026, 2, 10)
    )
    with pytest.raises(ValidationError, match="deliberata"):
        services.quota_update(
            actor=world.udp, quota=quota, total=D(1), criterion=SplitCriterion.EQUAL, description=""
        )
    services.quota_payment_record(
        actor=world.udp, share=shares[world.z.pk], paid_on=date(2026, 5, 1), amount=D("300.00")
    )
    with pytest.raises(ValidationError, match=r"200\.00"):
        services.quota_payment_record(
            actor=world.udp, share=shares[world.z.pk], paid_on=date(2026, 6, 1), amount=D("200.01")
        )
    services.quota_payment_record(
        actor=world.udp, share=shares[world.z.pk], paid_on=date(2026, 6, 1), amount=D("200.00")
    )
    assert QuotaShare.objects.get(pk=shares[world.z.pk].pk).payments.count() == 2


def test_a_draft_quota_is_edited_or_deleted_and_a_decided_one_is_not(world: World) -> None:
    quota = draft_quota(world)
    services.quota_update(
        actor=world.udp,
        quota=quota,
        total=D("10.01"),
        criterion=SplitCriterion.EQUAL,
        description="Coordinamento",
    )
    assert sorted(s.amount for s in quota.shares.all()) == [D("5.00"), D("5.01")]
    services.quota_delete(actor=world.udp, quota=quota)
    decided = draft_quota(world, year=2027)
    services.quota_decide_outside(
        actor=world.udp, quota=decided, reference="Delib. 1/2027", on=date(2027, 1, 5)
    )
    with pytest.raises(ValidationError):
        services.quota_delete(actor=world.udp, quota=decided)


def test_the_fund_sources_are_those_of_the_accordo(world: World) -> None:
    assert set(FundSource.values) == {
        "fsol",
        "fnps",
        "fsr",
        "provinciale",
        "regionale",
        "statale",
        "europeo",
        "comunita",
    }
