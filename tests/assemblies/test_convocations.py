"""Convocations end to end with a real Celery worker (through Redis): the letter rendered, signed by the president,
e-mailed with the .ics invitation to members and invitees, one delivery per recipient; changes and cancellation
send new SEQUENCEs of the same UID; a real SMTP server's answers recorded; the calendar feeds."""

import email
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SMTPSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assemblies import convocations, invitations, services
from assemblies.models import (
    CalendarFeed,
    Channel,
    Convocation,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    ItemSubject,
)
from core.models import KeptEmail
from tests.assemblies.helpers import Assembly, build_assembly, wait_for
from tests.worlds import World

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def assembly(committed_world: World, settings: Any) -> Assembly:
    settings.EMAIL_BACKEND = "core.mail.KeptEmailBackend"
    world = committed_world
    for body, pec in ((world.x, "protocollo@pec.xanadu.it"), (world.y, "protocollo@pec.ypsilon.it")):
        body.pec = pec
        body.save(update_fields=["pec"])
    world.z.email = "segreteria@zeta.it"
    world.z.save(update_fields=["email"])
    return build_assembly(world)


def ready_letter(session: Any) -> Convocation:
    def check() -> Convocation | None:
        letter = convocations.current(session)
        return letter if letter is not None and not letter.in_progress else None

    letter = wait_for(check)
    assert letter.is_ready, letter.error
    return letter


def delivered(session: Any, kind: str, count: int) -> list[Delivery]:
    return wait_for(
        lambda: (
            (rows := list(Delivery.objects.filter(session=session, kind=kind)))
            and len(rows) >= count
            and rows
        )
    )


def calendar_of(kept: KeptEmail) -> icalendar.Calendar:
    parsed = email.message_from_bytes(bytes(kept.raw))
    parts: list[Message] = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return icalendar.Calendar.from_ical(payload)


def test_convened_signed_sent_updated_and_cancelled(assembly: Assembly, worker: Any) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    letter = ready_letter(session)
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    command = [pdftotext, letter.file.path, "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "CONVOCAZIONE" in text and "Approvazione del verbale" in text and "Xenia Xanadi" in text
    with pytest.raises(PermissionDenied):
        services.convocation_sign_with_test_certificate(actor=assembly.mayor_y, session=session)
    signature = services.convocation_sign_with_test_certificate(actor=assembly.mayor_x, session=session)
    assert signature.signer_name and signature.sequence == 1
    with pytest.raises(ValidationError, match="già firmata"):
        services.convocation_sign_with_test_certificate(actor=assembly.mayor_x, session=session)

    rows = delivered(session, DeliveryKind.INVITATION, 4)
    by_body = {row.organization_id: row for row in rows}
    assert (
        by_body[world.x.pk].channel == Channel.PEC
        and by_body[world.x.pk].address == "protocollo@pec.xanadu.it"
    )
    assert by_body[world.z.pk].channel == Channel.EMAIL
    assert by_body[world.ets.pk].status == DeliveryStatus.FAILED  # the invited ETS has no address
    assert "nessun indirizzo" in by_body[world.ets.pk].answer
    kept = by_body[world.y.pk].kept_email
    assert by_body[world.y.pk].status == DeliveryStatus.KEPT and kept is not None
    assert {a["filename"] for a in kept.attachments} == {f"convocazione-{session.pk}-v0.pdf", "invito.ics"}
    invitation = calendar_of(kept)
    event = invitation.walk("VEVENT")[0]
    assert (
        invitation["METHOD"] == "REQUEST"
        and event["SEQUENCE"] == 0
        and str(event["UID"]).startswith(str(session.uid))
    )
    assert "Approvazione del verbale" in str(event["DESCRIPTION"])

    # A change of place after convening: a new letter, a new SEQUENCE of the same UID, an update to everyone.
    services.session_update(actor=world.udp, session=session, place="Sala Giunta")
    assert session.sequence == 1
    ready_letter(session)
    services.convocation_sign_with_test_certificate(actor=world.udp, session=session)
    updates = delivered(session, DeliveryKind.UPDATE, 4)
    update = next(row for row in updates if row.organization_id == world.y.pk)
    assert update.kept_email is not None
    event = calendar_of(update.kept_email).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1 and event["LOCATION"] == "Sala Giunta"

    # Cancelled: METHOD:CANCEL with the next SEQUENCE, no letter needed.
    services.session_cancel(actor=world.udp, session=session, reason="Maltempo")
    cancellations = delivered(session, DeliveryKind.CANCELLATION, 4)
    cancelled = next(row for row in cancellations if row.organization_id == world.y.pk)
    assert cancelled.kept_email is not None
    calendar = calendar_of(cancelled.kept_email)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2
    assert "Maltempo" in cancelled.kept_email.body

    # Sending the same state again (a redelivered task) serves nobody twice.
    assert invitations.send(session.pk, DeliveryKind.CANCELLATION, 2)["sent"] == 0
    assert Delivery.objects.filter(session=session, kind=DeliveryKind.CANCELLATION).count() == 4


class Recorder:
    """An SMTP server's handler: accepts every recipient but one, and keeps the messages."""

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.messages: list[bytes] = []

    async def handle_RCPT(
        self, server: SMTP, session: SMTPSession, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address == self.refuse:
            return "550 5.1.1 Casella inesistente"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: SMTPSession, envelope: Envelope) -> str:
        self.messages.append(envelope.content if isinstance(envelope.content, bytes) else b"")
        return "250 2.0.0 Ok: queued as CONVOCAZIONE1"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Recorder]:
    recorder = Recorder(refuse="segreteria@zeta.it")
    with socket.socket() as probe:  # a free port (aiosmtpd's controller needs to know it in advance)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "core.mail.AnsweringSMTPBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield recorder
    finally:
        controller.stop()


def test_a_real_smtp_servers_answers_are_recorded(
    assembly: Assembly, smtp_server: Recorder, worker: Any
) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=world.udp, session=session)
    ready_letter(session)
    services.convocation_sign_with_test_certificate(actor=assembly.mayor_x, session=session)
    rows = {row.organization_id: row for row in delivered(session, DeliveryKind.INVITATION, 4)}
    assert rows[world.x.pk].status == DeliveryStatus.SENT, rows[world.x.pk].answer
    assert rows[world.x.pk].answer == "250 2.0.0 Ok: queued as CONVOCAZIONE1"
    assert (
        rows[world.z.pk].status == DeliveryStatus.FAILED and "Casella inesistente" in rows[world.z.pk].answer
    )
    assert len(smtp_server.messages) == 2 and not KeptEmail.objects.exists()
    sent = email.message_from_bytes(smtp_server.messages[0])
    assert {part.get_content_type() for part in sent.walk()} >= {"application/pdf", "text/calendar"}


def test_an_unsigned_letter_is_not_sent(assembly: Assembly) -> None:
    services.session_convene(actor=None, session=assembly.session)
    assert invitations.send(assembly.session.pk, DeliveryKind.INVITATION, 0) == {
        "sent": 0,
        "skipped": 0,
        "unsigned": 1,
    }
    assert not Delivery.objects.exists()


def test_calendar_feeds_at_secret_addresses(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    services.session_convene(actor=None, session=session)
    planned = services.session_create(
        actor=None, organ=assembly.organ, starts_at=timezone.now() + timedelta(days=40)
    )
    services.item_add(actor=None, session=planned, title="x", subject=ItemSubject.FREE_TEXT)
    with pytest.raises(PermissionDenied):
        services.feed_renew(actor=assembly.mayor_y, organ=assembly.organ)
    organ_feed = services.feed_renew(actor=world.udp, organ=assembly.organ)
    anonymous = Client()
    body = anonymous.get(reverse("assemblies:feed", args=[organ_feed.token])).content
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [
        invitations.uid(session)
    ]  # a planned session is not listed
    person_feed = services.feed_renew(actor=assembly.mayor_x, person=assembly.mayor_x.person)
    with pytest.raises(PermissionDenied):
        services.feed_renew(actor=assembly.mayor_y, person=assembly.mayor_x.person)
    mine = icalendar.Calendar.from_ical(
        anonymous.get(reverse("assemblies:feed", args=[person_feed.token])).content
    )
    assert [str(event["UID"]) for event in mine.walk("VEVENT")] == [invitations.uid(session)]
    renewed = services.feed_renew(actor=world.udp, organ=assembly.organ)
    assert anonymous.get(reverse("assemblies:feed", args=[organ_feed.token])).status_code == 404
    assert anonymous.get(reverse("assemblies:feed", args=[renewed.token])).status_code == 200
    assert CalendarFeed.objects.count() == 2


def test_the_letters_state_and_file_follow_visibility(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    status_url = reverse("assemblies:convocation_status", args=[session.pk])
    assert world.client_for("udp").get(status_url).json() == {"status": None, "settled": True}
    assert world.client_for("other").get(status_url).status_code == 404
    services.session_convene(actor=None, session=session)
    state = world.client_for("udp").get(status_url).json()
    assert state["status"] == "in_coda" and state["settled"] is False
