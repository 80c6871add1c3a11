"""A session's life: prepared (date, place, agenda), convened, opened with the quorum, closed, or cancelled."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import convocations, invitations, live, presence, rules, weights
from assemblies.models import AgendaItem, Call, DeliveryKind, OrganRules, Session, SessionStatus, VoteStatus
from assemblies.services.minutes import minutes_start
from core.audit import AuditAction, audit_record, save_changes, save_new, snapshot
from governance.models import Organ

S = SessionStatus
SESSION_FIELDS = frozenset(
    {"title", "starts_at", "second_call_at", "place", "video_link", "population_year", "secretary"}
)
# A change to these after convening is a change the members must be told of (a new SEQUENCE of the invitation).
SCHEDULE_FIELDS = frozenset({"starts_at", "second_call_at", "place", "video_link"})
ITEM_FIELDS = frozenset(
    {
        "title",
        "description",
        "subject",
        "decision_kind",
        "agreement",
        "minutes",
        "reference_year",
        "budget_version",
        "budget_report",
        "quota",
    }
)


def organ_rules_of(organ: Organ) -> OrganRules | None:
    return OrganRules.objects.filter(organ=organ).prefetch_related("majorities").first()


def _lock(session: Session) -> Session:
    """Lock the session's row and bring the caller's instance up to date."""
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").get()
    session.refresh_from_db()
    return session


def _require_agenda_editable(session: Session) -> None:
    if not rules.agenda_editable(session):
        raise ValidationError(
            _("La seduta è «%(status)s»: data, luogo e ordine del giorno non si modificano più.")
            % {"status": session.get_status_display()},
            code="status",
        )


@transaction.atomic
def session_create(*, actor: Any, organ: Organ, starts_at: Any, **fields: Any) -> Session:
    rules.require_prepare(actor, organ)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ValidationError(_("Campi sconosciuti: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    session = Session(organ=organ, starts_at=starts_at, **fields)
    save_new(session, actor=actor)
    return session


@transaction.atomic
def session_update(*, actor: Any, session: Session, **changes: Any) -> list[str]:
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_agenda_editable(session)
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise ValidationError(_("Campi sconosciuti: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    changed = save_changes(session, actor=actor, changes=changes)
    if SCHEDULE_FIELDS & set(changed):
        _bump_if_convened(session, actor)
    return changed


def _check_budget_choices(session: Session, fields: dict[str, Any]) -> None:
    """A budget version, a report or a quota is decided by the organ the acts give it to, while it is a draft;
    a Piano Operativo's budget covers the plan's year."""
    organ = session.organ
    version, report, quota = fields.get("budget_version"), fields.get("budget_report"), fields.get("quota")
    if version is not None:
        if not rules.decidable_budget_versions(organ).filter(pk=version.pk).exists():
            raise ValidationError(
                {
                    "budget_version": _(
                        "L'Assemblea dei Sindaci approva una versione in bozza del bilancio di un suo ambito: "
                        "«%(version)s» non lo è."
                    )
                    % {"version": version}
                }
            )
        year = fields.get("reference_year")
        if year is not None and year not in version.budget.years:
            raise ValidationError(
                {
                    "budget_version": _("Il bilancio «%(budget)s» non copre il %(year)d.")
                    % {"budget": version.budget, "year": year}
                }
            )
    if report is not None and not rules.decidable_reports(organ).filter(pk=report.pk).exists():
        raise ValidationError(
            {
                "budget_report": _("«%(report)s» non è una relazione in bozza di un ambito di questo organo.")
                % {"report": report}
            }
        )
    if report is not None and fields.get("reference_year") not in (None, report.year):
        raise ValidationError({"budget_report": _("La relazione scelta è di un altro anno.")})
    if quota is not None and not rules.decidable_quotas(organ).filter(pk=quota.pk).exists():
        raise ValidationError(
            {
                "quota": _(
                    "L'assemblea di sub-ambito delibera una quota proposta del proprio sub-ambito: «%(quota)s» non lo è."
                )
                % {"quota": quota}
            }
        )


def _check_item(session: Session, subject: str, agreement: Any, minutes: Any = None) -> None:
    if (
        agreement is not None
        and not rules.decidable_agreements(session.organ).filter(pk=agreement.pk).exists()
    ):
        raise ValidationError(
            {
                "agreement": _(
                    "L'assemblea può approvare il testo di un accordo in bozza o in approvazione di un suo ambito: "
                    "«%(agreement)s» non lo è."
                )
                % {"agreement": agreement}
            }
        )
    if minutes is not None:
        approvable = rules.approvable_minutes(session.organ).filter(
            pk=minutes.pk, session__starts_at__lt=session.starts_at
        )
        if not approvable.exists():
            raise ValidationError(
                {
                    "minutes": _(
                        "Si approva il verbale firmato di una seduta precedente dello stesso organo, non ancora "
                        "approvato: «%(minutes)s» non lo è."
                    )
                    % {"minutes": minutes}
                }
            )


def _item_fields(subject: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What the subject implies: the Piano Operativo and the report are planning decisions; fields that belong
    to another subject are dropped (the form may send them empty)."""
    if "decision_kind" in fields or rules.item_needs_year(subject):
        fields["decision_kind"] = rules.decision_kind_for(subject, fields.get("decision_kind", ""))
    if not rules.item_needs_year(subject):
        fields["reference_year"] = None
    if not rules.item_approves_minutes(subject):
        fields["minutes"] = None
    if not rules.item_decides_budget(subject):
        fields["budget_version"] = None
    if not rules.item_decides_report(subject):
        fields["budget_report"] = None
    if not rules.item_decides_quota(subject):
        fields["quota"] = None
    return fields


@transaction.atomic
def item_add(*, actor: Any, session: Session, title: str, subject: str, **fields: Any) -> AgendaItem:
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_agenda_editable(session)
    fields = _item_fields(subject, dict(fields))
    _check_item(session, subject, fields.get("agreement"), fields.get("minutes"))
    _check_budget_choices(session, fields)
    position = (session.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem(session=session, position=position, title=title, subject=subject, **fields)
    save_new(item, actor=actor)
    _bump_if_convened(session, actor)
    return item


@transaction.atomic
def item_update(*, actor: Any, item: AgendaItem, **changes: Any) -> list[str]:
    session = item.session
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_agenda_editable(session)
    unknown = set(changes) - ITEM_FIELDS
    if unknown:
        raise ValidationError(_("Campi sconosciuti: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    subject = changes.get("subject", item.subject)
    changes = _item_fields(subject, dict(changes))
    if changes.get("decision_kind") == "":
        changes["decision_kind"] = item.decision_kind
    _check_item(
        session,
        subject,
        changes.get("agreement", item.agreement),
        changes.get("minutes", item.minutes),
    )
    _check_budget_choices(
        session,
        {
            name: changes.get(name, getattr(item, name))
            for name in ("budget_version", "budget_report", "quota", "reference_year")
        },
    )
    changed = save_changes(item, actor=actor, changes=changes)
    if changed:
        _bump_if_convened(session, actor)
    return changed


@transaction.atomic
def item_remove(*, actor: Any, item: AgendaItem) -> None:
    session = item.session
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_agenda_editable(session)
    audit_record(actor=actor, instance=item, action=AuditAction.DELETE, before=snapshot(item))
    position = item.position
    item.delete()
    for later in session.items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position", "updated_at"])
    _bump_if_convened(session, actor)


@transaction.atomic
def item_move(*, actor: Any, item: AgendaItem, by: int) -> AgendaItem:
    """Move an item up (by=-1) or down (by=1) the agenda; the positions stay 1..n (checked at commit)."""
    session = item.session
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_agenda_editable(session)
    item.refresh_from_db()
    other = session.items.filter(position=item.position + by).first()
    if other is None:
        return item
    other.position, item.position = item.position, other.position
    other.save(update_fields=["position", "updated_at"])
    item.save(update_fields=["position", "updated_at"])
    _bump_if_convened(session, actor)
    return item


def _bump_if_convened(session: Session, actor: Any) -> None:
    """A change after convening: the invitation's next SEQUENCE, and a new letter for the president to sign
    (signing it sends the update)."""
    if rules.is_convened(session):
        session.sequence += 1
        session.save(update_fields=["sequence", "updated_at"])
        convocations.request_render(session=session, actor=actor)


def convening_problems(session: Session, organ_rules: OrganRules | None, *, now: Any = None) -> list[str]:
    """What stands between this session and its convocation (empty: it can be convened)."""
    now = now or timezone.now()
    items = list(session.items.all())
    problems: list[str] = []
    undefined = rules.undefined_rules(
        organ_rules, {item.decision_kind for item in items}, decides=rules.decides_anything(items)
    )
    if undefined:
        problems.append(
            _("l'Ufficio di Piano deve ancora impostare, nelle regole dell'organo: %(rules)s")
            % {"rules": "; ".join(undefined)}
        )
    if not items:
        problems.append(_("l'ordine del giorno è vuoto"))
    if organ_rules is not None and organ_rules.notice_days is not None:
        earliest = now + timedelta(days=organ_rules.notice_days)
        if session.starts_at < earliest:
            problems.append(
                _("il preavviso è di %(days)d giorni: la seduta deve tenersi dal %(date)s in poi")
                % {
                    "days": organ_rules.notice_days,
                    "date": timezone.localtime(earliest).strftime("%d/%m/%Y %H:%M"),
                }
            )
    if organ_rules is not None and rules.weighs_by_population(organ_rules):
        day = timezone.localtime(session.starts_at).date()
        problem = weights.population_year_problem(session, list(rules.member_bodies(session.organ, day)))
        if problem:
            problems.append(problem)
    if not rules.member_bodies(session.organ, timezone.localtime(session.starts_at).date()).exists():
        problems.append(_("l'organo non ha componenti con diritto di voto alla data della seduta"))
    return problems


@transaction.atomic
def session_convene(*, actor: Any, session: Session) -> Session:
    rules.require_prepare(actor, session.organ)
    _lock(session)
    rules.check_transition(session.status, S.CONVENED)
    problems = convening_problems(session, organ_rules_of(session.organ))
    if problems:
        raise ValidationError(
            _("La seduta non si può convocare: %(problems)s.") % {"problems": "; ".join(problems)},
            code="guard",
        )
    save_changes(session, actor=actor, changes={"status": S.CONVENED, "convened_at": timezone.now()})
    live.changed(session.pk)
    convocations.request_render(session=session, actor=actor)
    return session


@transaction.atomic
def session_open(*, actor: Any, session: Session) -> Session:
    """The president opens the sitting when the quorum holds: in first call, or in second call from its time."""
    rules.require_conduct(actor, session)
    _lock(session)
    rules.check_transition(session.status, S.OPEN)
    sitting_elsewhere = rules.sitting_sessions(session.organ).exclude(pk=session.pk).first()
    if sitting_elsewhere is not None:
        raise ValidationError(
            _("L'organo sta già tenendo un'altra seduta: %(other)s. Chiudila prima di aprire questa.")
            % {"other": sitting_elsewhere},
            code="sitting",
        )
    organ_rules = organ_rules_of(session.organ)
    if rules.sits_without_quorum(organ_rules, session.items.all()):
        save_changes(
            session,
            actor=actor,
            changes={"status": S.OPEN, "opened_at": timezone.now(), "sitting_call": Call.FIRST},
        )
        live.changed(session.pk)
        return session
    standing = presence.standing(session, organ_rules)
    if standing.weight_problem:
        raise ValidationError(standing.weight_problem, code="weights")
    now = timezone.now()
    call = None
    if standing.holds(Call.FIRST):
        call = Call.FIRST
    elif session.second_call_at is not None and now >= session.second_call_at and standing.holds(Call.SECOND):
        call = Call.SECOND
    if call is None:
        raise ValidationError(
            _(
                "Manca il numero legale: presenti %(present)d componenti su %(members)d (peso %(weight)s su %(total)s)."
            )
            % {
                "present": len(standing.present),
                "members": len(standing.members),
                "weight": standing.present_weight,
                "total": standing.members_weight,
            },
            code="quorum",
        )
    save_changes(session, actor=actor, changes={"status": S.OPEN, "opened_at": now, "sitting_call": call})
    live.changed(session.pk)
    return session


@transaction.atomic
def session_close(*, actor: Any, session: Session) -> Session:
    rules.require_conduct(actor, session)
    _lock(session)
    rules.check_transition(session.status, S.CLOSED)
    if session.items.filter(votes__status=VoteStatus.OPEN).exists():
        raise ValidationError(_("C'è una votazione ancora aperta: chiudila prima di chiudere la seduta."))
    now = timezone.now()
    for stay in session.attendances.filter(left_at__isnull=True):
        save_changes(stay, actor=actor, changes={"left_at": now})
    save_changes(session, actor=actor, changes={"status": S.CLOSED, "closed_at": now})
    minutes_start(actor=actor, session=session)
    live.changed(session.pk)
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: Session, reason: str) -> Session:
    rules.require_prepare(actor, session.organ)
    _lock(session)
    rules.check_transition(session.status, S.CANCELLED)
    was_convened = rules.is_convened(session)
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Indica il motivo dell'annullamento.")})
    save_changes(
        session,
        actor=actor,
        changes={
            "status": S.CANCELLED,
            "cancelled_at": timezone.now(),
            "cancel_reason": reason.strip(),
            "sequence": session.sequence + 1,
        },
    )
    live.changed(session.pk)
    if was_convened:
        invitations.queue(session, DeliveryKind.CANCELLATION)
    return session


def session_transition(*, actor: Any, session: Session, to: str, reason: str = "") -> Session:
    """Take the session to `to` through the step's own service (the pages and the API both call this)."""
    steps: dict[str, Callable[[], Session]] = {
        S.CONVENED: lambda: session_convene(actor=actor, session=session),
        S.OPEN: lambda: session_open(actor=actor, session=session),
        S.CLOSED: lambda: session_close(actor=actor, session=session),
        S.CANCELLED: lambda: session_cancel(actor=actor, session=session, reason=reason),
    }
    if to not in steps:
        rules.check_transition(session.status, to)
    return steps[to]()
