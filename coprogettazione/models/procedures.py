"""A co-design procedure (istruttoria pubblica, seed 004): promoted by a comune, or by the ambito through its
capofila, for a period; its themes, the steps that led to it and the acts that decided them, the co-programming
that preceded it, and its programmes with their contributions and who pays which share."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine
from coprogettazione.models.choices import ActKind, MeetingKind, ProcedureStatus
from core.models import TimeStampedModel
from governance.models import Ambito, Organization


class CoProgramming(TimeStampedModel):
    """The co-programming path that prepared one or more procedures (seed 004: March-July 2024, 34 adhesions for the
    local co-design and 48 for the zonal co-programming, six thematic groups)."""

    title = models.CharField(_("titolo"), max_length=300)
    promoter = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="co_programmings", verbose_name=_("promotore")
    )
    period_label = models.CharField(_("periodo"), max_length=100, help_text=_("Come lo dice l'atto."))
    start_date = models.DateField(_("dal"), null=True, blank=True)
    end_date = models.DateField(_("al"), null=True, blank=True)
    local_adhesions = models.PositiveIntegerField(
        _("adesioni alla co-progettazione locale"), null=True, blank=True
    )
    zonal_adhesions = models.PositiveIntegerField(
        _("adesioni alla co-programmazione zonale"), null=True, blank=True
    )
    groups = models.JSONField(_("gruppi tematici"), default=list, blank=True)
    outcome = models.TextField(_("esito"), blank=True)
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("percorso di co-programmazione")
        verbose_name_plural = _("percorsi di co-programmazione")

    def __str__(self) -> str:
        return self.title


class CoProgrammingMeeting(models.Model):
    co_programming = models.ForeignKey(CoProgramming, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("tipo"), max_length=24, choices=MeetingKind.choices)
    count = models.PositiveSmallIntegerField(_("quanti"))
    per_group = models.BooleanField(_("per ciascun gruppo"), default=False)

    class Meta:
        ordering = ["co_programming", "pk"]
        constraints = [models.UniqueConstraint(fields=["co_programming", "kind"], name="coprog_meeting_once")]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_kind_display()}"


class Procedure(TimeStampedModel):
    title = models.CharField(_("titolo"), max_length=300)
    promoter = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("amministrazione procedente"),
    )
    ambito = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("per l'ambito"),
        help_text=_("Se la procedura è dell'ambito: la conduce il suo ente capofila."),
    )
    first_year = models.PositiveSmallIntegerField(_("dall'anno"))
    last_year = models.PositiveSmallIntegerField(_("all'anno"))
    themes = models.JSONField(_("temi"), default=list, blank=True)
    status = models.CharField(
        _("stato"), max_length=16, choices=ProcedureStatus.choices, default=ProcedureStatus.PREPARATION
    )
    co_programming = models.ForeignKey(
        CoProgramming,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("co-programmazione che l'ha preceduta"),
    )
    rules_text = models.TextField(_("regole dell'avviso"), blank=True)
    source = models.CharField(_("fonte"), max_length=255, blank=True)
    # Extensions (seed 004): up to 25% of the co-design's total value, counted across all of them. The cap is fixed
    # when the call is published; every extension raises `extended_total` in one UPDATE guarded by the check below.
    extension_cap = models.DecimalField(
        _("tetto delle estensioni (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    extended_total = models.DecimalField(
        _("estensioni concesse (EUR)"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name = _("procedura di co-progettazione")
        verbose_name_plural = _("procedure di co-progettazione")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")) & Q(last_year__lt=F("first_year") + 6),
                name="procedure_period_valid",
                violation_error_message=_(
                    "Il periodo va da uno a sei anni: l'ultimo anno non precede il primo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(extended_total__gte=0) & Q(extended_total__lte=F("extension_cap")),
                name="procedure_extensions_within_cap",
                violation_error_message=_(
                    "Le estensioni supererebbero il 25% del valore della co-progettazione."
                ),
            ),
            models.UniqueConstraint(
                fields=["promoter", "title", "first_year"],
                name="procedure_once",
                violation_error_message=_("Questa procedura c'è già."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self) -> str:
        return f"{self.first_year}-{self.last_year}"

    def get_absolute_url(self) -> str:
        return reverse("coprogettazione:procedure_detail", args=[self.pk])


class ProcedureStep(models.Model):
    """A step of the procedure's path, with the act that decided it where there is one (determina n. 361 del
    18.03.2024, delibera di Giunta n. 177 del 30.07.2024, ...). A step the act dates only by months keeps its words."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("n."))
    title = models.CharField(_("tappa"), max_length=300)
    when_label = models.CharField(
        _("quando"), max_length=100, blank=True, help_text=_("Come lo dice l'atto.")
    )
    start_date = models.DateField(_("dal"), null=True, blank=True)
    end_date = models.DateField(_("al"), null=True, blank=True)
    act_kind = models.CharField(_("atto"), max_length=24, choices=ActKind.choices, blank=True)
    act_number = models.CharField(_("numero"), max_length=20, blank=True)
    act_date = models.DateField(_("data dell'atto"), null=True, blank=True)
    act_body = models.CharField(_("organo o ente"), max_length=200, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("tappa")
        verbose_name_plural = _("tappe")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "position"], name="procedure_step_position_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="procedure_step_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def act_label(self) -> str:
        if not self.act_kind:
            return ""
        parts = [str(self.get_act_kind_display())]
        if self.act_number:
            parts.append(f"n. {self.act_number}")
        if self.act_date:
            parts.append(f"del {self.act_date:%d.%m.%Y}")
        return " ".join(parts)


class Programme(TimeStampedModel):
    """A programme of the procedure (P1..P6, or the ambito's), with the contribution per year and over the period as
    the act states them: both are kept, and checked against each other."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField(_("codice"), max_length=10)
    title = models.CharField(_("titolo"), max_length=300)
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    annual_contribution = models.DecimalField(
        _("contributo annuo (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    period_contribution = models.DecimalField(
        _("contributo per il periodo (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cup = models.CharField(
        _("CUP"), max_length=15, blank=True, help_text=_("Codice Unico di Progetto, se c'è.")
    )
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["procedure", "code"]
        verbose_name = _("programma")
        verbose_name_plural = _("programmi")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "code"], name="programme_code_unique"),
            models.CheckConstraint(
                condition=(Q(annual_contribution__isnull=True) | Q(annual_contribution__gte=0))
                & (Q(period_contribution__isnull=True) | Q(period_contribution__gte=0)),
                name="programme_contribution_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("coprogettazione:programme_detail", args=[self.procedure_id, self.pk])


class ProgrammeAction(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(_("n."))
    text = models.TextField(_("azione"))

    class Meta:
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="programme_action_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ProgrammeFunding(models.Model):
    """The share of a programme's contribution one funder pays, as the act states it: per year, over the period,
    or both. A share given only for the period is not split into years (P2: 50,000 from the ambito over three)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="fundings")
    funder_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ente"),
    )
    funder_ambito = models.ForeignKey(
        Ambito, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ambito")
    )
    annual_amount = models.DecimalField(
        _("all'anno (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    period_amount = models.DecimalField(
        _("nel periodo (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("nota"), max_length=300, blank=True)
    # The line of the funding ambito's budget that carries this share (P2, P6: the ambito's money). Chosen by the
    # ambito's office; a line of a version later replaced is followed to the version in force by its area and action.
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_fundings",
        verbose_name=_("voce del bilancio dell'ambito"),
    )

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("quota di finanziamento")
        verbose_name_plural = _("quote di finanziamento")
        constraints = [
            models.CheckConstraint(
                condition=(Q(funder_organization__isnull=False) & Q(funder_ambito__isnull=True))
                | (Q(funder_organization__isnull=True) & Q(funder_ambito__isnull=False)),
                name="programme_funding_one_funder",
                violation_error_message=_("Indica chi finanzia: un ente o l'ambito."),
            ),
            models.CheckConstraint(
                condition=Q(annual_amount__isnull=False) | Q(period_amount__isnull=False),
                name="programme_funding_has_amount",
                violation_error_message=_("Indica l'importo annuo, quello del periodo o entrambi."),
            ),
            models.CheckConstraint(
                condition=(Q(annual_amount__isnull=True) | Q(annual_amount__gte=0))
                & (Q(period_amount__isnull=True) | Q(period_amount__gte=0)),
                name="programme_funding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_line__isnull=True) | Q(funder_ambito__isnull=False),
                name="programme_funding_budget_line_of_ambito",
                violation_error_message=_(
                    "Solo la quota di un ambito si collega a una voce del suo bilancio."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.period_amount or self.annual_amount}"

    @property
    def funder(self) -> object:
        return self.funder_organization or self.funder_ambito
