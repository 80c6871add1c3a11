"""An assembly to test on: the world's Assemblea A (Xanadu presides; Ypsilon and Zeta are members; the ETS is
invited), with every rule set, a mayor's account per member and a session on the agenda."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from django.test import Client
from django.utils import timezone

from assemblies import services
from assemblies.models import DecisionKind, ItemSubject, MajorityKind, Session, Weighting
from governance import permissions
from governance import services as registry
from governance.models import Organ, Role, User
from tests.worlds import World, make_user


@dataclass
class Assembly:
    world: World
    organ: Organ
    mayor_x: User
    mayor_y: User
    mayor_z: User
    session: Session

    def client_for(self, who: str) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(self, who, None) or getattr(self.world, who))
        return client


def set_rules(organ: Organ, **overrides: Any) -> None:
    values: dict[str, Any] = {
        "quorum_numerator": 1,
        "quorum_denominator": 2,
        "quorum_strict": True,
        "second_call_numerator": 1,
        "second_call_denominator": 3,
        "second_call_strict": False,
        "abstentions_count_as_present": True,
        "weighting": Weighting.ONE_EACH,
        "proxies_allowed": True,
        "proxy_limit": 1,
        "notice_days": 5,
        "min_sessions_per_year": 4,
    }
    values.update(overrides)
    services.organ_rules_update(actor=None, organ=organ, **values)
    services.majority_set(
        actor=None, organ=organ, decision_kind=DecisionKind.ORDINARY, kind=MajorityKind.OF_PRESENT
    )
    services.majority_set(
        actor=None, organ=organ, decision_kind=DecisionKind.DISPUTE, kind=MajorityKind.ABSOLUTE
    )


def build_assembly(world: World) -> Assembly:
    organ = world.organ_a
    registry.seat_create(actor=None, organ=organ, organization=world.z, capacity="membro")
    registry.seat_create(actor=None, organ=organ, organization=world.ets, capacity="invitato", has_vote=False)
    set_rules(organ)
    session = services.session_create(
        actor=None,
        organ=organ,
        starts_at=timezone.now() + timedelta(days=10),
        title="Seduta ordinaria",
        place="Sala consiliare",
    )
    services.item_add(
        actor=None, session=session, title="Approvazione del verbale", subject=ItemSubject.FREE_TEXT
    )
    services.item_add(
        actor=None, session=session, title="Comunicazioni del presidente", subject=ItemSubject.COMMUNICATION
    )
    mayor_x = make_user("sindaco.x", world.x, Role.SINDACO)
    mandate = registry.mandate_create(
        actor=None,
        organization=world.x,
        role="sindaco",
        new_person={"given_name": "Xenia", "family_name": "Xanadi"},
    )
    mayor_x.person = mandate.person
    mayor_x.save(update_fields=["person"])
    return Assembly(
        world=world,
        organ=organ,
        mayor_x=mayor_x,
        mayor_y=make_user("sindaco.y", world.y, Role.SINDACO),
        mayor_z=make_user("sindaco.z", world.z, Role.SINDACO),
        session=session,
    )


def sitting(assembly: Assembly, *present: Any) -> Session:
    """Convene the session, check in `present` (default: every member) and open it."""
    world = assembly.world
    session = assembly.session
    services.session_convene(actor=world.udp, session=session)
    for body in present or (world.x, world.y, world.z):
        services.check_in(actor=world.udp, session=session, organization=body)
    services.session_open(actor=world.udp, session=session)
    return session


@dataclass
class LargeAssembly:
    organ: Organ
    session: Session
    mayors: list[tuple[User, Any]]  # (the mayor's account, their comune), one per member
    udp: User


def build_large_assembly(world: World, members: int) -> LargeAssembly:
    """An organ of `members` comuni of the world's first ambito, each with a mayor's account, convened, everyone
    present, the sitting open."""
    from governance.models import RoleAssignment
    from tests.governance.factories import ComuneFactory

    organ = registry.organ_create(
        actor=None, ambiti=[world.ambito_a], kind="assemblea_sindaci", name="Assemblea grande"
    )
    set_rules(organ, proxies_allowed=False)
    mayors = []
    with permissions.batched_regrants():
        for index in range(members):
            comune = ComuneFactory.create(name=f"Comune {index:03d}", province=world.x.province)
            registry.seat_create(actor=None, organ=organ, organization=comune, capacity="membro")
            mayors.append((make_user(f"sindaco.{index:03d}", comune, Role.SINDACO), comune))
    assert RoleAssignment.objects.filter(role=Role.SINDACO).count() >= members
    session = services.session_create(actor=None, organ=organ, starts_at=timezone.now() + timedelta(days=10))
    services.item_add(actor=None, session=session, title="Primo punto", subject=ItemSubject.FREE_TEXT)
    services.item_add(actor=None, session=session, title="Secondo punto", subject=ItemSubject.FREE_TEXT)
    services.session_convene(actor=None, session=session)
    for _user, comune in mayors:
        services.check_in(actor=None, session=session, organization=comune)
    services.session_open(actor=None, session=session)
    return LargeAssembly(organ=organ, session=session, mayors=mayors, udp=world.udp)


def in_course(world: World) -> tuple[Assembly, Any, Any]:
    """The assembly sitting: item 1 voted (a deliberation), item 3 with its vote open, items 4 and 5 still to vote.
    Returns (assembly, the closed vote, the open vote)."""
    from assemblies.models import Choice

    assembly = build_assembly(world)
    for title in ("Bilancio", "Piano Operativo", "Nomina del coordinatore"):
        services.item_add(actor=None, session=assembly.session, title=title, subject=ItemSubject.FREE_TEXT)
    session = sitting(assembly)
    first = services.vote_open(actor=None, item=session.items.get(position=1))
    services.ballot_cast(actor=assembly.mayor_y, vote=first, voter=world.y, choice=Choice.FOR)
    services.vote_close(actor=None, vote=first)
    current = services.vote_open(actor=None, item=session.items.get(position=3))
    return assembly, first, current


def assembly_page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    """The arguments of every assemblies page, on a session in course (with a message kept in the app)."""
    from assemblies.models import Channel, Delivery, DeliveryKind, DeliveryStatus
    from core.models import KeptEmail

    assembly, closed, current = in_course(world)
    session, organ = assembly.session, assembly.organ
    item = session.items.get(position=1)
    kept = KeptEmail.objects.create(
        from_email="ambiti@example.it",
        to="protocollo@pec.xanadu.it",
        subject="Convocazione",
        body="Testo",
        raw=b"",
    )
    delivery = Delivery.objects.create(
        session=session,
        kind=DeliveryKind.INVITATION,
        sequence=0,
        organization=world.x,
        channel=Channel.PEC,
        address="protocollo@pec.xanadu.it",
        status=DeliveryStatus.KEPT,
        answer="trattenuto",
        sent_at=timezone.now(),
        kept_email=kept,
    )
    minutes, act = closed_with_minutes(assembly)
    earlier = minutes.session
    return {
        "assemblies:minutes": {"pk": earlier.pk},
        "assemblies:minutes_revision": {"pk": earlier.pk, "number": 1},
        "assemblies:minutes_finalize": {"pk": earlier.pk},
        "assemblies:minutes_reopen": {"pk": earlier.pk},
        "assemblies:minutes_upload": {"pk": earlier.pk},
        "assemblies:secretary": {"pk": earlier.pk},
        "assemblies:publish_minutes": {"pk": earlier.pk},
        "assemblies:item_notes": {"pk": session.pk, "item_pk": item.pk},
        "assemblies:publish_deliberation": {"pk": closed.deliberation.pk},
        "assemblies:ambito_board": {"pk": world.ambito_a.pk},
        "assemblies:organ_board": {"organ_pk": organ.pk},
        "assemblies:public_index": {},
        "assemblies:public_organ": {"organ_pk": organ.pk},
        "assemblies:public_act": {"pk": act.pk},
        "assemblies:session_list": {},
        "assemblies:rules_update": {"organ_pk": organ.pk},
        "assemblies:majority_update": {"organ_pk": organ.pk},
        "assemblies:quotas_update": {"organ_pk": organ.pk},
        "assemblies:session_create": {"organ_pk": organ.pk},
        "assemblies:session_detail": {"pk": session.pk},
        "assemblies:session_update": {"pk": session.pk},
        "assemblies:session_transition": {"pk": session.pk, "to": "chiusa"},
        "assemblies:item_create": {"pk": session.pk},
        "assemblies:item_update": {"pk": session.pk, "item_pk": item.pk},
        "assemblies:item_delete": {"pk": session.pk, "item_pk": item.pk},
        "assemblies:attendance": {"pk": session.pk},
        "assemblies:proxy_create": {"pk": session.pk},
        "assemblies:console": {"pk": session.pk},
        "assemblies:vote_annul": {"pk": session.pk, "vote_pk": current.pk},
        "assemblies:phone": {"pk": session.pk},
        "assemblies:screen": {"token": session.screen_token},
        "assemblies:deliberation_list": {},
        "assemblies:deliberation_detail": {"pk": closed.deliberation.pk},
        "assemblies:convocation_upload": {"pk": session.pk},
        "assemblies:delivery_message": {"pk": session.pk, "delivery_pk": delivery.pk},
    }


def closed_with_minutes(assembly: Assembly) -> tuple[Any, Any]:
    """An earlier session of the organ, closed, its minutes drafted (the worker's function, run here) and final;
    and a published copy of them, printed. Set up directly: the organ sits elsewhere meanwhile."""
    from django.core.files.base import ContentFile

    from assemblies import minutes as drafting
    from assemblies.models import Minutes, MinutesStatus, PublishedAct, SessionStatus
    from documents.models import RenderStatus

    earlier = services.session_create(
        actor=None,
        organ=assembly.organ,
        starts_at=timezone.now() - timedelta(days=40),
        title="Seduta precedente",
    )
    services.item_add(actor=None, session=earlier, title="Bilancio", subject=ItemSubject.FREE_TEXT)
    Session.objects.filter(pk=earlier.pk).update(
        status=SessionStatus.CLOSED, closed_at=timezone.now() - timedelta(days=40)
    )
    minutes = Minutes.objects.create(session=earlier)
    drafting.prepare(minutes.pk)
    minutes.refresh_from_db()
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.FINAL)
    act = PublishedAct.objects.create(
        organ=assembly.organ,
        kind="verbale",
        minutes=minutes,
        year=timezone.localdate().year,
        number=1,
        title="Verbale della seduta precedente",
        act_date=timezone.localdate() - timedelta(days=40),
        text="Testo con omissis",
        published_from=timezone.localdate(),
        published_until=timezone.localdate() + timedelta(days=14),
    )
    # The published copy's PDF, as the worker would leave it: rendered once per process (the page tests do not test
    # WeasyPrint; tests/assemblies/test_minutes.py does, through the worker).
    content = published_pdf()
    act.file.save(f"albo-{act.organ_id}-{act.year}-{act.number}.pdf", ContentFile(content), save=False)
    act.status, act.sha256, act.page_count = RenderStatus.READY, hashlib.sha256(content).hexdigest(), 1
    act.rendered_at = timezone.now()
    act.save()
    minutes.refresh_from_db()
    return minutes, act


@cache
def published_pdf() -> bytes:
    from documents.rendering import render_pdf

    return render_pdf("<p>Testo con omissis</p>", title="Verbale").content


def wait_for(check: Any, seconds: float = 60) -> Any:
    """Poll `check` until it returns something truthy (what a worker does takes its time)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not done after {seconds} s")


def adopt(
    organ: Organ, voters: list[tuple[User, Any]], *, title: str, subject: str, **item_fields: Any
) -> Any:
    """A session of `organ` with one item, every voter present and in favour, the vote and the session closed: the
    deliberation."""
    from assemblies.models import Choice

    session = services.session_create(
        actor=None, organ=organ, starts_at=timezone.now() + timedelta(days=15), title="Seduta"
    )
    item = services.item_add(actor=None, session=session, title=title, subject=subject, **item_fields)
    services.session_convene(actor=None, session=session)
    for _user, body in voters:
        services.check_in(actor=None, session=session, organization=body)
    services.session_open(actor=None, session=session)
    vote = services.vote_open(actor=None, item=item)
    for user, body in voters:
        services.ballot_cast(actor=user, vote=vote, voter=body, choice=Choice.FOR)
    services.vote_close(actor=None, vote=vote)
    services.session_close(actor=None, session=session)
    vote.refresh_from_db()
    return vote.deliberation
