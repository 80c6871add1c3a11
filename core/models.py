"""Rows and bases every app builds on: timestamps, periods, and the audit trail."""

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        abstract = True


PeriodRow = TypeVar("PeriodRow", bound="PeriodModel")


class PeriodModel(models.Model):
    """A fact that holds over a period; open ends mean 'not known' (start) or 'still in force' (end)."""

    start_date = models.DateField(_("dal"), null=True, blank=True)
    end_date = models.DateField(_("al"), null=True, blank=True)
    source = models.CharField(
        _("fonte"), max_length=255, blank=True, help_text=_("Atto o documento da cui risulta il dato.")
    )

    class Meta:
        abstract = True

    @staticmethod
    def period_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(start_date__isnull=True)
            | Q(end_date__isnull=True)
            | Q(end_date__gte=models.F("start_date")),
            name=name,
            violation_error_message=_("La data di fine non può precedere la data di inizio."),
        )

    @staticmethod
    def overlapping(queryset: QuerySet[Any], start: date | None, end: date | None) -> QuerySet[Any]:
        """Rows of `queryset` whose period overlaps [start, end] (open ends reach forever)."""
        if start is not None:
            queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            queryset = queryset.filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        return queryset

    @staticmethod
    def split_in_force(rows: Iterable[PeriodRow], day: date) -> tuple[list[PeriodRow], list[PeriodRow]]:
        """(rows in force on `day`, the others: ended, or not started yet)."""
        rows = list(rows)
        return [row for row in rows if row.covers(day)], [row for row in rows if not row.covers(day)]

    def covers(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )


class AuditAction(models.TextChoices):
    CREATE = "create", _("Creazione")
    UPDATE = "update", _("Modifica")
    DELETE = "delete", _("Eliminazione")
    IMPORT = "import", _("Importazione")


class AuditEvent(models.Model):
    """Who changed what, when, with the values before and after. (Its table kept its first name when the model
    moved here from governance: a state-only migration.)"""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "governance_auditevent"
        ordering = ["-created_at", "-id"]
        verbose_name = _("evento di audit")
        verbose_name_plural = _("eventi di audit")
        indexes = [models.Index(fields=["content_type", "object_id"], name="governance__content_8f0125_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class KeptEmail(models.Model):
    """An e-mail the app would have sent: with no SMTP server configured (the embedded default) messages are kept
    here and shown in the app, so that a newcomer sees exactly what was sent (core/mail.py)."""

    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    from_email = models.CharField(_("mittente"), max_length=254)
    to = models.TextField(_("destinatari"))
    subject = models.CharField(_("oggetto"), max_length=255)
    body = models.TextField(_("testo"))
    attachments = models.JSONField(_("allegati"), default=list)
    raw = models.BinaryField(_("messaggio completo (.eml)"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail trattenuta")
        verbose_name_plural = _("e-mail trattenute")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
