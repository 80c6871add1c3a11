"""The minutes (verbale) of a session: a text the worker drafts from what the app recorded, edited by the secretary
(every edit a numbered revision), printed by the worker as PDF/A, then signed by the president and the secretary
and approved by a later session; or, for a Tavolo di coordinamento (seed 003, art. 4), sent to the signatory
bodies. Approved or sent minutes never change (assemblies/rules.py says what each state allows)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import SignatureMethod
from assemblies.models.choices import MinutesSigner, MinutesStatus
from assemblies.models.sessions import Session
from assemblies.models.voting import Deliberation
from core.models import TimeStampedModel
from documents.models import ChainSignature, RenderJob
from governance.models import Person


class Minutes(TimeStampedModel):
    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(
        _("stato"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.PREPARING
    )
    text = models.TextField(_("testo del verbale"), blank=True)
    revision = models.PositiveIntegerField(_("revisione"), default=0)
    draft_error = models.TextField(_("errore nella preparazione della bozza"), blank=True)
    finalized_at = models.DateTimeField(_("testo definitivo dal"), null=True, blank=True)
    signed_at = models.DateTimeField(_("firmato il"), null=True, blank=True)
    sent_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approved_by = models.OneToOneField(
        Deliberation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approvato con"),
    )

    class Meta:
        ordering = ["-session__starts_at"]
        verbose_name = _("verbale")
        verbose_name_plural = _("verbali")

    def __str__(self) -> str:
        return str(_("Verbale: %(session)s") % {"session": self.session})


class MinutesRevision(models.Model):
    """One state of the text: the worker's draft (1), then each edit with who made it, when and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisione n."))
    text = models.TextField(_("testo"))
    summary = models.CharField(_("motivo della modifica"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autore"),
    )
    created_at = models.DateTimeField(_("salvata il"), auto_now_add=True)

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("revisione del verbale")
        verbose_name_plural = _("revisioni del verbale")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} — {self.number}"


class MinutesDocument(TimeStampedModel, RenderJob):
    """The PDF/A of one revision of the text, the one that is signed (or sent)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="documents")
    revision = models.PositiveIntegerField(_("revisione"))
    file = models.FileField(_("file PDF"), upload_to="verbali/%Y/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "-revision"]
        verbose_name = _("PDF del verbale")
        verbose_name_plural = _("PDF dei verbali")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "revision"], name="minutes_document_per_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} (rev. {self.revision})"


class MinutesSignature(ChainSignature):
    """The president's signature, then the secretary's over it (documents/chain.py)."""

    document = models.ForeignKey(MinutesDocument, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("firma come"), max_length=12, choices=MinutesSigner.choices)
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("firmatario")
    )
    method = models.CharField(_("modalità"), max_length=16, choices=SignatureMethod.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "sequence"]
        verbose_name = _("firma del verbale")
        verbose_name_plural = _("firme del verbale")
        constraints = [
            models.UniqueConstraint(fields=["document", "role"], name="minutes_signature_once_per_role"),
            models.UniqueConstraint(fields=["document", "sequence"], name="minutes_signature_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.get_role_display()}) — {self.document}"
