"""Expense reporting (seed 004): the partner's periodic debit notes with their lines by category and receipts (kept
with their SHA-256), the co-financing reported alongside, the review that approves or reduces lines with a reason,
and each payment with its liquidation act, the DURC valid on the payment date and the CUP. Contributions are
reimbursements of costs, outside VAT (art. 12 L. 241/1990)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coprogettazione.models.choices import CoFinancingKind, ExpenseCategory, ExpenseStatus
from coprogettazione.models.partners import Partnership
from core.models import TimeStampedModel
from governance.models import User


class ExpenseReport(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="expense_reports")
    number = models.PositiveSmallIntegerField(_("n."))
    period_start = models.DateField(_("spese dal"))
    period_end = models.DateField(_("spese al"))
    debit_note_number = models.CharField(_("nota di debito n."), max_length=40)
    debit_note_date = models.DateField(_("nota di debito del"))
    status = models.CharField(
        _("stato"), max_length=16, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("esaminata il"), null=True, blank=True)
    review_note = models.TextField(_("note dell'istruttoria"), blank=True)

    class Meta:
        ordering = ["partnership", "number"]
        verbose_name = _("rendicontazione")
        verbose_name_plural = _("rendicontazioni")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="expense_report_number_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="expense_report_period"
            ),
        ]

    def __str__(self) -> str:
        return _("Rendicontazione n. %(number)d — nota di debito %(note)s") % {
            "number": self.number,
            "note": self.debit_note_number,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "coprogettazione:expense_report_detail",
            args=[self.partnership.programme.procedure_id, self.partnership_id, self.number],
        )


class ExpenseLine(models.Model):
    report = models.ForeignKey(ExpenseReport, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("n."))
    category = models.CharField(_("categoria"), max_length=16, choices=ExpenseCategory.choices)
    description = models.CharField(_("descrizione"), max_length=300)
    amount = models.DecimalField(_("rendicontato (EUR)"), max_digits=14, decimal_places=2)
    approved_amount = models.DecimalField(
        _("riconosciuto (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reduction_reason = models.CharField(_("motivo della riduzione"), max_length=300, blank=True)
    not_carried_out = models.BooleanField(_("attività non realizzata"), default=False)

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="expense_line_position_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="expense_line_not_negative"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=F("amount"))),
                name="expense_line_approved_within_claim",
                violation_error_message=_("Si riconosce al massimo quanto rendicontato."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount=F("amount"))
                | ~Q(reduction_reason=""),
                name="expense_line_reduction_has_reason",
                violation_error_message=_("Una riduzione indica il motivo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class ReportedCoFinancing(models.Model):
    """The partner's co-financing in the period, reported alongside the expenses (money or in kind)."""

    report = models.ForeignKey(ExpenseReport, on_delete=models.CASCADE, related_name="co_financing")
    kind = models.CharField(_("tipo"), max_length=16, choices=CoFinancingKind.choices)
    description = models.CharField(_("descrizione"), max_length=300)
    amount = models.DecimalField(_("valore (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reported_co_financing_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class Receipt(TimeStampedModel):
    """A receipt attached to a report, kept as uploaded with its SHA-256 (the same file twice is refused)."""

    report = models.ForeignKey(ExpenseReport, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(_("file"), upload_to="coprogettazione/giustificativi/%Y/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("giustificativo")
        verbose_name_plural = _("giustificativi")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sha256"],
                name="receipt_once_per_report",
                violation_error_message=_("Questo file è già allegato alla rendicontazione."),
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class Liquidation(TimeStampedModel):
    """A payment to the partner: on an approved report, or in advance (no report); with its liquidation act, the
    DURC valid on the payment date, and the programme's CUP where it has one."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="liquidations")
    report = models.ForeignKey(
        ExpenseReport, on_delete=models.PROTECT, null=True, blank=True, related_name="liquidations"
    )
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    act_number = models.CharField(_("atto di liquidazione n."), max_length=40)
    act_date = models.DateField(_("atto di liquidazione del"))
    paid_on = models.DateField(_("pagato il"))
    durc_valid_until = models.DateField(_("DURC valido fino al"))
    durc_reference = models.CharField(_("DURC (protocollo)"), max_length=60)
    cup = models.CharField(_("CUP"), max_length=15, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["partnership", "paid_on", "pk"]
        verbose_name = _("liquidazione")
        verbose_name_plural = _("liquidazioni")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="liquidation_positive"),
            models.CheckConstraint(
                condition=Q(durc_valid_until__gte=F("paid_on")),
                name="liquidation_durc_valid_when_paid",
                violation_error_message=_("Il DURC deve essere valido alla data del pagamento."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} EUR il {self.paid_on:%d/%m/%Y} (atto {self.act_number})"


class Repayment(TimeStampedModel):
    """What the partner returned of what it received beyond the approved expenses."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="repayments")
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("restituito il"))
    reference = models.CharField(_("riferimento (reversale)"), max_length=200)

    class Meta:
        ordering = ["partnership", "paid_on"]
        verbose_name = _("restituzione")
        verbose_name_plural = _("restituzioni")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_positive")]

    def __str__(self) -> str:
        return f"{self.amount} EUR il {self.paid_on:%d/%m/%Y}"
