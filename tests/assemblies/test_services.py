"""The assemblies' services on real rows: convening and its guards, presence and quorum, proxies and delegates,
votes open and secret, deliberations and their effects."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus
from assemblies import presence, services
from assemblies.models import (
    Acting,
    AgendaItem,
    Call,
    Choice,
    Deliberation,
    ItemSubject,
    OpenBallot,
    OrganRules,
    Outcome,
    Participation,
    Secrecy,
    SessionStatus,
    VoteStatus,
    Weighting,
)
from core.models import AuditEvent
from governance import permissions
from governance import services as registry
from governance.models import PopulationFigure
from tests.agreements.helpers.drafting import draft
from tests.agreements.helpers.pages import with_article
from tests.assemblies.helpers import Assembly, sitting

pytestmark = pytest.mark.django_db


def first_item(assembly: Assembly) -> AgendaItem:
    return assembly.session.items.get(position=1)


# --- convening ---------------------------------------------------------------------------------------------


def test_rules_no_act_states_block_convening_until_the_ufficio_di_piano_sets_them(assembly: Assembly) -> None:
    world = assembly.world
    OrganRules.objects.filter(organ=assembly.organ).update(
        quorum_numerator=None, quorum_denominator=None, weighting=""
    )
    with pytest.raises(ValidationError) as refused:
        services.session_convene(actor=world.udp, session=assembly.session)
    assert "il numero legale" in str(refused.value) and "il peso dei voti" in str(refused.value)
    assert assembly.session.status == SessionStatus.PLANNED
    services.organ_rules_update(
        actor=world.udp,
        organ=assembly.organ,
        quorum_numerator=1,
        quorum_denominator=2,
        weighting=Weighting.ONE_EACH,
    )
    services.session_convene(actor=world.udp, session=assembly.session)
    assert assembly.session.status == SessionStatus.CONVENED


def test_an_item_of_a_kind_without_a_majority_blocks_convening(assembly: Assembly) -> None:
    services.item_add(
        actor=None,
        session=assembly.session,
        title="Nomina",
        subject=ItemSubject.FREE_TEXT,
        decision_kind="nomina",
    )
    with pytest.raises(ValidationError, match="nomine ed elezioni"):
        services.session_convene(actor=assembly.world.udp, session=assembly.session)


def test_notice_days_are_checked(assembly: Assembly) -> None:
    services.session_update(
        actor=None, session=assembly.session, starts_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="il preavviso è di 5 giorni"):
        services.session_convene(actor=assembly.world.udp, session=assembly.session)


def test_only_the_managing_ufficio_di_piano_prepares(assembly: Assembly) -> None:
    for outsider in (assembly.world.owner, assembly.world.other, assembly.mayor_y):
        with pytest.raises(PermissionDenied):
            services.session_convene(actor=outsider, session=assembly.session)
        with pytest.raises(PermissionDenied):
            services.item_add(
                actor=outsider, session=assembly.session, title="x", subject=ItemSubject.FREE_TEXT
            )


def test_a_change_after_convening_is_a_new_sequence_and_a_cancellation_one_more(assembly: Assembly) -> None:
    session = assembly.session
    services.session_convene(actor=assembly.world.udp, session=session)
    assert session.sequence == 0
    services.session_update(actor=assembly.world.udp, session=session, place="Sala Giunta")
    assert session.sequence == 1
    services.session_update(actor=assembly.world.udp, session=session, title="Seduta straordinaria")
    assert session.sequence == 1
    with pytest.raises(ValidationError):
        services.session_cancel(actor=assembly.world.udp, session=session, reason=" ")
    services.session_cancel(actor=assembly.world.udp, session=session, reason="Maltempo")
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 2)
    with pytest.raises(ValidationError, match="non può passare"):
        services.session_convene(actor=assembly.world.udp, session=session)


def test_population_weights_name_the_missing_year_and_take_only_an_explicit_choice(
    assembly: Assembly,
) -> None:
    world = assembly.world
    services.organ_rules_update(actor=world.udp, organ=assembly.organ, weighting=Weighting.POPULATION)
    session = assembly.session
    wanted = session.starts_at.year - 1
    for body, population in ((world.x, 1000), (world.y, 2000), (world.z, 500)):
        PopulationFigure.objects.create(
            organization=body, reference_date=date(wanted - 3, 12, 31), population=population
        )
    with pytest.raises(ValidationError) as refused:
        services.session_convene(actor=world.udp, session=session)
    message = str(refused.value)
    assert f"31/12/{wanted}" in message and f"è il {wanted - 3}" in message
    services.session_update(actor=world.udp, session=session, population_year=wanted - 3)
    services.session_convene(actor=world.udp, session=session)
    standing = presence.standing(session, services.organ_rules_of(assembly.organ))
    assert standing.weights == {world.x.pk: 1000, world.y.pk: 2000, world.z.pk: 500}


# --- presence and quorum -----------------------------------------------------------------------------------


def test_one_voter_per_member_body_however_many_seats(assembly: Assembly) -> None:
    world = assembly.world
    registry.seat_create(actor=None, organ=assembly.organ, organization=world.x, capacity="membro")
    standing = presence.standing(assembly.session, services.organ_rules_of(assembly.organ))
    assert sorted(m.pk for m in standing.members) == sorted([world.x.pk, world.y.pk, world.z.pk])


def test_the_quorum_follows_arrivals_and_departures(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    rules_row = services.organ_rules_of(assembly.organ)
    services.check_in(actor=world.udp, session=session, organization=world.ets)  # invited: does not count
    stay = services.check_in(actor=world.udp, session=session, organization=world.y)
    assert presence.standing(session, rules_row).holds(Call.FIRST) is False
    with pytest.raises(ValidationError, match="Manca il numero legale"):
        services.session_open(actor=world.udp, session=session)
    services.check_in(actor=world.udp, session=session, organization=world.z)
    assert presence.standing(session, rules_row).holds(Call.FIRST) is True
    services.check_out(actor=world.udp, attendance=stay)
    assert presence.standing(session, rules_row).holds(Call.FIRST) is False
    with pytest.raises(ValidationError, match="già presente"):
        services.check_in(actor=world.udp, session=session, organization=world.z)


def test_second_call_sits_with_fewer_from_its_time(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_update(
        actor=world.udp,
        session=session,
        starts_at=timezone.now() + timedelta(days=6),
        second_call_at=timezone.now() + timedelta(days=6, hours=1),
    )
    services.session_convene(actor=world.udp, session=session)
    services.check_in(actor=world.udp, session=session, organization=world.y)
    with pytest.raises(ValidationError, match="Manca il numero legale"):
        services.session_open(actor=world.udp, session=session)
    session.second_call_at = timezone.now() - timedelta(minutes=1)
    session.starts_at = timezone.now() - timedelta(hours=1)
    session.save(update_fields=["second_call_at", "starts_at"])
    services.session_open(actor=world.udp, session=session)
    assert session.sitting_call == Call.SECOND


def test_a_delegate_acts_for_their_own_body_only(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    with pytest.raises(ValidationError, match="un delegato agisce per il proprio ente"):
        services.check_in(
            actor=world.udp,
            session=session,
            organization=world.z,
            person=world.person_y,
            acting=Acting.DELEGATE,
        )
    with pytest.raises(ValidationError, match="chi interviene"):
        services.check_in(actor=world.udp, session=session, organization=world.z, acting=Acting.DELEGATE)
    stay = services.check_in(
        actor=world.udp, session=session, organization=world.y, person=world.person_y, acting=Acting.DELEGATE
    )
    assert stay.acting == Acting.DELEGATE


def test_a_member_checks_in_from_the_phone_only_where_the_organ_allows(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    with pytest.raises(PermissionDenied):
        services.check_in(actor=assembly.mayor_y, session=session, organization=world.y)
    services.organ_rules_update(actor=world.udp, organ=assembly.organ, member_check_in=True)
    with pytest.raises(PermissionDenied):
        services.check_in(actor=assembly.mayor_y, session=session, organization=world.z)
    stay = services.check_in(actor=assembly.mayor_y, session=session, organization=world.y)
    assert stay.self_checked_in


# --- proxies -----------------------------------------------------------------------------------------------


def test_proxy_rules(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    services.organ_rules_update(actor=world.udp, organ=assembly.organ, proxies_allowed=False)
    with pytest.raises(ValidationError, match="non ammettono deleghe"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.z, holder=world.y)
    services.organ_rules_update(actor=world.udp, organ=assembly.organ, proxies_allowed=True, proxy_limit=1)
    with pytest.raises(ValidationError, match="diritto di voto"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.ets, holder=world.y)
    with pytest.raises(ValidationError, match="sé stesso"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.y, holder=world.y)
    services.proxy_grant(actor=world.udp, session=session, grantor=world.z, holder=world.y)
    with pytest.raises(ValidationError, match="ha già delegato"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.z, holder=world.x)
    with pytest.raises(ValidationError, match="il massimo ammesso"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.x, holder=world.y)
    with pytest.raises(ValidationError, match="non si trasferisce"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.x, holder=world.z)
    with pytest.raises(ValidationError, match="porta già deleghe"):
        services.proxy_grant(actor=world.udp, session=session, grantor=world.y, holder=world.x)


def test_the_proxy_holder_votes_for_the_grantor_who_cannot_vote_itself(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    services.proxy_grant(actor=world.udp, session=session, grantor=world.z, holder=world.y)
    for body in (world.x, world.y, world.z):
        services.check_in(actor=world.udp, session=session, organization=body)
    services.session_open(actor=world.udp, session=session)
    vote = services.vote_open(actor=world.udp, item=first_item(assembly))
    ballots = {e.voter_id: e.proxy_holder_id for e in services.ballots_for(assembly.mayor_y, vote)}
    assert ballots == {world.y.pk: None, world.z.pk: world.y.pk}
    assert services.ballots_for(assembly.mayor_z, vote) == []
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.FOR)
    cast = services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.z, choice=Choice.AGAINST)
    assert cast.by_proxy and cast.cast_by == assembly.mayor_y


def test_a_grantor_whose_holder_is_absent_is_not_present(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    services.proxy_grant(actor=world.udp, session=session, grantor=world.z, holder=world.y)
    services.check_in(actor=world.udp, session=session, organization=world.z)
    services.check_in(actor=world.udp, session=session, organization=world.x)
    standing = presence.standing(session, services.organ_rules_of(assembly.organ))
    assert standing.present == {world.x.pk}


# --- votes and deliberations -------------------------------------------------------------------------------


def test_an_open_vote_is_decided_by_the_organs_rule_and_numbered(assembly: Assembly) -> None:
    world = assembly.world
    session = sitting(assembly)
    item = first_item(assembly)
    with pytest.raises(ValidationError, match="comunicazione"):
        services.vote_open(actor=world.udp, item=session.items.get(position=2))
    vote = services.vote_open(actor=assembly.mayor_x, item=item)
    with pytest.raises(ValidationError, match="già una votazione aperta"):
        services.vote_open(actor=world.udp, item=item)
    services.ballot_cast(actor=assembly.mayor_x, vote=vote, voter=world.x, choice=Choice.FOR)
    services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.FOR)
    with pytest.raises(ValidationError, match="già stato registrato"):
        services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.AGAINST)
    services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.ABSTAIN)
    closed = services.vote_close(actor=assembly.mayor_x, vote=vote)
    assert (closed.status, closed.outcome, closed.ballots_cast) == (VoteStatus.CLOSED, Outcome.ADOPTED, 3)
    assert services.vote_close(actor=assembly.mayor_x, vote=vote).closed_at == closed.closed_at
    deliberation = Deliberation.objects.get(vote=vote)
    assert (deliberation.number, deliberation.year) == (1, timezone.localdate().year)
    assert (deliberation.favour, deliberation.against, deliberation.abstain) == (2, 0, 1)
    with pytest.raises(ValidationError, match="chiusa"):
        services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.FOR)
    with pytest.raises(ValidationError, match="già stato votato"):
        services.vote_open(actor=world.udp, item=item)


def test_only_the_president_or_the_ufficio_di_piano_conduct(assembly: Assembly) -> None:
    sitting(assembly)
    for outsider in (assembly.mayor_y, assembly.world.owner, assembly.world.other):
        with pytest.raises(PermissionDenied):
            services.vote_open(actor=outsider, item=first_item(assembly))


def test_deliberations_are_numbered_per_organ_and_year(assembly: Assembly) -> None:
    world = assembly.world
    session = assembly.session
    services.item_add(actor=None, session=session, title="Secondo", subject=ItemSubject.FREE_TEXT)
    sitting(assembly)
    numbers = []
    for item in session.items.filter(subject=ItemSubject.FREE_TEXT).order_by("position"):
        vote = services.vote_open(actor=world.udp, item=item)
        services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.AGAINST)
        services.vote_close(actor=world.udp, vote=vote)
        numbers.append(vote.deliberation.reference)
    year = timezone.localdate().year
    assert numbers == [f"1/{year}", f"2/{year}"]
    assert Deliberation.objects.get(number=1).outcome == Outcome.REJECTED


def test_a_secret_vote_stores_no_choice_next_to_a_voter(assembly: Assembly) -> None:
    world = assembly.world
    sitting(assembly)
    vote = services.vote_open(actor=world.udp, item=first_item(assembly), secrecy=Secrecy.SECRET)
    services.ballot_cast(actor=assembly.mayor_x, vote=vote, voter=world.x, choice=Choice.FOR)
    services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.AGAINST)
    services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.FOR)
    services.vote_close(actor=world.udp, vote=vote)
    assert not OpenBallot.objects.filter(participation__vote=vote).exists()
    assert Participation.objects.filter(vote=vote).count() == 3
    tallies = {t.choice: (t.ballots, t.weight) for t in vote.tallies.all()}
    assert tallies[Choice.FOR] == (2, Decimal(2)) and tallies[Choice.AGAINST] == (1, Decimal(1))
    trail = AuditEvent.objects.filter(content_type__model="participation")
    assert trail.count() == 3
    assert not any(choice in str(event.changes) for event in trail for choice in Choice.values)


def test_a_vote_can_be_annulled_and_repeated_both_recorded(assembly: Assembly) -> None:
    world = assembly.world
    sitting(assembly)
    item = first_item(assembly)
    first = services.vote_open(actor=world.udp, item=item)
    services.ballot_cast(actor=assembly.mayor_y, vote=first, voter=world.y, choice=Choice.FOR)
    with pytest.raises(ValidationError):
        services.vote_annul(actor=world.udp, vote=first, reason="")
    services.vote_annul(actor=world.udp, vote=first, reason="Errore nel testo messo ai voti")
    with pytest.raises(ValidationError, match="annullata"):
        services.vote_close(actor=world.udp, vote=first)
    second = services.vote_open(actor=world.udp, item=item)
    assert (second.round, item.votes.count()) == (2, 2)
    assert first.status == VoteStatus.ANNULLED


def test_adopting_the_approval_of_an_agreements_text_moves_it_on(assembly: Assembly) -> None:
    world = assembly.world
    agreement = with_article(world, draft(world))
    item = services.item_add(
        actor=world.udp,
        session=assembly.session,
        title="Approvazione della convenzione",
        subject=ItemSubject.AGREEMENT_TEXT,
        agreement=agreement,
    )
    sitting(assembly)
    vote = services.vote_open(actor=world.udp, item=item)
    for mayor, body in ((assembly.mayor_x, world.x), (assembly.mayor_y, world.y)):
        services.ballot_cast(actor=mayor, vote=vote, voter=body, choice=Choice.FOR)
    services.vote_close(actor=assembly.mayor_x, vote=vote)
    agreement.refresh_from_db()
    deliberation = vote.deliberation
    assert agreement.status == AgreementStatus.IN_APPROVAL
    assert agreement.assembly_approval.endswith(
        f"n. {deliberation.reference} del {timezone.localdate():%d/%m/%Y}"
    )
    assert "Bozza" in deliberation.effect and "In approvazione" in deliberation.effect


def test_an_agreement_of_another_ambito_is_refused_on_the_agenda(assembly: Assembly) -> None:
    world = assembly.world
    agreement = draft(world)
    agreement.ambito = world.ambito_b
    agreement.save(update_fields=["ambito"])
    permissions.regrant(Agreement, [agreement.pk])
    with pytest.raises(ValidationError, match="di un suo ambito"):
        services.item_add(
            actor=world.udp,
            session=assembly.session,
            title="x",
            subject=ItemSubject.AGREEMENT_TEXT,
            agreement=agreement,
        )


def test_an_organ_sits_in_one_session_at_a_time(assembly: Assembly) -> None:
    world = assembly.world
    sitting(assembly)
    other = services.session_create(
        actor=None, organ=assembly.organ, starts_at=timezone.now() + timedelta(days=9)
    )
    services.item_add(actor=None, session=other, title="Punto", subject=ItemSubject.FREE_TEXT)
    services.session_convene(actor=world.udp, session=other)
    for body in (world.x, world.y, world.z):
        services.check_in(actor=world.udp, session=other, organization=body)
    with pytest.raises(ValidationError, match="sta già tenendo un'altra seduta"):
        services.session_open(actor=world.udp, session=other)
    services.session_close(actor=world.udp, session=assembly.session)
    services.session_open(actor=world.udp, session=other)
    assert other.status == SessionStatus.OPEN
