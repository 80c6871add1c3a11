"""Partners: applications alone or grouped, the commission's scores, the choice of the best, the convention drafted
from the template through the agreements machinery; the call's rules on a partnership (co-financing at least 10%,
extensions within 25% of the co-design's value even under concurrent requests, six months' notice, CCNL revisions)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from agreements.models import AgreementKind
from coprogettazione import accounts, rules, selectors, services
from coprogettazione.loaders import load_partnership_template
from coprogettazione.models import (
    ApplicationStatus,
    CoFinancingKind,
    Extension,
    GroupingKind,
    PartnershipStatus,
    Procedure,
    RuntsSection,
)
from tests.coprogettazione.helpers import D, active_partnership, chosen, open_call, scored, signed
from tests.worlds import World

pytestmark = pytest.mark.django_db


def test_applications_alone_or_grouped_from_an_open_call(world: World) -> None:
    call = open_call(world)
    assert call.procedure.extension_cap == D("75000.00")
    assert [m.organization for m in call.grouped.members.all()] == [call.beta, call.gamma]
    assert call.grouped.members.get(is_lead=True).organization == call.beta
    # An ETS applies only for itself; a single body brings no partners; a grouping brings at least one.
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=call.ets_user, procedure=call.procedure, programme=call.programme, lead=call.gamma
        )
    with pytest.raises(ValidationError, match="senza altri enti"):
        services.application_submit(
            actor=world.udp,
            procedure=call.procedure,
            programme=call.programme,
            lead=call.gamma,
            members=[call.beta],
        )
    with pytest.raises(ValidationError, match="almeno un altro ente"):
        services.application_submit(
            actor=world.udp,
            procedure=call.procedure,
            programme=call.programme,
            lead=call.gamma,
            grouping=GroupingKind.FORMED,
        )
    with pytest.raises(ValidationError, match="Terzo Settore"):
        services.application_submit(
            actor=world.udp, procedure=call.procedure, programme=call.programme, lead=world.y
        )
    with pytest.raises(ValidationError):
        services.application_submit(
            actor=call.ets_user, procedure=call.procedure, programme=call.programme, lead=call.alfa
        )


def test_the_commission_scores_and_the_best_is_chosen(world: World) -> None:
    call = open_call(world)
    criteria = list(call.procedure.criteria.order_by("position"))
    with pytest.raises(ValidationError, match="valutazione"):
        services.score_set(actor=world.udp, application=call.alone, criterion=criteria[0], points=D(10))
    scored(world, call, alone=(50, 30), grouped=(55, 35))
    with pytest.raises(ValidationError, match="Da 0 a 60"):
        services.score_set(actor=world.udp, application=call.alone, criterion=criteria[0], points=D("60.01"))
    with pytest.raises(ValidationError, match="prima in graduatoria"):
        services.partner_select(
            actor=world.udp,
            application=call.alone,
            municipal_contribution=D(1000),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )
    assert [(a.pk, total) for a, total in selectors.ranking(call.programme)] == [
        (call.grouped.pk, D(90)),
        (call.alone.pk, D(80)),
    ]
    partnership = services.partner_select(
        actor=world.udp,
        application=call.grouped,
        municipal_contribution=D("240000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
    )
    call.alone.refresh_from_db()
    assert call.alone.status == ApplicationStatus.NOT_SELECTED
    assert partnership.status == PartnershipStatus.NEGOTIATION
    with pytest.raises(ValidationError, match="motivo"):
        services.application_exclude(actor=world.udp, application=call.alone, reason="")


def test_the_convention_is_drafted_from_the_template_with_every_party(world: World) -> None:
    load_partnership_template()
    call = open_call(world)
    scored(world, call, alone=(10, 10), grouped=(55, 35))
    partnership = services.partner_select(
        actor=world.udp,
        application=call.grouped,
        municipal_contribution=D("240000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
        management_share_percent=D("7.00"),
    )
    services.convention_draft(actor=world.udp, partnership=partnership)
    agreement = partnership.agreement
    assert agreement is not None and agreement.kind == AgreementKind.CONVENZIONE_COPROGETTAZIONE
    assert agreement.ambito == world.ambito_a
    assert {party.organization for party in agreement.parties.all()} == {world.x, call.beta, call.gamma}
    text = " ".join(a.body for a in agreement.versions.get().articles.all())
    assert "240.000,00 EUR" in text and "24.000,00 EUR" in text and "7,00%" in text and "L. 241/1990" in text
    with pytest.raises(ValidationError, match="già stata predisposta"):
        services.convention_draft(actor=world.udp, partnership=partnership)


def test_activities_start_when_the_convention_binds_and_co_financing_reaches_ten_percent(
    world: World,
) -> None:
    load_partnership_template()
    call = open_call(world)
    partnership = chosen(world, call)
    services.convention_draft(actor=world.udp, partnership=partnership)
    services.co_financing_add(
        actor=world.udp,
        partnership=partnership,
        kind=CoFinancingKind.MONEY,
        description="Fondi propri",
        amount=D("14000.00"),
    )
    with pytest.raises(ValidationError, match="sottoscritta"):
        services.partnership_activate(actor=world.udp, partnership=partnership)
    signed(partnership)
    with pytest.raises(ValidationError, match="sotto il 10"):
        services.partnership_activate(actor=world.udp, partnership=partnership)
    services.co_financing_add(
        actor=world.udp,
        partnership=partnership,
        kind=CoFinancingKind.IN_KIND,
        description="Volontari: 400 ore",
        amount=D("10000.00"),
    )
    budget = accounts.partnership_budget(partnership)
    assert (budget.co_financing_money, budget.co_financing_in_kind, budget.co_financing_required) == (
        D("14000.00"),
        D("10000.00"),
        D("24000.00"),
    )
    services.partnership_activate(actor=world.udp, partnership=partnership)
    assert partnership.status == PartnershipStatus.ACTIVE


def test_extensions_stay_within_a_quarter_of_the_co_designs_value(world: World) -> None:
    partnership = active_partnership(world)
    grant = {
        "partnership": partnership,
        "reason": "Riapertura del tavolo",
        "act_reference": "Det. 1",
        "act_date": date(2026, 6, 1),
    }
    services.extension_grant(actor=world.udp, amount=D("70000.00"), **grant)
    with pytest.raises(ValidationError, match=re.escape("restano 5.000,00 EUR su 75.000,00 EUR")):
        services.extension_grant(actor=world.udp, amount=D("5000.01"), **grant)
    services.extension_grant(actor=world.udp, amount=D("5000.00"), **grant)
    procedure = Procedure.objects.get(pk=partnership.programme.procedure_id)
    assert procedure.extended_total == procedure.extension_cap == D("75000.00")
    assert Extension.objects.count() == 2
    # The budget grew, and so did the co-financing the partner owes.
    budget = accounts.partnership_budget(partnership)
    assert budget.total == D("315000.00") and budget.co_financing_required == D("31500.00")
    with pytest.raises(PermissionDenied):
        services.extension_grant(actor=world.owner, amount=D(1), **grant)


@pytest.mark.django_db(transaction=True)
def test_concurrent_extensions_never_pass_the_cap(committed_world: World) -> None:
    partnership = active_partnership(committed_world)
    barrier = threading.Barrier(8)

    def request(_index: int) -> str:
        try:
            barrier.wait()
            services.extension_grant(
                actor=committed_world.udp,
                partnership=partnership,
                amount=D("20000.00"),
                reason="Richiesta",
                act_reference="Det.",
                act_date=date(2026, 6, 1),
            )
            return "granted"
        except ValidationError as error:
            return ",".join(str(e.code) for errors in error.error_dict.values() for e in errors)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(request, range(8)))
    # 75,000 / 20,000: three pass, five are refused by the database's check, whatever the interleaving.
    assert sorted(outcomes) == ["cap"] * 5 + ["granted"] * 3
    procedure = Procedure.objects.get(pk=partnership.programme.procedure_id)
    assert procedure.extended_total == D("60000.00") == sum(e.amount for e in Extension.objects.all())


def test_stopping_needs_six_months_notice_and_ccnl_revisions_change_the_budget(world: World) -> None:
    partnership = active_partnership(world)
    with pytest.raises(ValidationError, match="01/09/2027"):
        services.stop_notice_give(
            actor=world.udp,
            partnership=partnership,
            notified_on=date(2027, 3, 1),
            effective_on=date(2027, 8, 31),
            reason="Minori risorse",
        )
    services.stop_notice_give(
        actor=world.udp,
        partnership=partnership,
        notified_on=date(2027, 3, 1),
        effective_on=date(2027, 9, 1),
        reason="Minori risorse",
    )
    partnership.refresh_from_db()
    assert partnership.end_date == date(2027, 8, 31)
    services.cost_revision_add(
        actor=world.udp,
        partnership=partnership,
        contract="CCNL Cooperative sociali",
        effective_from=date(2026, 10, 1),
        amount=D("3600.00"),
        act_reference="Determinazione n. 900",
        act_date=date(2026, 11, 15),
    )
    assert accounts.partnership_budget(partnership).total == D("243600.00")
    with pytest.raises(ValidationError, match="atto"):
        services.cost_revision_add(
            actor=world.udp,
            partnership=partnership,
            contract="x",
            effective_from=date(2026, 1, 1),
            amount=D(1),
            act_reference=" ",
            act_date=date(2026, 1, 1),
        )


def test_the_ets_keeps_its_runts_data(world: World) -> None:
    call = open_call(world)
    profile = services.ets_profile_save(
        actor=call.ets_user,
        organization=world.ets,
        legal_form="Cooperativa sociale di tipo A",
        runts_section=RuntsSection.SOCIAL_ENTERPRISE,
        runts_number="12345",
    )
    assert profile.get_runts_section_display().startswith("d)")
    with pytest.raises(PermissionDenied):
        services.ets_profile_save(
            actor=call.ets_user, organization=call.beta, legal_form="x", runts_section="g"
        )
    with pytest.raises(ValidationError):
        services.ets_profile_save(actor=world.udp, organization=world.y, legal_form="x", runts_section="g")
    assert rules.earliest_stop(date(2027, 8, 31)) == date(2028, 2, 29)
