"""The documents of an agreement: its PDF (a render job), the signatures over it, and the signed copies of acts
signed before the app."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models.acts import Agreement, Party
from agreements.models.texts import AgreementVersion
from core.models import TimeStampedModel
from documents.models import ChainSignature, RenderJob, RenderStatus
from governance.models import User

DocumentStatus = RenderStatus  # the render job's states (documents.models)


class AgreementDocument(TimeStampedModel, RenderJob):
    """The PDF of one version of an agreement, produced by the worker (documents/jobs.py); the file the parties
    sign."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    version = models.OneToOneField(AgreementVersion, on_delete=models.CASCADE, related_name="document")
    file = models.FileField(_("file PDF"), upload_to="agreements/%Y/", blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("documento dell'accordo")
        verbose_name_plural = _("documenti degli accordi")

    def __str__(self) -> str:
        return f"{self.version} ({self.get_status_display()})"


class SignatureMethod(models.TextChoices):
    UPLOAD = "caricato", _("File firmato caricato")
    TEST_SIGNER = "firma_di_prova", _("Firma integrata con certificato di prova")


class Signature(ChainSignature):
    """One party's signature: the whole signed state of the document after it, verified at upload.

    The parties sign in turn, each over the previous state, so the latest row holds every signature so far.
    Rows are never changed: a signed file is immutable.
    """

    document = models.ForeignKey(AgreementDocument, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    method = models.CharField(_("modalità"), max_length=16, choices=SignatureMethod.choices)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["document", "sequence"]
        verbose_name = _("firma")
        verbose_name_plural = _("firme")
        constraints = [
            models.UniqueConstraint(fields=["document", "party"], name="signature_once_per_party"),
            models.UniqueConstraint(fields=["document", "sequence"], name="signature_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="signature_sequence_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.signer_name}"


class SignedCopyFormat(models.TextChoices):
    PADES = "pades", _("PDF con firma digitale (PAdES)")
    CADES = "cades", _("Busta firmata .p7m (CAdES)")
    SCAN = "scansione", _("Scansione dell'atto cartaceo")


class SignedCopy(TimeStampedModel):
    """The signed file of an act registered after it was signed outside the app (immutable): verified for
    integrity, signers and certificate chain when digitally signed; a scan is kept with its SHA-256."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signed_copies")
    file = models.FileField(_("file"), upload_to="atti-registrati/%Y/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    format = models.CharField(_("formato"), max_length=10, choices=SignedCopyFormat.choices)
    verified = models.BooleanField(_("firme verificate"), default=False)
    report = models.JSONField(_("esito della verifica"), default=dict)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["agreement", "created_at"]
        verbose_name = _("copia firmata dell'atto")
        verbose_name_plural = _("copie firmate degli atti")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "sha256"], name="signed_copy_once_per_agreement")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.original_name}"

    @property
    def digitally_signed(self) -> bool:
        return self.format != SignedCopyFormat.SCAN


class SignedCopySigner(models.Model):
    """One signature found in a signed copy, and the party it was matched to (by codice fiscale or name)."""

    copy = models.ForeignKey(SignedCopy, on_delete=models.CASCADE, related_name="signers")
    party = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("firmatario (certificato)"), max_length=200)
    tax_code = models.CharField(_("codice fiscale (certificato)"), max_length=16, blank=True)
    certificate_subject = models.TextField(_("soggetto del certificato"))
    signing_time = models.DateTimeField(_("data della firma dichiarata"), null=True, blank=True)
    intact = models.BooleanField(_("firma integra"))
    trusted = models.BooleanField(_("certificato riconosciuto"))

    class Meta:
        ordering = ["copy", "pk"]
        verbose_name = _("firmatario della copia")
        verbose_name_plural = _("firmatari della copia")

    def __str__(self) -> str:
        return self.name
