"""Sessions that end, for the minutes' tests: a session run to its close with an open and a secret vote, a proxy,
and the secretary's notes; a Tavolo di coordinamento (seed 003) that meets without votes."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from assemblies import services
from assemblies.models import Choice, ItemSubject, Secrecy, Session
from governance import services as registry
from governance.models import Organ, Person
from tests.assemblies.helpers import Assembly
from tests.worlds import World

ASSISTED = "Mario Rossi"
ASSISTED_TAX_CODE = "RSSMRA80A01H501U"


def secretary(world: World) -> Person:
    mandate = registry.mandate_create(
        actor=None,
        organization=world.y,
        role="segretario",
        new_person={"given_name": "Sara", "family_name": "Segreti", "tax_code": "SGRSRA85M41H501O"},
    )
    return mandate.person


def run_to_close(assembly: Assembly, *, actor: Any = None) -> Session:
    """Convene, check in X (room) and Y (remote), Z gives Y a proxy; an open vote on item 1 (X and Y for, Z by
    proxy against), a secret vote on a new item 3; notes on item 1 naming an assisted person; close."""
    world, session = assembly.world, assembly.session
    services.item_add(actor=None, session=session, title="Nomina del revisore", subject=ItemSubject.FREE_TEXT)
    services.session_convene(actor=None, session=session)
    services.check_in(actor=None, session=session, organization=world.x)
    services.check_in(actor=None, session=session, organization=world.y, presence="a_distanza")
    services.proxy_grant(actor=None, session=session, grantor=world.z, holder=world.y)
    services.session_open(actor=None, session=session)
    services.minutes_set_secretary(actor=None, session=session, person=secretary(world))
    first = session.items.get(position=1)
    services.item_notes_set(
        actor=None,
        item=first,
        notes=f"Il sindaco di Ypsilon illustra il caso di {ASSISTED} (c.f. {ASSISTED_TAX_CODE}).",
    )
    vote = services.vote_open(actor=None, item=first)
    services.ballot_cast(actor=assembly.mayor_x, vote=vote, voter=world.x, choice=Choice.FOR)
    services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.FOR)
    services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.z, choice=Choice.AGAINST)
    services.vote_close(actor=None, vote=vote)
    secret = services.vote_open(actor=None, item=session.items.get(position=3), secrecy=Secrecy.SECRET)
    services.ballot_cast(actor=assembly.mayor_x, vote=secret, voter=world.x, choice=Choice.FOR)
    services.ballot_cast(actor=assembly.mayor_y, vote=secret, voter=world.y, choice=Choice.ABSTAIN)
    services.vote_close(actor=None, vote=secret)
    services.session_close(actor=actor, session=session)
    session.refresh_from_db()
    return session


def next_session(assembly: Assembly) -> Session:
    return services.session_create(
        actor=None,
        organ=assembly.organ,
        starts_at=timezone.now() + timedelta(days=20),
        title="Seduta successiva",
    )


def tavolo(world: World) -> Organ:
    """A Tavolo di coordinamento of the protocol of seed 003 (art. 11): the adhering bodies' representatives."""
    organ = registry.organ_create(
        actor=None, ambiti=[world.ambito_a], kind="tavolo_coordinamento", name="Tavolo di coordinamento ADI"
    )
    for body in (world.x, world.y, world.z):
        registry.seat_create(actor=None, organ=organ, organization=body, capacity="referente")
    services.organ_rules_update(actor=None, organ=organ, notice_days=3)
    return organ


def approval_vote(assembly: Assembly, minutes: Any) -> Any:
    """The next session, sitting with every member, its vote on approving `minutes` open and everyone in favour:
    closing it (from the console or the service) approves them."""
    world = assembly.world
    following = next_session(assembly)
    services.item_add(
        actor=None,
        session=following,
        title="Approvazione del verbale",
        subject=ItemSubject.MINUTES,
        minutes=minutes,
    )
    services.session_convene(actor=None, session=following)
    for body in (world.x, world.y, world.z):
        services.check_in(actor=None, session=following, organization=body)
    services.session_open(actor=None, session=following)
    vote = services.vote_open(actor=None, item=following.items.get())
    for mayor, body in (
        (assembly.mayor_x, world.x),
        (assembly.mayor_y, world.y),
        (assembly.mayor_z, world.z),
    ):
        services.ballot_cast(actor=mayor, vote=vote, voter=body, choice=Choice.FOR)
    return vote
