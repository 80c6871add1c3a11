"""An assembly decides the budget below it: the Assemblea dei Sindaci approves a budget version (alone, or with the
Piano Operativo it funds, which meets the compliance board's deadline) and the annual report; the sub-ambito's
assembly decides its quota. A version whose totals do not add up is not approved, and the act says why."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblies import compliance, services
from assemblies.models import Deadline, DecisionKind, ItemSubject, MajorityKind
from budgets import services as budget_services
from budgets.models import QuotaStatus, ReportStatus, VersionStatus
from governance import services as registry
from governance.models import Organ, Role
from tests.assemblies.helpers import adopt, build_assembly, set_rules
from tests.budgets.helpers import D, approved_budget, balanced_version, draft_quota
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


def assemblea(world: World) -> tuple[Organ, list[tuple[Any, Any]]]:
    assembly = build_assembly(world)
    services.majority_set(
        actor=None, organ=assembly.organ, decision_kind=DecisionKind.PLAN, kind=MajorityKind.OF_PRESENT
    )
    voters = [(assembly.mayor_x, world.x), (assembly.mayor_y, world.y), (assembly.mayor_z, world.z)]
    return assembly.organ, voters


def test_the_piano_operativo_approves_its_budget_and_meets_the_deadline(world: World) -> None:
    organ, voters = assemblea(world)
    budget = budget_services.budget_create(
        actor=world.udp, ambito=world.ambito_a, title="Bilancio 2026", first_year=2026, last_year=2026
    )
    version = balanced_version(world, budget)
    with pytest.raises(ValidationError, match="non copre"):
        adopt(
            organ,
            voters,
            title="Piano",
            subject=ItemSubject.OPERATIVE_PLAN,
            reference_year=2027,
            budget_version=version,
        )
    deliberation = adopt(
        organ,
        voters,
        title="Piano Operativo 2026 e bilancio",
        subject=ItemSubject.OPERATIVE_PLAN,
        reference_year=2026,
        budget_version=version,
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert (
        version.approval_reference
        == f"{organ}, deliberazione n. {deliberation.number}/{deliberation.year} del {deliberation.adopted_on:%d/%m/%Y}"
    )
    assert "Approvata" in deliberation.effect
    states = {s.deadline: s for s in compliance.deadline_states(world.ambito_a, date(2026, 3, 10))}
    assert states[Deadline.OPERATIVE_PLAN].met_by == deliberation


def test_a_variation_and_the_report_by_their_own_items(world: World) -> None:
    organ, voters = assemblea(world)
    budget = approved_budget(world)
    draft = budget_services.variation_start(actor=world.udp, budget=budget, reason="FSR 2026")
    report = budget_services.report_start(actor=world.udp, budget=budget, year=2026)
    adopt(organ, voters, title="Variazione", subject=ItemSubject.BUDGET, budget_version=draft)
    adopt(
        organ,
        voters,
        title="Relazione 2026",
        subject=ItemSubject.ANNUAL_REPORT,
        reference_year=2026,
        budget_report=report,
    )
    draft.refresh_from_db()
    report.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED and report.status == ReportStatus.APPROVED
    assert dict(budget.versions.values_list("number", "status"))[1] == VersionStatus.SUPERSEDED


def test_a_version_whose_totals_do_not_add_up_is_not_approved_and_the_act_says_why(world: World) -> None:
    organ, voters = assemblea(world)
    budget = budget_services.budget_create(
        actor=world.udp, ambito=world.ambito_a, title="Bilancio 2026", first_year=2026, last_year=2026
    )
    version = budget.versions.get()
    budget_services.allocation_set(
        actor=world.udp, version=version, year=2026, source="fnps", amount=D("10.00")
    )
    deliberation = adopt(organ, voters, title="Bilancio", subject=ItemSubject.BUDGET, budget_version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    assert "non è stato aggiornato" in deliberation.effect and "I totali non tornano" in deliberation.effect


def test_only_the_ambitos_assemblea_approves_its_budget(world: World) -> None:
    budget = approved_budget(world)
    draft = budget_services.variation_start(actor=world.udp, budget=budget, reason="x")
    set_rules(world.organ_b)
    session = services.session_create(
        actor=None, organ=world.organ_b, starts_at=world.organ_b.created_at, title="S"
    )
    with pytest.raises(ValidationError, match="Assemblea dei Sindaci approva"):
        services.item_add(
            actor=None, session=session, title="x", subject=ItemSubject.BUDGET, budget_version=draft
        )
    with pytest.raises(ValidationError):
        services.item_add(actor=None, session=session, title="x", subject=ItemSubject.BUDGET)


def test_the_sub_ambitos_assembly_decides_its_quota(world: World) -> None:
    organ = registry.organ_create(
        actor=None, ambiti=[world.ambito_a], kind="assemblea_sindaci_subambito", name="Assemblea sub-ambito 1"
    )
    world.subambito.organs.add(organ)
    registry.seat_create(actor=None, organ=organ, organization=world.y, capacity="presidente")
    registry.seat_create(actor=None, organ=organ, organization=world.z, capacity="membro")
    set_rules(organ)
    voters = [
        (make_user("sindaco.y", world.y, Role.SINDACO), world.y),
        (make_user("sindaco.z", world.z, Role.SINDACO), world.z),
    ]
    quota = draft_quota(world, total="1200.00")
    with pytest.raises(ValidationError, match="sub-ambito"):
        session = services.session_create(
            actor=None, organ=world.organ_a, starts_at=organ.created_at, title="S"
        )
        services.item_add(
            actor=None, session=session, title="Quota", subject=ItemSubject.SUBAMBITO_QUOTA, quota=quota
        )
    deliberation = adopt(organ, voters, title="Quota 2026", subject=ItemSubject.SUBAMBITO_QUOTA, quota=quota)
    quota.refresh_from_db()
    assert quota.status == QuotaStatus.DECIDED and quota.decided_on == deliberation.adopted_on
    assert str(deliberation.number) in quota.decision_reference
