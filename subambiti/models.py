"""Sub-ambiti: groups of comuni inside an ambito, with a comune referente and a coordinatore tecnico."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from core.models import PeriodModel, TimeStampedModel
from governance.models import Ambito, Organ, Organization, Person


class SubAmbito(TimeStampedModel):
    ambito = models.ForeignKey(
        Ambito, on_delete=models.CASCADE, related_name="subambiti", verbose_name=_("ambito")
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    name = models.CharField(_("denominazione"), max_length=200)
    referente = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subambiti_as_referente",
        verbose_name=_("comune referente"),
    )
    coordinator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subambiti_coordinated",
        verbose_name=_("coordinatore tecnico"),
    )
    organs = models.ManyToManyField(
        Organ,
        blank=True,
        related_name="subambiti",
        verbose_name=_("organi del sub-ambito"),
        help_text=_("L'Assemblea dei Sindaci di sub-ambito, l'équipe territoriale..."),
    )
    source = models.CharField(_("fonte"), max_length=255, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["ambito__name", "number"]
        verbose_name = _("sub-ambito")
        verbose_name_plural = _("sub-ambiti")
        constraints = [
            models.UniqueConstraint(fields=["ambito", "number"], name="subambito_number_unique_in_ambito"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="subambito_number_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subambiti:subambito_detail", args=[self.pk])


class SubAmbitoMembership(PeriodModel, TimeStampedModel):
    subambito = models.ForeignKey(
        SubAmbito, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("sub-ambito")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="subambito_memberships", verbose_name=_("ente")
    )

    class Meta:
        ordering = ["subambito", "organization__name"]
        verbose_name = _("appartenenza al sub-ambito")
        verbose_name_plural = _("appartenenze ai sub-ambiti")
        constraints = [PeriodModel.period_constraint("subambito_membership_period")]
        indexes = [models.Index(fields=["organization", "end_date"])]

    def __str__(self) -> str:
        return f"{self.organization} ∈ {self.subambito}"


class SubAmbitoGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SubAmbito, on_delete=models.CASCADE)
