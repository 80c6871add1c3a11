"""Co-design procedures through their services: who promotes, the ambito's through its capofila, programmes as the act
states them with every figure checked, shares given only for the period kept so, the states and what they allow."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprogettazione import checks, rules, services
from coprogettazione.models import ProcedureStatus
from governance.models import Role
from tests.coprogettazione.helpers import D, build_co_design
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


def test_a_comune_or_the_ambito_through_its_capofila_promotes(world: World) -> None:
    with pytest.raises(ValidationError, match="capofila"):
        services.procedure_create(
            actor=world.udp,
            promoter=world.y,
            ambito=world.ambito_a,
            title="T",
            first_year=2026,
            last_year=2028,
        )
    other_udp = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    for outsider in (world.other, other_udp):
        with pytest.raises(PermissionDenied):
            services.procedure_create(
                actor=outsider, promoter=world.x, title="T", first_year=2026, last_year=2028
            )
    # Ypsilon's officer promotes Ypsilon's own procedure, not the ambito's.
    own = services.procedure_create(
        actor=world.owner, promoter=world.y, title="T", first_year=2026, last_year=2028
    )
    assert rules.may_manage(world.owner, own) and rules.may_manage(world.udp, own)
    with pytest.raises(PermissionDenied):
        services.procedure_create(
            actor=world.owner,
            promoter=world.x,
            ambito=world.ambito_a,
            title="A",
            first_year=2026,
            last_year=2028,
        )


def test_who_sees_which_procedure(world: World) -> None:
    built = build_co_design(world)
    other_udp = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    assert set(rules.visible_procedures(world.udp)) == {built.comune, built.ambito}
    # A member comune sees the ambito's procedure, not another comune's own.
    assert set(rules.visible_procedures(world.owner)) == {built.ambito}
    assert (
        not rules.visible_procedures(world.other).exists()
        and not rules.visible_procedures(other_udp).exists()
    )
    assert not rules.may_manage(world.owner, built.ambito)


def test_every_figure_that_can_be_checked_is_checked(world: World) -> None:
    built = build_co_design(world)
    programme = built.programme
    years = len(built.comune.years)
    assert checks.programme_checks(programme, years, list(programme.fundings.all())) == []
    services.programme_save(
        actor=world.udp,
        procedure=built.comune,
        programme=programme,
        code="P5",
        title="Inclusione socio lavorativa",
        annual_contribution=D("726293.00"),
        period_contribution=D("2178979.00"),
    )
    programme.refresh_from_db()
    # Stored as the act states them, and the mismatch is said with both figures.
    assert (programme.annual_contribution, programme.period_contribution) == (D("726293.00"), D("2178979.00"))
    [mismatch] = checks.programme_checks(programme, years, list(programme.fundings.all()))
    assert mismatch.difference == D("100.00")
    assert "2.178.879,00" in mismatch.message and "2.178.979,00" in mismatch.message
    services.funding_add(
        actor=world.udp,
        programme=programme,
        funder_organization=world.x,
        annual_amount=D("20000"),
        period_amount=D("61000"),
    )
    services.funding_add(
        actor=world.udp, programme=programme, funder_ambito=world.ambito_a, period_amount=D("3000000")
    )
    messages = [m.message for m in checks.programme_checks(programme, years, list(programme.fundings.all()))]
    assert any("quota di Comune di Xanadu" in message for message in messages)
    assert any("superano il contributo del periodo" in message for message in messages)


def test_a_share_given_only_for_the_period_is_not_split_into_years(world: World) -> None:
    built = build_co_design(world)
    funding = built.programme.fundings.get()
    assert funding.period_amount == D("50000.00") and funding.annual_amount is None
    with pytest.raises(ValidationError):
        services.funding_add(actor=world.udp, programme=built.programme, funder_ambito=world.ambito_a)
    with pytest.raises(ValidationError):
        services.funding_add(
            actor=world.udp,
            programme=built.programme,
            funder_ambito=world.ambito_a,
            funder_organization=world.x,
            period_amount=D(1),
        )


def test_programmes_are_fixed_once_the_call_is_out(world: World) -> None:
    built = build_co_design(world)
    empty = services.procedure_create(
        actor=world.udp, promoter=world.x, title="Vuota", first_year=2026, last_year=2026
    )
    with pytest.raises(ValidationError, match="almeno un programma"):
        services.procedure_transition(actor=world.udp, procedure=empty, to=ProcedureStatus.CALL_OPEN)
    with pytest.raises(ValidationError, match="non passa"):
        services.procedure_transition(actor=world.udp, procedure=built.comune, to=ProcedureStatus.RUNNING)
    services.procedure_transition(actor=world.udp, procedure=built.comune, to=ProcedureStatus.CALL_OPEN)
    with pytest.raises(ValidationError, match="fissati"):
        services.programme_save(
            actor=world.udp, procedure=built.comune, programme=built.programme, code="P1", title="Altro"
        )
    with pytest.raises(ValidationError, match="fissati"):
        services.procedure_update(actor=world.udp, procedure=built.comune, last_year=2029)
    with pytest.raises(PermissionDenied):
        services.step_save(actor=world.owner, procedure=built.comune, title="x")
    assert services.step_save(actor=world.udp, procedure=built.comune, title="Pubblicazione").position == 2


def test_amounts_are_not_negative_and_at_the_cent(world: World) -> None:
    built = build_co_design(world)
    for bad in (Decimal("-1"), Decimal("0.001")):
        with pytest.raises(ValidationError):
            services.programme_save(
                actor=world.udp, procedure=built.comune, code="P9", title="x", annual_contribution=bad
            )
    assert not built.comune.programmes.filter(code="P9").exists()
