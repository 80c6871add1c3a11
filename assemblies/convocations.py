"""The convocation letter: what the worker prints for a session (documents/jobs.py), registered in
AssembliesConfig.ready(); one letter per state of the session (its SEQUENCE)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from assemblies import rules
from assemblies.models import Convocation, Session
from documents import jobs


def letter_context(session: Session) -> dict[str, Any]:
    day = timezone.localtime(session.starts_at).date()
    presiding = rules.presiding_seats(session.organ, day)
    return {
        "session": session,
        "organ": session.organ,
        "items": list(session.items.select_related("agreement").order_by("position")),
        "members": list(rules.member_bodies(session.organ, day)),
        "invited": list(rules.invited_bodies(session.organ, day)),
        "president": rules.president_person(session),
        "presiding_body": presiding[0].organization if presiding else None,
        "updated": session.sequence > 0,
    }


def printout(convocation: Convocation) -> jobs.Printout:
    session = convocation.session
    return jobs.Printout(
        html=render_to_string("assemblies/print/convocation.html", letter_context(session)),
        title=str(convocation),
        filename=f"convocazione-{session.pk}-v{convocation.sequence}.pdf",
        created_at=convocation.created_at,
    )


def register() -> None:
    jobs.register_renderer(Convocation, printout, select_related=("session__organ",))


def request_render(*, session: Session, actor: Any) -> Convocation:
    """Queue the letter of the session as it is now (once committed); a ready letter is returned as is."""
    convocation, created = Convocation.objects.get_or_create(
        session=session,
        sequence=session.sequence,
        defaults={"requested_by": actor if getattr(actor, "pk", None) else None},
    )
    jobs.request(convocation, created=created)
    return convocation


def current(session: Session) -> Convocation | None:
    return (
        Convocation.objects.filter(session=session, sequence=session.sequence)
        .select_related("signature")
        .first()
    )
