"""Convocations by e-mail and calendar: who receives them (members and invitees, at the body's PEC where it has
one), the .ics invitation (a stable UID for the session's life, a new SEQUENCE when it changes, CANCEL when it is
cancelled), and the sending, run by the worker, that records one delivery per recipient with the server's answer.
Sending again after a crash skips whoever already has a delivery for that state of the session."""

from dataclasses import dataclass
from datetime import timedelta

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import rules
from assemblies.models import (
    Channel,
    Convocation,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    MinutesDocument,
    Session,
)
from core import mail
from documents import chain
from governance.models import Organization, Person

DEFAULT_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class Recipient:
    organization: Organization | None
    person: Person | None
    channel: str
    address: str

    @property
    def name(self) -> str:
        return str(self.organization or self.person)


def recipients(session: Session) -> list[Recipient]:
    """Every body seated in the organ on the session's day (members and invitees) at its PEC, else its e-mail;
    and every person seated without a body, at their e-mail. A body with neither is listed too (its delivery
    records that it could not be reached)."""
    day = timezone.localtime(session.starts_at).date()
    found: list[Recipient] = []
    seen: set[int] = set()
    for seat in rules.seats_in_force(session.organ, day).select_related("organization", "person"):
        body, person = seat.organization, seat.person
        if body is not None:
            if body.pk in seen:
                continue
            seen.add(body.pk)
            if body.pec:
                found.append(Recipient(body, None, Channel.PEC, body.pec))
            elif body.email:
                found.append(Recipient(body, None, Channel.EMAIL, body.email))
            else:
                found.append(Recipient(body, None, Channel.NONE, ""))
        elif person is not None:
            found.append(
                Recipient(None, person, Channel.EMAIL if person.email else Channel.NONE, person.email)
            )
    return sorted(found, key=lambda recipient: recipient.name)


def uid(session: Session) -> str:
    return f"{session.uid}@{settings.APP_DOMAIN}"


def calendar_event(session: Session, *, cancelled: bool = False) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + DEFAULT_LENGTH)
    event.add("summary", f"{session.organ}: {session.title}")
    if session.place:
        event.add("location", session.place)
    agenda = "\n".join(f"{item.position}. {item.title}" for item in session.items.order_by("position"))
    description = _("Ordine del giorno:") + "\n" + agenda
    if session.video_link:
        description += "\n\n" + _("Collegamento a distanza: %(link)s") % {"link": session.video_link}
        event.add("url", session.video_link)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(session: Session, *, cancelled: bool = False, attendees: tuple[Recipient, ...] = ()) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Ambiti sociali//Assemblee//IT")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = calendar_event(session, cancelled=cancelled)
    event.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    for recipient in attendees:
        if recipient.address:
            attendee = icalendar.vCalAddress(f"mailto:{recipient.address}")
            attendee.params["cn"] = icalendar.vText(recipient.name)
            attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()


def feed(sessions: list[Session], name: str) -> bytes:
    """An iCal feed: every session listed, cancelled ones marked so."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Ambiti sociali//Assemblee//IT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(calendar_event(session, cancelled=rules.is_cancelled(session)))
    return calendar.to_ical()


def minutes_message(session: Session, recipient: Recipient, document: MinutesDocument) -> EmailMessage:
    """A Tavolo's verbale to a signatory body (seed 003, art. 4): the PDF, no calendar."""
    date = timezone.localtime(session.starts_at).strftime("%d/%m/%Y")
    subject = _("Verbale: %(organ)s, riunione del %(date)s") % {"organ": session.organ, "date": date}
    body = render_to_string(
        "assemblies/mail/minutes.txt", {"session": session, "recipient": recipient, "date": date}
    )
    email = EmailMessage(subject=subject, body=body, to=[recipient.address])
    email.attach(f"verbale-{session.pk}.pdf", chain.read_file(document.file), "application/pdf")
    return email


def message(
    session: Session, recipient: Recipient, kind: str, convocation: Convocation | None
) -> EmailMessage:
    cancelled = kind == DeliveryKind.CANCELLATION
    subject = {
        DeliveryKind.INVITATION: _("Convocazione: %(organ)s, %(date)s"),
        DeliveryKind.UPDATE: _("Convocazione aggiornata: %(organ)s, %(date)s"),
        DeliveryKind.CANCELLATION: _("Seduta annullata: %(organ)s, %(date)s"),
    }[DeliveryKind(kind)] % {
        "organ": session.organ,
        "date": timezone.localtime(session.starts_at).strftime("%d/%m/%Y"),
    }
    body = render_to_string(
        "assemblies/mail/convocation.txt",
        {
            "session": session,
            "recipient": recipient,
            "kind": kind,
            "cancelled": cancelled,
            "updated": kind == DeliveryKind.UPDATE,
            "items": session.items.order_by("position"),
            "url": settings.APP_BASE_URL.rstrip("/")
            + reverse("assemblies:session_detail", args=[session.pk]),
        },
    )
    email = EmailMessage(subject=subject, body=body, to=[recipient.address])
    if convocation is not None and not cancelled:
        signed = convocation.signature
        email.attach(
            f"convocazione-{session.pk}-v{convocation.sequence}.pdf",
            chain.read_file(signed.file),
            "application/pdf",
        )
    method = "CANCEL" if cancelled else "REQUEST"
    email.attach(
        "invito.ics",
        invitation(session, cancelled=cancelled, attendees=(recipient,)),
        f"text/calendar; method={method}",
    )
    return email


def send(session_id: int, kind: str, sequence: int) -> dict[str, int]:
    """Send one state of the session to every recipient not yet served (the worker runs it)."""
    session = Session.objects.select_related("organ").get(pk=session_id)
    convocation = None
    document = None
    if kind == DeliveryKind.MINUTES:
        document = MinutesDocument.objects.filter(minutes__session=session, revision=sequence).first()
        if document is None or not document.is_ready:
            return {"sent": 0, "skipped": 0, "unsigned": 1}
    elif kind != DeliveryKind.CANCELLATION:
        convocation = (
            Convocation.objects.filter(session=session, sequence=sequence).select_related("signature").first()
        )
        if convocation is None or not hasattr(convocation, "signature"):
            return {"sent": 0, "skipped": 0, "unsigned": 1}
    served = set(
        Delivery.objects.filter(session=session, kind=kind, sequence=sequence).values_list(
            "organization_id", "person_id"
        )
    )
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for recipient in recipients(session):
        key = (
            recipient.organization.pk if recipient.organization else None,
            recipient.person.pk if recipient.person else None,
        )
        if key in served:
            counts["skipped"] += 1
            continue
        if not recipient.address:
            outcome = mail.Sent(False, _("nessun indirizzo PEC o e-mail nel registro"))
        else:
            outcome = mail.send(
                minutes_message(session, recipient, document)
                if document is not None
                else message(session, recipient, kind, convocation)
            )
        status = (
            DeliveryStatus.FAILED
            if not outcome.accepted
            else DeliveryStatus.KEPT
            if outcome.kept is not None
            else DeliveryStatus.SENT
        )
        try:
            with transaction.atomic():
                Delivery.objects.create(
                    session=session,
                    convocation=convocation,
                    kind=kind,
                    sequence=sequence,
                    organization=recipient.organization,
                    person=recipient.person,
                    channel=recipient.channel,
                    address=recipient.address,
                    status=status,
                    answer=outcome.answer[:2000],
                    sent_at=timezone.now(),
                    kept_email=outcome.kept,
                )
        except IntegrityError:  # another run served this recipient meanwhile
            counts["skipped"] += 1
            continue
        counts["sent" if outcome.accepted else "failed"] += 1
    return counts


def queue(session: Session, kind: str) -> None:
    """Queue the sending of the session's current state once the caller's transaction commits."""
    from assemblies.tasks import send_session_mail

    session_id, sequence = session.pk, session.sequence
    transaction.on_commit(lambda: send_session_mail.delay(session_id, kind, sequence))


def queue_minutes(session: Session, document: MinutesDocument) -> None:
    """Queue the sending of a Tavolo's verbale (the document's revision is the delivery's sequence)."""
    from assemblies.tasks import send_session_mail

    session_id, revision = session.pk, document.revision
    transaction.on_commit(lambda: send_session_mail.delay(session_id, DeliveryKind.MINUTES, revision))


def kind_for(session: Session) -> str:
    return DeliveryKind.UPDATE if session.sequence > 0 else DeliveryKind.INVITATION
