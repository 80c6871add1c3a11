"""The organ's notice board (albo): a copy of each adopted deliberation and approved minutes with personal data
blanked ("omissis"), on the board for its publication period (art. 124 D.Lgs. 267/2000) and in the public
archive after it. The full text stays internal; the published copy is what the public pages and feed serve."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assemblies.models.choices import ActKind
from assemblies.models.minutes import Minutes
from assemblies.models.voting import Deliberation
from core.models import TimeStampedModel
from documents.models import RenderJob
from governance.models import Organ


class PublishedAct(TimeStampedModel, RenderJob):
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="published_acts")
    kind = models.CharField(_("tipo di atto"), max_length=16, choices=ActKind.choices)
    deliberation = models.OneToOneField(
        Deliberation, on_delete=models.PROTECT, null=True, blank=True, related_name="publication"
    )
    minutes = models.OneToOneField(
        Minutes, on_delete=models.PROTECT, null=True, blank=True, related_name="publication"
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    number = models.PositiveIntegerField(_("n. di registro"))
    title = models.CharField(_("oggetto"), max_length=300)
    act_date = models.DateField(_("data dell'atto"))
    text = models.TextField(_("testo pubblicato (con omissis)"))
    blanked = models.PositiveIntegerField(_("dati oscurati"), default=0)
    published_from = models.DateField(_("in pubblicazione dal"))
    published_until = models.DateField(_("in pubblicazione fino al"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file PDF pubblicato"), upload_to="albo/%Y/", blank=True)

    class Meta:
        ordering = ["organ", "-year", "-number"]
        verbose_name = _("atto pubblicato")
        verbose_name_plural = _("atti pubblicati")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "number"], name="published_act_number_unique"),
            models.CheckConstraint(
                condition=Q(kind=ActKind.DELIBERATION, deliberation__isnull=False, minutes__isnull=True)
                | Q(kind=ActKind.MINUTES, minutes__isnull=False, deliberation__isnull=True),
                name="published_act_of_one_kind",
            ),
            models.CheckConstraint(
                condition=Q(published_until__gte=F("published_from")), name="published_act_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"
