"""The rows any app's documents are made of (agreements now; convocations, minutes, debit notes next).

Abstract: ``documents`` imports no app, so the owning app adds the foreign keys (which agreement, which party,
who asked) and the table:
- `RenderJob`: a PDF the worker produces (queued, rendering, ready, failed with its reason, recovered when
  stuck); documents/jobs.py runs it.
- `SignedFile`: what every signed file keeps; `ChainSignature`: one link of an ordered chain of signatures over
  a document, each over the previous signed state (documents/chain.py). A signed file is immutable: a new
  signature is a new row.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.verification import SignatureFacts, VerificationReport


class RenderStatus(models.TextChoices):
    QUEUED = "in_coda", _("In coda")
    RENDERING = "in_elaborazione", _("In elaborazione")
    READY = "pronto", _("Pronto")
    FAILED = "errore", _("Non riuscito")


class RenderJob(models.Model):
    """A PDF the worker produces for its owning row. The owner adds its own `file` (with its folder), the row it
    prints, who asked, and `updated_at` (a TimeStampedModel)."""

    status = models.CharField(
        _("stato"), max_length=16, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    error = models.TextField(_("motivo dell'errore"), blank=True)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveSmallIntegerField(_("pagine"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("prodotto il"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    # The render in progress: which task holds it, where, since when (a lease of RENDER_TIME_LIMIT seconds).
    render_task_id = models.CharField(_("attività del worker"), max_length=64, blank=True)
    rendered_by = models.CharField(_("processo del worker"), max_length=120, blank=True)
    render_started_at = models.DateTimeField(_("elaborazione iniziata il"), null=True, blank=True)

    updated_at: models.DateTimeField  # the owner's (TimeStampedModel)

    class Meta:
        abstract = True

    @property
    def in_progress(self) -> bool:
        return self.status in (RenderStatus.QUEUED, RenderStatus.RENDERING)

    @property
    def is_ready(self) -> bool:
        return self.status == RenderStatus.READY

    @property
    def has_failed(self) -> bool:
        return self.status == RenderStatus.FAILED

    @property
    def is_stuck(self) -> bool:
        """Queued or rendering for longer than a render may take (a worker died, a message was lost)."""
        if not self.in_progress:
            return False
        limit = timedelta(seconds=settings.RENDER_TIME_LIMIT)
        if self.status == RenderStatus.RENDERING and self.render_started_at is not None:
            return self.render_started_at < timezone.now() - limit
        # Queued: the message may wait for redelivery after a worker's death before it counts as lost.
        return self.updated_at < timezone.now() - limit - timedelta(
            seconds=settings.CELERY_REDELIVERY_SECONDS
        )


class SignedFile(models.Model):
    file = models.FileField(_("file firmato"), upload_to="firmati/%Y/")
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    signer_name = models.CharField(_("firmatario (certificato)"), max_length=200)
    signer_tax_code = models.CharField(_("codice fiscale (certificato)"), max_length=16, blank=True)
    certificate_subject = models.TextField(_("soggetto del certificato"))
    certificate_not_before = models.DateTimeField(_("certificato valido dal"), null=True)
    certificate_not_after = models.DateTimeField(_("certificato valido fino al"), null=True)
    signing_time = models.DateTimeField(_("data della firma dichiarata"), null=True)
    verified_at = models.DateTimeField(_("verificato il"))
    report = models.JSONField(_("esito della verifica"), default=dict)

    class Meta:
        abstract = True

    def set_facts(self, *, pdf: bytes, report: VerificationReport, facts: SignatureFacts) -> None:
        """Copy the verified facts of the signature this row stands for (the file's latest)."""
        self.sha256, self.size = report.sha256, len(pdf)
        self.signer_name = facts.signer_common_name or ""
        self.signer_tax_code = facts.codice_fiscale or ""
        self.certificate_subject = facts.signer_subject
        self.certificate_not_before = facts.cert_not_before
        self.certificate_not_after = facts.cert_not_after
        self.signing_time = facts.signing_time
        self.report = report.as_dict()


class ChainSignature(SignedFile):
    """One signature of an ordered chain over a document: the whole signed state after it (documents/chain.py).
    The owner adds the document and the signer it belongs to, and the constraints over them."""

    sequence = models.PositiveSmallIntegerField(_("firma n."))
    created_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("A signature is immutable once stored.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
