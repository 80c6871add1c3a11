"""ISTAT's table of administrative changes of the comuni, as last imported: how the profile follows a comune that was
merged or given a new code, so that a source still written with the old codes lands on today's comune."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangesTable(models.Model):
    """One import of ISTAT's table (it is republished whole, so each import replaces the changes of the last)."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    source = models.CharField(_("fonte"), max_length=300)
    licence = models.CharField(_("licenza"), max_length=100)
    changes = models.PositiveIntegerField(_("variazioni"))
    followed = models.JSONField(
        _("codici seguiti"),
        default=dict,
        blank=True,
        help_text=_(
            "Codice ISTAT non più in uso → codice del comune che ne ha preso i residenti, all'importazione."
        ),
    )
    imported_at = models.DateTimeField(_("importata il"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("tabella delle variazioni amministrative")
        verbose_name_plural = _("tabelle delle variazioni amministrative")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d/%m/%Y})"


class AdministrativeChange(models.Model):
    """One row of the table: in ``year`` the comune ``old_code`` underwent ``kind``; for ES (extinguished, merged into
    another) and AP (moved to another province) ``new_code`` is where its residents went."""

    table = models.ForeignKey(ChangesTable, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("riga"))
    year = models.PositiveSmallIntegerField(_("anno"))
    kind = models.CharField(_("tipo di variazione"), max_length=5)
    old_code = models.CharField(_("codice ISTAT"), max_length=6, db_index=True)
    old_name = models.CharField(_("denominazione"), max_length=200)
    new_code = models.CharField(_("codice associato"), max_length=6, blank=True)
    new_name = models.CharField(_("denominazione associata"), max_length=200, blank=True)
    act = models.TextField(_("provvedimento"), blank=True)
    effective = models.DateField(_("decorrenza"), null=True, blank=True)

    class Meta:
        ordering = ["table", "line"]
        verbose_name = _("variazione amministrativa")
        verbose_name_plural = _("variazioni amministrative")

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.old_code} {self.old_name} → {self.new_code}"
