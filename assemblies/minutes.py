"""The minutes' text and PDF: the draft the worker writes from what the app recorded (attendance with arrival and
departure, delegates and proxies, the agenda with the secretary's notes, each vote with its counts and, for open
votes, the names), and the PDF/A of a revision (documents/jobs.py, registered in AssembliesConfig.ready())."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from assemblies import rules
from assemblies.models import (
    AgendaItem,
    Attendance,
    Choice,
    Minutes,
    MinutesDocument,
    MinutesRevision,
    OpenBallot,
    Participation,
    Proxy,
    Session,
    Vote,
    VoteStatus,
)
from documents import jobs


@dataclass(frozen=True)
class VoteRecord:
    vote: Vote
    counts: dict[str, int]
    names: dict[str, list[str]]  # open votes only: the voters by choice


def _vote_records(item: AgendaItem) -> list[VoteRecord]:
    records = []
    for vote in item.votes.all():
        counts = dict.fromkeys(Choice.values, 0)
        for tally in vote.tallies.all():
            counts[tally.choice] = tally.ballots
        names: dict[str, list[str]] = defaultdict(list)
        if rules.names_shown(vote):
            for participation in vote.participations.all():
                ballot: OpenBallot | None = getattr(participation, "ballot", None)
                if ballot is not None:
                    names[ballot.choice].append(str(participation.voter))
        records.append(VoteRecord(vote, counts, {choice: sorted(voters) for choice, voters in names.items()}))
    return records


def draft_context(session: Session) -> dict[str, Any]:
    votes = Vote.objects.prefetch_related(
        "tallies",
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("voter", "ballot").order_by("voter__name"),
        ),
    ).select_related("deliberation")
    items = list(
        session.items.order_by("position")
        .select_related("agreement", "minutes__session")
        .prefetch_related(Prefetch("votes", queryset=votes.order_by("round")))
    )
    day = timezone.localtime(session.starts_at).date()
    presiding = rules.presiding_seats(session.organ, day)
    return {
        "session": session,
        "organ": session.organ,
        "president": rules.president_person(session),
        "presiding_body": presiding[0].organization if presiding else None,
        "members": list(rules.member_bodies(session.organ, day)),
        "attendances": list(
            Attendance.objects.filter(session=session)
            .select_related("organization", "person")
            .order_by("arrived_at", "organization__name")
        ),
        "proxies": list(
            Proxy.objects.filter(session=session)
            .select_related("grantor", "holder")
            .order_by("grantor__name")
        ),
        "items": [(item, _vote_records(item)) for item in items],
        "closed": VoteStatus.CLOSED,
        "choices": Choice,
    }


def draft_text(session: Session) -> str:
    text = render_to_string("assemblies/minutes/draft.txt", draft_context(session))
    lines = [line.rstrip() for line in text.splitlines()]
    # The template's own blank lines collapse to one between paragraphs.
    compact: list[str] = []
    for line in lines:
        if line or (compact and compact[-1]):
            compact.append(line)
    return "\n".join(compact).strip() + "\n"


def prepare(minutes_id: int) -> dict[str, Any]:
    """The worker's draft (idempotent: minutes already drafted are left as they are)."""
    with transaction.atomic():
        minutes = (
            Minutes.objects.select_for_update(of=("self",))
            .select_related("session__organ", "session__secretary")
            .filter(pk=minutes_id)
            .first()
        )
        if minutes is None:
            return {"status": "missing"}
        if not rules.minutes_preparing(minutes):
            return {"status": minutes.status}
        try:
            text = draft_text(minutes.session)
        except Exception as error:  # recorded on the row, shown with a button to try again
            minutes.draft_error = str(error)
            minutes.save(update_fields=["draft_error", "updated_at"])
            return {"status": minutes.status, "error": minutes.draft_error}
        minutes.text, minutes.revision, minutes.draft_error = text, minutes.revision + 1, ""
        minutes.status = rules.M.DRAFT
        minutes.save(update_fields=["text", "revision", "draft_error", "status", "updated_at"])
        MinutesRevision.objects.create(minutes=minutes, number=minutes.revision, text=text, author=None)
    return {"status": minutes.status, "revision": minutes.revision}


def queue_draft(minutes: Minutes) -> None:
    from assemblies.tasks import draft_minutes

    minutes_id = minutes.pk
    transaction.on_commit(lambda: draft_minutes.delay(minutes_id))


def printout(document: MinutesDocument) -> jobs.Printout:
    minutes = document.minutes
    session = minutes.session
    revision = MinutesRevision.objects.get(minutes=minutes, number=document.revision)
    signers = rules.minutes_signers(session)
    context = {
        "session": session,
        "organ": session.organ,
        "text": revision.text,
        "signers": [(role, rules.MinutesSigner(role).label, person) for role, person in signers],
        "sent": rules.minutes_are_sent(
            rules.minutes_regime(getattr(session.organ, "rules", None), session.organ)
        ),
    }
    return jobs.Printout(
        html=render_to_string("assemblies/print/minutes.html", context),
        title=str(minutes),
        filename=f"verbale-{session.pk}-rev{document.revision}.pdf",
        created_at=document.created_at,
    )


def register() -> None:
    # Only the non-nullable path: the worker locks the job with these joins (FOR UPDATE refuses outer ones).
    jobs.register_renderer(MinutesDocument, printout, select_related=("minutes__session__organ",))


def request_render(*, minutes: Minutes, actor: Any) -> MinutesDocument:
    """Queue the PDF of the current revision (once committed); a ready one is returned as is."""
    document, created = MinutesDocument.objects.get_or_create(
        minutes=minutes,
        revision=minutes.revision,
        defaults={"requested_by": actor if getattr(actor, "pk", None) else None},
    )
    jobs.request(document, created=created)
    return document


def current_document(minutes: Minutes) -> MinutesDocument | None:
    return (
        MinutesDocument.objects.filter(minutes=minutes, revision=minutes.revision)
        .prefetch_related("signatures")
        .first()
    )
