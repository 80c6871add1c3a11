"""Reads for the assemblies' pages and API: every list filtered by what the user may see (the organ's visibility),
with its related rows fetched up front so that the number of queries does not grow with the rows."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import presence, rules
from assemblies.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Deliberation,
    Delivery,
    DeliveryKind,
    Minutes,
    MinutesRevision,
    OrganRules,
    Participation,
    Proxy,
    PublishedAct,
    Session,
    Vote,
    VoteStatus,
)
from core.models import PeriodModel
from documents.models import RenderStatus
from governance import permissions
from governance.models import Organ, Organization, Seat


def visible_organs(user: Any) -> QuerySet[Organ]:
    return permissions.filter_visible(user, Organ.objects.all())


def session_list(
    *, user: Any, search: str = "", organ: int | None = None, status: str = "", ambito: int | None = None
) -> QuerySet[Session]:
    sessions = Session.objects.filter(organ__in=visible_organs(user)).select_related("organ")
    if search:
        sessions = sessions.filter(
            Q(title__icontains=search) | Q(organ__name__icontains=search) | Q(place__icontains=search)
        )
    if organ:
        sessions = sessions.filter(organ_id=organ)
    if ambito:
        sessions = sessions.filter(organ__ambiti=ambito).distinct()
    if status:
        sessions = sessions.filter(status=status)
    return sessions.annotate(item_count=Count("items", distinct=True)).order_by("-starts_at", "pk")


def organ_for(*, user: Any, pk: int) -> Organ:
    organ = visible_organs(user).filter(pk=pk).prefetch_related("ambiti").first()
    if organ is None:
        raise Http404
    return organ


def session_for(*, user: Any, pk: int) -> Session:
    session = (
        Session.objects.filter(pk=pk, organ__in=visible_organs(user))
        .select_related("organ", "organ__managing_body", "secretary")
        .first()
    )
    if session is None:
        raise Http404
    return session


def organ_rules(organ: Organ) -> OrganRules | None:
    return (
        OrganRules.objects.filter(organ=organ)
        .prefetch_related("majorities", "quotas__organization", "composition_rules__agreement")
        .first()
    )


def agenda(session: Session) -> list[AgendaItem]:
    votes = Vote.objects.select_related("deliberation").order_by("round")
    return list(
        session.items.select_related(
            "agreement",
            "minutes__session__organ",
            "budget_version__budget",
            "budget_report",
            "quota__subambito",
        )
        .prefetch_related(Prefetch("votes", queryset=votes))
        .order_by("position")
    )


def open_vote(session: Session) -> Vote | None:
    return Vote.objects.filter(item__session=session, status=VoteStatus.OPEN).select_related("item").first()


def ballots_cast(vote: Vote) -> int:
    return Participation.objects.filter(vote=vote).count()


def latest_closed_vote(session: Session) -> Vote | None:
    return (
        Vote.objects.filter(item__session=session, status=VoteStatus.CLOSED)
        .select_related("item", "deliberation")
        .order_by("-closed_at")
        .first()
    )


def named_ballots(vote: Vote) -> list[Participation]:
    """An open vote's ballots with the voters' names, shown once it is closed (never for a secret vote)."""
    if not rules.names_shown(vote):
        return []
    return list(
        Participation.objects.filter(vote=vote).select_related("voter", "ballot").order_by("voter__name")
    )


def attendance(session: Session) -> list[Attendance]:
    return list(session.attendances.select_related("organization", "person").order_by("-arrived_at"))


def proxies(session: Session) -> list[Proxy]:
    return list(session.proxies.select_related("grantor", "holder").order_by("grantor__name"))


@dataclass
class QuorumView:
    standing: presence.Standing
    call: str
    holds: bool | None
    rule_label: str


def quorum(session: Session, rules_row: OrganRules | None) -> QuorumView:
    standing = presence.standing(session, rules_row)
    call = rules.sitting_call(session)
    label = rules.quorum_label(rules_row, call) if rules_row is not None else ""
    return QuorumView(standing=standing, call=call, holds=standing.holds(call), rule_label=label)


def deliberation_list(
    *, user: Any, search: str = "", organ: int | None = None, year: str = ""
) -> QuerySet[Deliberation]:
    deliberations = Deliberation.objects.filter(organ__in=visible_organs(user)).select_related(
        "organ", "item__session"
    )
    if search:
        deliberations = deliberations.filter(Q(title__icontains=search) | Q(text__icontains=search))
    if organ:
        deliberations = deliberations.filter(organ_id=organ)
    if year.isdigit():
        deliberations = deliberations.filter(year=int(year))
    return deliberations.order_by("-year", "-number", "organ__name")


def deliberation_for(*, user: Any, pk: int) -> Deliberation:
    deliberation = (
        Deliberation.objects.filter(pk=pk, organ__in=visible_organs(user))
        .select_related("organ", "item__session", "item__agreement", "vote")
        .first()
    )
    if deliberation is None:
        raise Http404
    return deliberation


def sessions_of_organ(organ: Organ, limit: int = 10) -> list[Session]:
    return list(organ.sessions.select_related("minutes").order_by("-starts_at")[:limit])


def upcoming_for_body(organization: Organization) -> list[Session]:
    """Sessions convened or sitting of the organs the body sits in (seats in force today)."""
    day = timezone.localdate()
    organs = PeriodModel.overlapping(Seat.objects.filter(organization=organization), day, day).values(
        "organ_id"
    )
    return list(
        Session.objects.filter(organ__in=organs, status__in=rules.ATTENDANCE)
        .select_related("organ")
        .order_by("starts_at")[:10]
    )


def cast_by(vote: Vote, voter_ids: list[int]) -> set[int]:
    """Which of these voters have cast their ballot in this vote."""
    if not voter_ids:
        return set()
    return set(
        Participation.objects.filter(vote=vote, voter_id__in=voter_ids).values_list("voter_id", flat=True)
    )


def deliveries(session: Session) -> list[Delivery]:
    return list(
        Delivery.objects.filter(session=session)
        .select_related("organization", "person")
        .order_by("-sent_at", "organization__name")
    )


def feed_sessions(feed: CalendarFeed) -> tuple[list[Session], str]:
    """The sessions a feed lists (from their convocation on), and the calendar's name."""
    sessions = (
        Session.objects.filter(status__in=rules.IN_CALENDAR).select_related("organ").prefetch_related("items")
    )
    if feed.organ is not None:
        return list(sessions.filter(organ=feed.organ).order_by("starts_at")), str(feed.organ)
    person = feed.person
    assert person is not None
    day = timezone.localdate()
    bodies = PeriodModel.overlapping(person.mandates.all(), day, day).values("organization_id")
    organs = Organ.objects.filter(Q(seats__person=person) | Q(seats__organization__in=bodies))
    return list(sessions.filter(organ__in=organs).distinct().order_by("starts_at")), _(
        "Sedute di %(name)s"
    ) % {"name": person.full_name}


def minutes_of(session: Session) -> Minutes | None:
    return Minutes.objects.filter(session=session).select_related("approved_by", "publication").first()


def minutes_revisions(minutes: Minutes) -> list[MinutesRevision]:
    return list(MinutesRevision.objects.filter(minutes=minutes).select_related("author").defer("text"))


def minutes_deliveries(session: Session) -> list[Delivery]:
    return list(
        Delivery.objects.filter(session=session, kind=DeliveryKind.MINUTES).select_related(
            "organization", "person"
        )
    )


def public_acts() -> QuerySet[PublishedAct]:
    """What the public pages serve: the published copies whose PDF is ready (never the internal text)."""
    return PublishedAct.objects.filter(status=RenderStatus.READY).select_related("organ")


def public_on_board(organ: Organ, today: Any) -> list[PublishedAct]:
    return list(
        public_acts()
        .filter(organ=organ, published_from__lte=today, published_until__gte=today)
        .order_by("-year", "-number")
    )


def public_archive(organ: Organ, today: Any) -> QuerySet[PublishedAct]:
    return public_acts().filter(organ=organ, published_until__lt=today).order_by("-year", "-number")


def publishing_organs() -> list[Organ]:
    return list(
        Organ.objects.filter(pk__in=public_acts().values("organ_id"))
        .annotate(acts=Count("published_acts", filter=Q(published_acts__status=RenderStatus.READY)))
        .order_by("name")
    )


def publication_of(deliberation: Deliberation) -> PublishedAct | None:
    return PublishedAct.objects.filter(deliberation=deliberation).first()
