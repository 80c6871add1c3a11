"""The compliance board on constructed cases (each rule, late and not yet late), and the deadline reminder sent
once by a real worker however many times the task runs."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from assemblies import compliance, services
from assemblies.models import Deadline, DeadlineReminder, ItemSubject, Minutes, MinutesStatus, SessionStatus
from governance import services as registry
from governance.models import Organ
from tests.assemblies.helpers import Assembly, build_assembly, set_rules
from tests.worlds import World

pytestmark = pytest.mark.django_db


def texts(board: compliance.Board, area: str) -> list[tuple[str, str]]:
    return [(finding.severity, finding.text) for finding in board.findings if finding.area == area]


def closed_session(organ: Organ, day: date, **fields: Any) -> Any:
    session = services.session_create(
        actor=None,
        organ=organ,
        starts_at=timezone.make_aware(datetime(day.year, day.month, day.day, 18)),
    )
    session.status = SessionStatus.CLOSED
    session.closed_at = session.starts_at + timedelta(hours=2)
    session.save(update_fields=["status", "closed_at"])
    return session


def test_sessions_held_against_the_yearly_minimum(world: World) -> None:
    assembly = build_assembly(world)  # minimum 4 a year
    organ = assembly.organ
    in_march = date(2026, 3, 1)
    assert texts(compliance.organ_board(organ, in_march), "sessions") == [
        ("warning", f"{organ}: 0 sedute tenute nel 2026 su almeno 4 (a oggi ne servivano 0; programmate: 1)")
    ]
    late = compliance.organ_board(organ, date(2026, 7, 1))
    assert [severity for severity, _text in texts(late, "sessions")] == [
        "late"
    ]  # 0 of the 1 or 2 due by July
    for month in (2, 4, 6, 9):
        closed_session(organ, date(2026, month, 10))
    assert texts(compliance.organ_board(organ, date(2026, 10, 1)), "sessions") == []


def test_composition_rules_broken_are_listed(world: World) -> None:
    organ = world.organ_a
    set_rules(organ)
    from assemblies.models import CompositionKind, CompositionRule, OrganRules

    CompositionRule.objects.create(
        rules=OrganRules.objects.get(organ=organ), kind=CompositionKind.PER_SUBAMBITO, number=2
    )
    found = texts(compliance.organ_board(organ, timezone.localdate()), "composition")
    assert found and all(severity == "late" for severity, _text in found)
    assert "componenti su 2" in found[0][1]


def test_seats_and_mandates_ending_or_ended_without_successor(world: World) -> None:
    organ = world.organ_a
    today = date(2026, 11, 27)
    seat = organ.seats.get(organization=world.y)
    seat.end_date = today + timedelta(days=30)
    seat.save(update_fields=["end_date"])
    mandate = registry.mandate_create(
        actor=None,
        organization=world.x,
        role="sindaco",
        new_person={"given_name": "Ugo", "family_name": "Uscente"},
        start_date=date(2021, 10, 4),
        end_date=today - timedelta(days=3),
    )
    found = texts(compliance.organ_board(organ, today), "mandates")
    assert ("warning", f"{organ}: il posto di {world.y} (componente) scade il 27/12/2026") in found
    assert ("late", f"{world.x}: l'incarico di sindaco di {mandate.person} è scaduto il 24/11/2026") in found
    registry.mandate_create(
        actor=None,
        organization=world.x,
        role="sindaco",
        new_person={"given_name": "Nina", "family_name": "Nuova"},
        start_date=today - timedelta(days=2),
    )
    later = texts(compliance.organ_board(organ, today), "mandates")
    assert not any("Uscente" in text for _severity, text in later)  # a successor in office: nothing to do
    assert any(f"il posto di {world.y}" in text for _severity, text in later)
    far = texts(compliance.organ_board(organ, today - timedelta(days=61)), "mandates")
    assert not any(f"il posto di {world.y}" in text for _severity, text in far)  # beyond 60 days: not yet


def test_minutes_unsigned_or_unapproved(world: World) -> None:
    assembly = build_assembly(world)
    organ = assembly.organ
    old = closed_session(organ, date(2026, 9, 1))
    Minutes.objects.create(session=old, status=MinutesStatus.DRAFT, text="bozza", revision=1)
    recent = closed_session(organ, date(2026, 11, 20))
    signed_at = timezone.make_aware(datetime(2026, 11, 21, 10))
    Minutes.objects.create(
        session=recent, status=MinutesStatus.SIGNED, text="firmato", revision=1, signed_at=signed_at
    )
    found = texts(compliance.organ_board(organ, date(2026, 11, 27)), "minutes")
    assert [severity for severity, _text in found] == ["late", "warning"]
    assert "Bozza" in found[0][1] and "da approvare" in found[1][1]
    closed_session(organ, date(2026, 11, 25))  # a later session closed without approving them
    found = texts(compliance.organ_board(organ, date(2026, 11, 27)), "minutes")
    assert [severity for severity, _text in found] == ["late", "late"]


def adopted_plan(assembly: Assembly, subject: str, year: int) -> None:
    from assemblies.models import Choice

    world = assembly.world
    session = assembly.session
    services.item_add(actor=None, session=session, title="Piano", subject=subject, reference_year=year)
    services.session_convene(actor=None, session=session)
    for body in (world.x, world.y, world.z):
        services.check_in(actor=None, session=session, organization=body)
    services.session_open(actor=None, session=session)
    item = session.items.get(subject=subject)
    assert item.decision_kind == "programmazione"
    vote = services.vote_open(actor=None, item=item)
    for mayor, body in (
        (assembly.mayor_x, world.x),
        (assembly.mayor_y, world.y),
        (assembly.mayor_z, world.z),
    ):
        services.ballot_cast(actor=mayor, vote=vote, voter=body, choice=Choice.FOR)
    services.vote_close(actor=None, vote=vote)


def test_yearly_deadlines_late_due_and_met(world: World) -> None:
    assembly = build_assembly(world)
    organ = assembly.organ
    organ.kind = "assemblea_sindaci"
    organ.save(update_fields=["kind"])
    from assemblies.models import MajorityKind

    services.majority_set(
        actor=None, organ=organ, decision_kind="programmazione", kind=MajorityKind.OF_PRESENT
    )
    states = {s.deadline: s for s in compliance.deadline_states(world.ambito_a, date(2026, 3, 10))}
    assert states[Deadline.OPERATIVE_PLAN].due_on == date(2026, 3, 31)
    assert (
        states[Deadline.ANNUAL_REPORT].due_on == date(2026, 1, 31)
        and states[Deadline.ANNUAL_REPORT].year == 2025
    )
    board = compliance.ambito_board(world.ambito_a, date(2026, 3, 10))
    assert texts(board, "deadlines") == [
        ("warning", "Piano Operativo annuale 2026: da approvare entro il 31/03/2026"),
        ("late", "Relazione annuale 2025: da approvare entro il 31/01/2026, in ritardo"),
    ]
    adopted_plan(assembly, ItemSubject.OPERATIVE_PLAN, 2026)
    board = compliance.ambito_board(world.ambito_a, date(2026, 3, 10))
    assert [text for _s, text in texts(board, "deadlines")] == [
        "Relazione annuale 2025: da approvare entro il 31/01/2026, in ritardo"
    ]


@pytest.mark.django_db(transaction=True)
def test_the_reminder_goes_once_with_a_real_worker(
    committed_world: World, worker: Any, settings: Any
) -> None:
    from assemblies.tasks import remind_deadlines
    from core.models import KeptEmail

    settings.EMAIL_BACKEND = "core.mail.KeptEmailBackend"
    world = committed_world
    organ = world.organ_a
    organ.kind = "assemblea_sindaci"
    organ.save(update_fields=["kind"])
    world.udp.email = "udp@ambito-a.it"
    world.udp.save(update_fields=["email"])
    first = remind_deadlines.delay("2026-11-27").get(timeout=60)
    second = remind_deadlines.delay("2026-11-28").get(timeout=60)
    assert first["sent"] >= 1 and second["sent"] == 0
    # Ambito A's office is told of its two open deadlines (last year's report, this year's plan); an ambito whose
    # office has no e-mail address gets its reminder recorded as not delivered, once too.
    reminders = DeadlineReminder.objects.filter(ambito=world.ambito_a)
    assert sorted(reminders.values_list("deadline", "year")) == [
        (Deadline.OPERATIVE_PLAN, 2026),
        (Deadline.ANNUAL_REPORT, 2025),
    ]
    assert DeadlineReminder.objects.count() == first["sent"] + first["failed"]
    assert KeptEmail.objects.filter(to="udp@ambito-a.it").count() == 2
    # Racing runs insert the same reminder once (the unique constraint decides).
    assert compliance.send_reminders(date(2026, 11, 29)) == {"sent": 0, "skipped": 0, "failed": 0}
    # The report on 2026 is reminded from 1 January 2027 (31 January, 30 days before): once, on the first run
    # after that; on 28 February the window of the 2027 plan (31 March) has not opened yet, on 2 March it has.
    assert compliance.send_reminders(date(2026, 12, 31))["sent"] == 0
    assert compliance.send_reminders(date(2027, 1, 1))["sent"] == 1
    assert compliance.send_reminders(date(2027, 2, 28))["sent"] == 0
    assert compliance.send_reminders(date(2027, 3, 2))["sent"] == 1
