"""The money an agreement moves: clauses split among the parties, their shares, installments and payments."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models.acts import Agreement, Party
from core.models import TimeStampedModel
from governance.apportionment import SplitCriterion
from governance.models import User


class MoneyClause(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="money_clauses")
    description = models.CharField(_("descrizione"), max_length=300)
    total = models.DecimalField(_("totale (EUR)"), max_digits=14, decimal_places=2)
    vat_excluded = models.BooleanField(_("IVA esclusa"), default=False)
    criterion = models.CharField(_("criterio di riparto"), max_length=16, choices=SplitCriterion.choices)
    population_year = models.PositiveSmallIntegerField(
        _("anno del riparto"),
        null=True,
        blank=True,
        help_text=_(
            "Per il criterio della popolazione: si usa la popolazione al 31/12 dell'anno precedente."
        ),
    )
    installments_every_months = models.PositiveSmallIntegerField(_("rate ogni (mesi)"), null=True, blank=True)
    installments_in_advance = models.BooleanField(_("rate anticipate"), default=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("clausola economica")
        verbose_name_plural = _("clausole economiche")
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="money_total_not_negative")]

    def __str__(self) -> str:
        return self.description


class Share(models.Model):
    clause = models.ForeignKey(MoneyClause, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="shares")
    weight = models.DecimalField(_("peso"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("quota (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["clause", "party__signing_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "party"], name="share_once_per_party"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.party.organization}: {self.amount} EUR"


class Installment(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="installments")
    sequence = models.PositiveSmallIntegerField(_("rata"))
    due_date = models.DateField(_("scadenza"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["share", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["share", "sequence"], name="installment_sequence_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="installment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Rata {self.sequence} ({self.due_date:%d/%m/%Y}): {self.amount} EUR"


class Payment(TimeStampedModel):
    share = models.ForeignKey(Share, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("pagato il"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("riferimento"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["share", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.amount} EUR il {self.paid_on:%d/%m/%Y}"
