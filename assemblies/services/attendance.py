"""Attendance and representation: who arrives and leaves (the secretary records it, or the member from the phone
where the organ allows), who acts as a delegate for their own body, who gives a proxy to whom."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import rules
from assemblies.models import Acting, Attendance, Presence, Proxy, Session
from assemblies.services.sessions import _lock, organ_rules_of
from core.audit import save_changes, save_new
from core.models import PeriodModel
from governance.models import Mandate, Organization, Person


def _require_attendance_open(session: Session) -> None:
    if not rules.attendance_recordable(session):
        raise ValidationError(
            _("Le presenze si registrano quando la seduta è convocata o in corso (ora è «%(status)s»).")
            % {"status": session.get_status_display()},
            code="status",
        )


def _day(session: Session) -> Any:
    return timezone.localtime(session.starts_at).date()


@transaction.atomic
def check_in(
    *,
    actor: Any,
    session: Session,
    organization: Organization,
    person: Person | None = None,
    acting: str = Acting.HEAD,
    presence: str = Presence.ROOM,
    at: datetime | None = None,
) -> Attendance:
    """Record an arrival. The secretary records anyone; a member's mayor or delegate records their own body's, where
    the organ's rules allow check-in from the phone."""
    by_member = False
    if not rules.may_prepare(actor, session.organ):
        organ_rules = organ_rules_of(session.organ)
        if not (rules.may_check_in_self(actor, organ_rules, organization)):
            raise PermissionDenied(_("Solo il segretario registra le presenze per questo organo."))
        by_member = True
        person = person or getattr(actor, "person", None)
    _lock(session)
    _require_attendance_open(session)
    day = _day(session)
    seated = rules.member_bodies(session.organ, day) | rules.invited_bodies(session.organ, day)
    if not seated.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("%(body)s non è componente né invitato dell'organo.") % {"body": organization}}
        )
    if acting == Acting.DELEGATE:
        if person is None:
            raise ValidationError({"person": _("Indica chi interviene come delegato.")})
        mandates = PeriodModel.overlapping(
            Mandate.objects.filter(person=person, organization=organization), day, day
        )
        if not mandates.exists():
            raise ValidationError(
                {
                    "person": _(
                        "%(person)s non ha un incarico presso %(body)s: un delegato agisce per il proprio ente."
                    )
                    % {"person": person, "body": organization}
                }
            )
    stay = Attendance(
        session=session,
        organization=organization,
        person=person,
        acting=acting,
        presence=presence,
        arrived_at=at or timezone.now(),
        self_checked_in=by_member,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            save_new(stay, actor=actor)
    except (IntegrityError, ValidationError) as error:
        if Attendance.objects.filter(
            session=session, organization=organization, left_at__isnull=True
        ).exists():
            raise ValidationError(
                {"organization": _("%(body)s risulta già presente.") % {"body": organization}}
            ) from error
        raise
    return stay


@transaction.atomic
def check_out(*, actor: Any, attendance: Attendance, at: datetime | None = None) -> Attendance:
    session = attendance.session
    if not rules.may_prepare(actor, session.organ):
        organ_rules = organ_rules_of(session.organ)
        if not rules.may_check_in_self(actor, organ_rules, attendance.organization):
            raise PermissionDenied(_("Solo il segretario registra le uscite per questo organo."))
    _lock(session)
    _require_attendance_open(session)
    attendance.refresh_from_db()
    if attendance.left_at is not None:
        raise ValidationError(_("L'uscita è già registrata."))
    left_at = at or timezone.now()
    if left_at < attendance.arrived_at:
        raise ValidationError({"left_at": _("L'uscita non può precedere l'arrivo.")})
    save_changes(attendance, actor=actor, changes={"left_at": left_at})
    return attendance


@transaction.atomic
def proxy_grant(*, actor: Any, session: Session, grantor: Organization, holder: Organization) -> Proxy:
    """A member lets another member vote for it, within the organ's rules: proxies allowed, both members, no proxy
    handed on (a holder does not give its own vote away, a grantor holds none), the limit per holder."""
    rules.require_prepare(actor, session.organ)
    _lock(session)
    _require_attendance_open(session)
    organ_rules = organ_rules_of(session.organ)
    if organ_rules is None or not rules.proxies_allowed(organ_rules):
        raise ValidationError(
            _("Le regole dell'organo non ammettono deleghe ad altro componente."), code="proxy"
        )
    members = rules.member_bodies(session.organ, _day(session))
    for field, body in (("grantor", grantor), ("holder", holder)):
        if not members.filter(pk=body.pk).exists():
            raise ValidationError(
                {field: _("%(body)s non è componente con diritto di voto.") % {"body": body}}
            )
    if grantor.pk == holder.pk:
        raise ValidationError({"holder": _("Un ente non può delegare sé stesso.")})
    active = Proxy.objects.filter(session=session, revoked_at__isnull=True)
    if active.filter(grantor=grantor).exists():
        raise ValidationError(
            {"grantor": _("%(body)s ha già delegato un altro componente.") % {"body": grantor}}
        )
    if active.filter(grantor=holder).exists():
        raise ValidationError(
            {
                "holder": _("%(body)s ha delegato a sua volta: una delega non si trasferisce.")
                % {"body": holder}
            }
        )
    if active.filter(holder=grantor).exists():
        raise ValidationError(
            {
                "grantor": _("%(body)s porta già deleghe di altri: non può delegare a sua volta.")
                % {"body": grantor}
            }
        )
    if (
        organ_rules.proxy_limit is not None
        and active.filter(holder=holder).count() >= organ_rules.proxy_limit
    ):
        raise ValidationError(
            {
                "holder": _("%(body)s porta già %(limit)d deleghe, il massimo ammesso.")
                % {"body": holder, "limit": organ_rules.proxy_limit}
            }
        )
    if rules.has_open_vote(session):
        raise ValidationError(
            _("Le deleghe si registrano tra una votazione e l'altra, non a votazione aperta.")
        )
    proxy = Proxy(session=session, grantor=grantor, holder=holder, recorded_by=actor)
    save_new(proxy, actor=actor)
    return proxy


@transaction.atomic
def proxy_revoke(*, actor: Any, proxy: Proxy) -> Proxy:
    rules.require_prepare(actor, proxy.session.organ)
    _lock(proxy.session)
    _require_attendance_open(proxy.session)
    proxy.refresh_from_db()
    if proxy.revoked_at is not None:
        return proxy
    if rules.has_open_vote(proxy.session):
        raise ValidationError(
            _("Le deleghe si revocano tra una votazione e l'altra, non a votazione aperta.")
        )
    save_changes(proxy, actor=actor, changes={"revoked_at": timezone.now()})
    return proxy
