"""Publishing on the organ's notice board: a copy of an adopted deliberation or of approved (or sent) minutes with
personal data blanked (assemblies/publication.py), numbered in the organ's register for the year, printed by the
worker, on the board for PUBLICATION_DAYS consecutive days and in the public archive after them."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblies import publication, rules
from assemblies.models import ActKind, Deliberation, Minutes, PublishedAct
from core.audit import AuditAction, audit_record
from documents import jobs
from governance.models import Organ


def deliberation_text(deliberation: Deliberation) -> str:
    return (
        render_to_string("assemblies/minutes/deliberation.txt", {"deliberation": deliberation}).strip() + "\n"
    )


def _next_number(organ: Organ, year: int) -> int:
    Organ.objects.select_for_update().filter(pk=organ.pk).values_list("pk").get()
    last = PublishedAct.objects.filter(organ=organ, year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def _publish(
    *, actor: Any, organ: Organ, kind: str, title: str, act_date: date, text: str, names: str, **target: Any
) -> PublishedAct:
    rules.require_publish(actor, organ)
    blanked, count = publication.blank(text, publication.names_from(names))
    start, end = publication.period(timezone.localdate())
    act = PublishedAct(
        organ=organ,
        kind=kind,
        year=start.year,
        number=_next_number(organ, start.year),
        title=publication.blank(title, publication.names_from(names))[0][:300],
        act_date=act_date,
        text=blanked,
        blanked=count,
        published_from=start,
        published_until=end,
        published_by=actor if getattr(actor, "pk", None) else None,
        **target,
    )
    act.full_clean()
    act.save()
    audit_record(actor=actor, instance=act, action=AuditAction.CREATE)
    jobs.request(act, created=True)
    return act


def preview(text: str, names: str) -> tuple[str, int]:
    return publication.blank(text, publication.names_from(names))


@transaction.atomic
def publish_deliberation(*, actor: Any, deliberation: Deliberation, names: str = "") -> PublishedAct:
    deliberation = Deliberation.objects.select_for_update().select_related("organ").get(pk=deliberation.pk)
    if not rules.deliberation_publishable(deliberation):
        raise ValidationError(_("Si pubblicano le deliberazioni approvate."), code="outcome")
    if PublishedAct.objects.filter(deliberation=deliberation).exists():
        raise ValidationError(_("La deliberazione è già pubblicata."), code="published")
    return _publish(
        actor=actor,
        organ=deliberation.organ,
        kind=ActKind.DELIBERATION,
        title=deliberation.title,
        act_date=deliberation.adopted_on,
        text=deliberation_text(deliberation),
        names=names,
        deliberation=deliberation,
    )


@transaction.atomic
def publish_minutes(*, actor: Any, minutes: Minutes, names: str = "") -> PublishedAct:
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("session__organ").get(pk=minutes.pk)
    )
    if not rules.minutes_published_when(minutes):
        raise ValidationError(
            _("Si pubblica il verbale approvato (o inviato agli enti): questo è «%(status)s».")
            % {"status": minutes.get_status_display()},
            code="status",
        )
    if PublishedAct.objects.filter(minutes=minutes).exists():
        raise ValidationError(_("Il verbale è già pubblicato."), code="published")
    session = minutes.session
    return _publish(
        actor=actor,
        organ=session.organ,
        kind=ActKind.MINUTES,
        title=_("Verbale della seduta del %(date)s")
        % {"date": timezone.localtime(session.starts_at).strftime("%d/%m/%Y")},
        act_date=timezone.localtime(session.starts_at).date(),
        text=minutes.text,
        names=names,
        minutes=minutes,
    )


@transaction.atomic
def publication_request(*, actor: Any, act: PublishedAct) -> PublishedAct:
    """Ask the worker again for a published copy's PDF that failed or got stuck."""
    rules.require_publish(actor, act.organ)
    locked = PublishedAct.objects.select_for_update().get(pk=act.pk)
    return jobs.request(locked, created=False)  # type: ignore[return-value]
