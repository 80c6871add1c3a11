"""The compliance board: what is late or broken in an ambito's organs, each finding with the page that fixes it.

Rules (docs/assemblies.md gives the sources):
- sessions held this year against the organ's minimum (seed 000, art. 3: 4 for the sub-ambito assembly), late when
  fewer than the share of the year gone by requires;
- composition rules broken (rules.composition_problems: Comitato Ristretto, TLTS commission);
- seats and head mandates (mayors, presidents, legal representatives of the member bodies) ending within
  MANDATE_WARNING_DAYS, or ended with no successor;
- minutes not yet signed (late after MINUTES_LATE_DAYS) or signed and not yet approved (late once a later session
  closed without approving them);
- the yearly deadlines of seed 002, art. 13: the Piano Operativo by the end of March, the annual report by the end
  of January of the next year, met by an adopted deliberation of the Assemblea dei Sindaci on an agenda item of
  that kind and year. The worker reminds the Ufficio di Piano DEADLINE_REMINDER_DAYS before each, once.

The reads are one query per kind of finding, whatever the number of sessions, minutes, seats or mandates; the
composition check asks a few per organ that has composition rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import rules
from assemblies.models import (
    Deadline,
    DeadlineReminder,
    Deliberation,
    ItemSubject,
    Minutes,
    OrganRules,
    Outcome,
    Session,
    SessionStatus,
)
from core import mail
from core.models import PeriodModel
from governance.models import Ambito, Mandate, Organ, OrganKind, Role, RoleAssignment, Seat, User

LATE = "late"
WARNING = "warning"
MINUTES_LATE_DAYS = 30  # practice: the minutes are signed within a month of the session

AREAS = {
    "sessions": _("Sedute"),
    "composition": _("Composizione"),
    "mandates": _("Incarichi e componenti"),
    "minutes": _("Verbali"),
    "deadlines": _("Scadenze annuali"),
}


@dataclass(frozen=True)
class Finding:
    area: str
    severity: str
    text: str
    url: str
    action: str
    organ: Organ | None = None
    due: date | None = None

    @property
    def late(self) -> bool:
        return self.severity == LATE


@dataclass
class Board:
    today: date
    organs: list[Organ]
    findings: list[Finding] = field(default_factory=list)
    sessions: list[tuple[Organ, int, int | None, int]] = field(default_factory=list)  # held, minimum, planned
    deadlines: list[DeadlineState] = field(default_factory=list)

    @property
    def late(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.late]

    def by_area(self) -> list[tuple[str, str, list[Finding]]]:
        return [
            (key, str(label), [finding for finding in self.findings if finding.area == key])
            for key, label in AREAS.items()
        ]


@dataclass(frozen=True)
class DeadlineState:
    deadline: str
    year: int
    due_on: date
    met_by: Deliberation | None
    organ: Organ | None

    @property
    def label(self) -> str:
        return str(Deadline(self.deadline).label)

    @property
    def met(self) -> bool:
        return self.met_by is not None


# --- the deadlines of seed 002, art. 13 ---------------------------------------------------------------

DEADLINE_SUBJECTS = {
    Deadline.OPERATIVE_PLAN: ItemSubject.OPERATIVE_PLAN,
    Deadline.ANNUAL_REPORT: ItemSubject.ANNUAL_REPORT,
}


def due_date(deadline: str, year: int) -> date:
    """The Piano Operativo of `year` by 31 March of that year; the report on `year` by 31 January after it."""
    if deadline == Deadline.OPERATIVE_PLAN:
        return date(year, 3, 31)
    return date(year + 1, 1, 31)


def deadlines_in_view(today: date) -> list[tuple[str, int]]:
    """The deadlines the board shows today: this year's plan, and the report on last year (due this January);
    from November on, also next year's plan is announced only by the reminder, not listed."""
    return [(Deadline.OPERATIVE_PLAN, today.year), (Deadline.ANNUAL_REPORT, today.year - 1)]


def approving_organs(ambiti: QuerySet[Ambito] | list[Ambito]) -> QuerySet[Organ]:
    return Organ.objects.filter(ambiti__in=ambiti, kind=OrganKind.ASSEMBLEA_SINDACI).distinct()


def deadline_states(ambito: Ambito, today: date) -> list[DeadlineState]:
    organs = list(approving_organs([ambito]))
    wanted = deadlines_in_view(today)
    met = _met_deadlines(organs, wanted)
    return [
        DeadlineState(
            deadline, year, due_date(deadline, year), met.get((deadline, year)), organs[0] if organs else None
        )
        for deadline, year in wanted
    ]


def _met_by_organ(
    organs: list[Organ], wanted: list[tuple[str, int]]
) -> dict[tuple[int, str, int], Deliberation]:
    """The first adopted deliberation meeting each (organ, deadline, year) among `wanted`, in one query."""
    if not organs:
        return {}
    condition = Q()
    for deadline, year in wanted:
        condition |= Q(item__subject=DEADLINE_SUBJECTS[Deadline(deadline)], item__reference_year=year)
    found = (
        Deliberation.objects.filter(condition, organ__in=organs, outcome=Outcome.ADOPTED)
        .select_related("item")
        .order_by("adopted_on")
    )
    by_subject = {subject: deadline for deadline, subject in DEADLINE_SUBJECTS.items()}
    met: dict[tuple[int, str, int], Deliberation] = {}
    for deliberation in found:
        deadline = by_subject[ItemSubject(deliberation.item.subject)]
        met.setdefault((deliberation.organ_id, deadline, deliberation.item.reference_year or 0), deliberation)
    return met


def _met_deadlines(organs: list[Organ], wanted: list[tuple[str, int]]) -> dict[tuple[str, int], Deliberation]:
    met: dict[tuple[str, int], Deliberation] = {}
    for (_organ, deadline, year), deliberation in sorted(
        _met_by_organ(organs, wanted).items(), key=lambda pair: pair[1].adopted_on
    ):
        met.setdefault((deadline, year), deliberation)
    return met


# --- the board -----------------------------------------------------------------------------------------


def _session_url(organ: Organ) -> str:
    return reverse("assemblies:session_create", args=[organ.pk])


def _session_findings(board: Board, organs: list[Organ], rules_by_organ: dict[int, OrganRules]) -> None:
    today = board.today
    counts = {
        row["organ"]: row
        for row in Session.objects.filter(organ__in=organs, starts_at__year=today.year)
        .values("organ")
        .annotate(
            held=Count("pk", filter=Q(status=SessionStatus.CLOSED)),
            planned=Count("pk", filter=Q(status__in=[SessionStatus.PLANNED, SessionStatus.CONVENED])),
        )
    }
    elapsed = (today - date(today.year, 1, 1)).days + 1
    length = (date(today.year + 1, 1, 1) - date(today.year, 1, 1)).days
    for organ in organs:
        row = counts.get(organ.pk, {"held": 0, "planned": 0})
        organ_rules = rules_by_organ.get(organ.pk)
        minimum = organ_rules.min_sessions_per_year if organ_rules else None
        board.sessions.append((organ, row["held"], minimum, row["planned"]))
        if not minimum or row["held"] >= minimum:
            continue
        expected = minimum * elapsed // length
        board.findings.append(
            Finding(
                "sessions",
                LATE if row["held"] < expected else WARNING,
                _(
                    "%(organ)s: %(held)d sedute tenute nel %(year)d su almeno %(minimum)d (a oggi ne servivano "
                    "%(expected)d; programmate: %(planned)d)"
                )
                % {
                    "organ": organ,
                    "held": row["held"],
                    "year": today.year,
                    "minimum": minimum,
                    "expected": expected,
                    "planned": row["planned"],
                },
                _session_url(organ),
                _("Programma una seduta"),
                organ,
            )
        )


def _composition_findings(board: Board, organs: list[Organ], rules_by_organ: dict[int, OrganRules]) -> None:
    for organ in organs:
        organ_rules = rules_by_organ.get(organ.pk)
        if organ_rules is None or not organ_rules.composition_rules.all():
            continue
        for problem in rules.composition_problems(organ, organ_rules, board.today):
            board.findings.append(
                Finding(
                    "composition",
                    LATE,
                    f"{organ}: {problem}",
                    organ.get_absolute_url() + "#seats-heading",
                    _("Correggi i componenti"),
                    organ,
                )
            )


def _mandate_findings(board: Board, organs: list[Organ]) -> None:
    today = board.today
    horizon = today + timedelta(days=settings.MANDATE_WARNING_DAYS)
    successor_seat = PeriodModel.overlapping(
        Seat.objects.filter(
            organ=OuterRef("organ"),
            organization=OuterRef("organization"),
            capacity=OuterRef("capacity"),
            start_date__gt=OuterRef("end_date"),
        ),
        horizon,
        horizon,
    )
    ending_seats = (
        Seat.objects.filter(organ__in=organs, end_date__isnull=False, end_date__lte=horizon)
        .annotate(renewed=Exists(successor_seat))
        .filter(renewed=False)
        .select_related("organ", "organization", "person")
        .order_by("end_date")
    )
    for seat in ending_seats:
        holder = seat.person or seat.organization
        assert seat.end_date is not None  # filtered above
        board.findings.append(
            Finding(
                "mandates",
                LATE if seat.end_date < today else WARNING,
                (
                    _("%(organ)s: il posto di %(holder)s (%(capacity)s) è scaduto il %(date)s")
                    if seat.end_date < today
                    else _("%(organ)s: il posto di %(holder)s (%(capacity)s) scade il %(date)s")
                )
                % {
                    "organ": seat.organ,
                    "holder": holder,
                    "capacity": seat.get_capacity_display().lower(),
                    "date": seat.end_date.strftime("%d/%m/%Y"),
                },
                seat.organ.get_absolute_url() + "#seats-heading",
                _("Rinnova il componente"),
                seat.organ,
                seat.end_date,
            )
        )
    bodies = PeriodModel.overlapping(Seat.objects.filter(organ__in=organs), today, horizon).values(
        "organization_id"
    )
    successor_mandate = Mandate.objects.filter(
        organization=OuterRef("organization"), role=OuterRef("role"), start_date__gt=OuterRef("end_date")
    )
    ending_mandates = (
        Mandate.objects.filter(
            organization__in=bodies,
            role__in=rules.HEAD_ROLES,
            end_date__isnull=False,
            end_date__lte=horizon,
            end_date__gte=today - timedelta(days=365),
        )
        .annotate(renewed=Exists(successor_mandate))
        .filter(renewed=False)
        .select_related("organization", "person")
        .order_by("end_date")
    )
    for mandate in ending_mandates:
        assert mandate.end_date is not None  # filtered above
        board.findings.append(
            Finding(
                "mandates",
                LATE if mandate.end_date < today else WARNING,
                (
                    _("%(body)s: l'incarico di %(role)s di %(person)s è scaduto il %(date)s")
                    if mandate.end_date < today
                    else _("%(body)s: l'incarico di %(role)s di %(person)s scade il %(date)s")
                )
                % {
                    "body": mandate.organization,
                    "role": mandate.get_role_display().lower(),
                    "person": mandate.person,
                    "date": mandate.end_date.strftime("%d/%m/%Y"),
                },
                mandate.organization.get_absolute_url(),
                _("Aggiorna gli incarichi"),
                None,
                mandate.end_date,
            )
        )


def _minutes_findings(board: Board, organs: list[Organ]) -> None:
    today = board.today
    later_closed = Session.objects.filter(
        organ=OuterRef("session__organ"), status=SessionStatus.CLOSED, starts_at__gt=OuterRef("signed_at")
    )
    pending = (
        Minutes.objects.filter(session__organ__in=organs)
        .filter(Q(status__in=rules.MINUTES_UNSIGNED) | Q(status=rules.M.SIGNED))
        .annotate(overdue_approval=Exists(later_closed))
        .select_related("session__organ")
        .order_by("session__starts_at")
    )
    for minutes in pending:
        session = minutes.session
        closed_on = timezone.localdate(session.closed_at) if session.closed_at else today
        url = reverse("assemblies:minutes", args=[session.pk])
        if rules.minutes_approvable(minutes):
            board.findings.append(
                Finding(
                    "minutes",
                    LATE if minutes.overdue_approval else WARNING,
                    _("%(session)s: verbale firmato, da approvare in una seduta successiva")
                    % {"session": session},
                    _session_url(session.organ),
                    _("Mettilo all'ordine del giorno"),
                    session.organ,
                )
            )
        else:
            board.findings.append(
                Finding(
                    "minutes",
                    LATE if (today - closed_on).days > MINUTES_LATE_DAYS else WARNING,
                    _("%(session)s: verbale «%(status)s»")
                    % {"session": session, "status": minutes.get_status_display()},
                    url,
                    _("Apri il verbale"),
                    session.organ,
                )
            )


def _deadline_findings(board: Board, states: list[DeadlineState]) -> None:
    for state in states:
        if state.met:
            continue
        days = (state.due_on - board.today).days
        if days > settings.DEADLINE_REMINDER_DAYS:
            continue
        text = (
            _("%(deadline)s %(year)d: da approvare entro il %(date)s, in ritardo")
            if days < 0
            else _("%(deadline)s %(year)d: da approvare entro il %(date)s")
        ) % {"deadline": state.label, "year": state.year, "date": state.due_on.strftime("%d/%m/%Y")}
        board.findings.append(
            Finding(
                "deadlines",
                LATE if days < 0 else WARNING,
                text,
                _session_url(state.organ) if state.organ else "",
                _("Programma la seduta dell'Assemblea") if state.organ else "",
                state.organ,
                state.due_on,
            )
        )


def _rules_by_organ(organs: list[Organ]) -> dict[int, OrganRules]:
    rows = OrganRules.objects.filter(organ__in=organs).prefetch_related("composition_rules__agreement")
    return {row.organ_id: row for row in rows}


def board_for_organs(organs: list[Organ], today: date) -> Board:
    board = Board(today=today, organs=organs)
    by_organ = _rules_by_organ(organs)
    _session_findings(board, organs, by_organ)
    _composition_findings(board, organs, by_organ)
    _mandate_findings(board, organs)
    _minutes_findings(board, organs)
    return board


def ambito_board(ambito: Ambito, today: date | None = None) -> Board:
    today = today or timezone.localdate()
    organs = list(Organ.objects.filter(ambiti=ambito).order_by("name").distinct())
    board = board_for_organs(organs, today)
    board.deadlines = deadline_states(ambito, today)
    _deadline_findings(board, board.deadlines)
    return board


def organ_board(organ: Organ, today: date | None = None) -> Board:
    return board_for_organs([organ], today or timezone.localdate())


# --- reminders ----------------------------------------------------------------------------------------


def reminder_recipients(ambito: Ambito) -> list[User]:
    """The Ufficio di Piano of the ambito: users with that role at its capofila or ente gestore."""
    bodies = [pk for pk in (ambito.capofila_id, getattr(ambito, "ente_gestore_id", None)) if pk]
    users = User.objects.filter(
        pk__in=RoleAssignment.objects.filter(organization_id__in=bodies, role=Role.UFFICIO_DI_PIANO).values(
            "user_id"
        ),
        is_active=True,
    ).exclude(email="")
    return list(users.order_by("pk"))


def due_reminders(today: date) -> list[tuple[Ambito, DeadlineState]]:
    """Each ambito's open deadlines within the reminder window (or already past), not yet reminded."""
    window = timedelta(days=settings.DEADLINE_REMINDER_DAYS)
    candidates = [(deadline, year) for deadline, year in _reminder_years(today)]
    ambiti = list(Ambito.objects.filter(organs__kind=OrganKind.ASSEMBLEA_SINDACI).distinct().order_by("pk"))
    reminded = set(
        DeadlineReminder.objects.filter(ambito__in=ambiti).values_list("ambito_id", "deadline", "year")
    )
    # Every ambito's approving organs, and what they have approved, in two queries whatever the number of ambiti.
    organs = list(approving_organs(ambiti).prefetch_related("ambiti").order_by("pk"))
    met = _met_by_organ(organs, candidates)
    due: list[tuple[Ambito, DeadlineState]] = []
    for ambito in ambiti:
        own = [organ for organ in organs if any(a.pk == ambito.pk for a in organ.ambiti.all())]
        for deadline, year in candidates:
            due_on = due_date(deadline, year)
            if (ambito.pk, deadline, year) in reminded:
                continue
            if any((organ.pk, deadline, year) in met for organ in own):
                continue
            if due_on - window <= today:
                due.append((ambito, DeadlineState(deadline, year, due_on, None, own[0] if own else None)))
    return due


def _reminder_years(today: date) -> list[tuple[str, int]]:
    """The deadlines whose reminder may fall today: this year's plan, next year's (its window opens in March),
    the report on last year and on this year (due next January)."""
    return [
        (Deadline.OPERATIVE_PLAN, today.year),
        (Deadline.OPERATIVE_PLAN, today.year + 1),
        (Deadline.ANNUAL_REPORT, today.year - 1),
        (Deadline.ANNUAL_REPORT, today.year),
    ]


def _reminder_message(ambito: Ambito, state: DeadlineState, users: list[User]) -> EmailMessage:
    subject = _("Scadenza: %(deadline)s %(year)d entro il %(date)s") % {
        "deadline": state.label,
        "year": state.year,
        "date": state.due_on.strftime("%d/%m/%Y"),
    }
    body = render_to_string(
        "assemblies/mail/deadline.txt",
        {
            "ambito": ambito,
            "state": state,
            "url": settings.APP_BASE_URL.rstrip("/") + reverse("assemblies:ambito_board", args=[ambito.pk]),
        },
    )
    return EmailMessage(subject=subject, body=body, to=[user.email for user in users])


def send_reminders(today: date | None = None) -> dict[str, int]:
    """Remind each Ufficio di Piano once per deadline: the reminder's row is taken first under a unique
    constraint, so two workers (or a redelivered task) never send it twice; the server's answer is kept."""
    today = today or timezone.localdate()
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for ambito, state in due_reminders(today):
        users = reminder_recipients(ambito)
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(
                    ambito=ambito,
                    deadline=state.deadline,
                    year=state.year,
                    due_on=state.due_on,
                    recipients=", ".join(user.email for user in users),
                )
        except IntegrityError:
            counts["skipped"] += 1
            continue
        if not users:
            outcome = mail.Sent(False, _("nessun utente dell'Ufficio di Piano con un indirizzo e-mail"))
        else:
            outcome = mail.send(_reminder_message(ambito, state, users))
        reminder.answer = outcome.answer[:2000]
        reminder.save(update_fields=["answer"])
        counts["sent" if outcome.accepted else "failed"] += 1
    return counts


def reminders_of(ambito: Ambito) -> list[DeadlineReminder]:
    return list(DeadlineReminder.objects.filter(ambito=ambito).order_by("-sent_at")[:20])


def board_context(board: Board) -> dict[str, Any]:
    return {"board": board, "late_count": len(board.late), "areas": board.by_area()}
