"""An administrator's upload of an ISTAT population table, imported by the worker: a whole-Italy table is 800,000
lines and takes tens of seconds, longer than a page may wait. The row is the job: its state, what went wrong, and the
table it produced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("in coda")
    RUNNING = "running", _("in corso")
    DONE = "done", _("importata")
    FAILED = "failed", _("rifiutata")


class PopulationUpload(TimeStampedModel):
    file = models.FileField(_("file"), upload_to="istat/%Y/")
    file_name = models.CharField(_("nome del file"), max_length=255)
    reference_date = models.DateField(_("data di riferimento indicata"), null=True, blank=True)
    source = models.CharField(_("fonte"), max_length=300)
    licence = models.CharField(_("licenza"), max_length=100)
    status = models.CharField(
        _("stato"), max_length=8, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    errors = models.JSONField(_("errori"), default=list, blank=True)
    dataset = models.ForeignKey(
        "territory.PopulationDataset", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("iniziata il"), null=True, blank=True)
    finished_at = models.DateTimeField(_("conclusa il"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("importazione della popolazione")
        verbose_name_plural = _("importazioni della popolazione")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (UploadStatus.QUEUED, UploadStatus.RUNNING)
