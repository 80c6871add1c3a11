"""The sub-ambito's yearly flat-rate quota for administrative and coordination services (Convenzione di sub-ambito,
art. 7.3): set by its assembly, split among its comuni by population at 31/12 of the previous year or by another
criterion the assembly sets; what each comune owes and what it paid."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import SplitCriterion
from budgets.models.choices import QuotaStatus
from core.models import TimeStampedModel
from governance.models import Organization, User
from subambiti.models import SubAmbito


class SubAmbitoQuota(TimeStampedModel):
    subambito = models.ForeignKey(
        SubAmbito, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("sub-ambito")
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    description = models.CharField(
        _("descrizione"), max_length=300, default="Servizi amministrativi e di coordinamento di sub-ambito"
    )
    total = models.DecimalField(_("quota forfettaria (EUR)"), max_digits=14, decimal_places=2)
    criterion = models.CharField(
        _("criterio di riparto"),
        max_length=16,
        choices=SplitCriterion.choices,
        default=SplitCriterion.POPULATION,
    )
    population_year = models.PositiveSmallIntegerField(
        _("popolazione al 31/12 dell'anno"), null=True, blank=True
    )
    population_year_note = models.CharField(_("perché quest'anno di popolazione"), max_length=300, blank=True)
    status = models.CharField(
        _("stato"), max_length=16, choices=QuotaStatus.choices, default=QuotaStatus.DRAFT
    )
    decision_reference = models.CharField(_("deliberazione"), max_length=300, blank=True)
    decided_on = models.DateField(_("deliberata il"), null=True, blank=True)

    class Meta:
        ordering = ["subambito__ambito__name", "subambito__number", "-year"]
        verbose_name = _("quota forfettaria di sub-ambito")
        verbose_name_plural = _("quote forfettarie di sub-ambito")
        constraints = [
            models.UniqueConstraint(
                fields=["subambito", "year"],
                name="quota_once_per_year",
                violation_error_message=_("Il sub-ambito ha già una quota per quest'anno."),
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="quota_total_not_negative"),
            models.CheckConstraint(
                condition=~Q(criterion=SplitCriterion.POPULATION) | Q(population_year__isnull=False),
                name="quota_population_year",
            ),
            models.CheckConstraint(
                condition=Q(status=QuotaStatus.DRAFT)
                | (Q(decided_on__isnull=False) & ~Q(decision_reference="")),
                name="quota_decided_with_act",
            ),
        ]

    def __str__(self) -> str:
        return _("Quota %(year)d — %(subambito)s") % {"year": self.year, "subambito": self.subambito}

    def get_absolute_url(self) -> str:
        return reverse("budgets:quota_detail", args=[self.pk])


class QuotaShare(models.Model):
    quota = models.ForeignKey(SubAmbitoQuota, on_delete=models.CASCADE, related_name="shares")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="quota_shares", verbose_name=_("comune")
    )
    weight = models.DecimalField(_("peso"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("quota (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["quota", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["quota", "organization"], name="quota_share_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="quota_share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.amount} EUR"


class QuotaPayment(TimeStampedModel):
    share = models.ForeignKey(QuotaShare, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("pagato il"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("riferimento (mandato, reversale)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["share", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="quota_payment_positive")]

    def __str__(self) -> str:
        return f"{self.amount} EUR il {self.paid_on:%d/%m/%Y}"
