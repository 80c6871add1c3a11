"""What every signed file keeps, whichever app owns it (agreements now, minutes later).

Abstract: ``documents`` imports no app, so the owning app adds the foreign keys (which document, which
party, who uploaded) and the table. A signed file is immutable: a new signature is a new row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.verification import SignatureFacts, VerificationReport


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
