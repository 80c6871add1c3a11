"""The ambito's budget for a period: the Fondo Unico Distrettuale by source and year, its lines by area and action
of the Piano Operativo (each funded by one or more sources), the comuni's F.SOL contributions, versions (the
first approval and every variation), and the annual report with the actuals of each line."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import SplitCriterion
from budgets.models.choices import FundSource, ReportStatus, VersionStatus
from core.models import TimeStampedModel
from governance.models import Ambito, Organization

# A budget covers one year, or three as the Piano di Zona's ("budget 2025-2027"); five is the longest plan.
LONGEST_PERIOD_YEARS = 5


class Budget(TimeStampedModel):
    ambito = models.ForeignKey(
        Ambito, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("ambito")
    )
    title = models.CharField(_("titolo"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("dall'anno"))
    last_year = models.PositiveSmallIntegerField(_("all'anno"))
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["ambito__name", "-first_year", "pk"]
        verbose_name = _("bilancio d'ambito")
        verbose_name_plural = _("bilanci d'ambito")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year"))
                & Q(last_year__lt=F("first_year") + LONGEST_PERIOD_YEARS),
                name="budget_period_valid",
                violation_error_message=_(
                    "Il periodo va da un anno a cinque: l'ultimo anno non precede il primo."
                ),
            ),
            models.CheckConstraint(condition=Q(first_year__gte=2000), name="budget_year_plausible"),
            models.UniqueConstraint(
                fields=["ambito", "first_year", "last_year"],
                name="budget_once_per_period",
                violation_error_message=_("L'ambito ha già un bilancio per questo periodo."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:budget_detail", args=[self.pk])


class BudgetVersion(TimeStampedModel):
    """Version 1 is the budget as first approved; each variation during the period is the next version, a copy
    of the one in force edited and approved in turn. An approved version is never edited again."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versione"))
    status = models.CharField(
        _("stato"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    reason = models.CharField(
        _("motivo della variazione"),
        max_length=300,
        blank=True,
        help_text=_("Per una variazione: perché (nuove risorse, rinnovo del CCNL, ...)."),
    )
    approval_reference = models.CharField(
        _("atto di approvazione"),
        max_length=300,
        blank=True,
        help_text=_("Es.: Assemblea dei Sindaci, deliberazione n. 3/2026 del 25/03/2026."),
    )
    approved_on = models.DateField(_("approvata il"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "-number"]
        verbose_name = _("versione del bilancio")
        verbose_name_plural = _("versioni del bilancio")
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_version_number_unique"),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(status=VersionStatus.DRAFT),
                name="budget_one_draft",
                violation_error_message=_("Il bilancio ha già una versione in bozza."),
            ),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(status=VersionStatus.APPROVED),
                name="budget_one_in_force",
                violation_error_message=_("Il bilancio ha già una versione in vigore."),
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT)
                | (Q(approved_on__isnull=False) & ~Q(approval_reference="")),
                name="budget_version_approved_with_act",
                violation_error_message=_("Una versione approvata indica l'atto e la data."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(budget)s, versione %(number)d") % {"budget": self.budget, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("budgets:version_detail", args=[self.budget_id, self.number])


class SourceAllocation(models.Model):
    """What one source brings to the Fondo Unico in one year of the period."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="allocations")
    year = models.PositiveSmallIntegerField(_("anno"))
    source = models.CharField(_("fonte"), max_length=16, choices=FundSource.choices)
    description = models.CharField(
        _("dettaglio"), max_length=200, blank=True, help_text=_("Es.: Fondo Povertà, quota servizi.")
    )
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["version", "year", "source", "description"]
        verbose_name = _("stanziamento per fonte")
        verbose_name_plural = _("stanziamenti per fonte")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "year", "source", "description"],
                name="allocation_once_per_source",
                violation_error_message=_("Questa fonte ha già uno stanziamento per l'anno."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: {self.amount} EUR"


class BudgetLine(models.Model):
    """A line of the Piano Operativo: an action within an area of the Piano di Zona."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("n."))
    area = models.CharField(_("area"), max_length=200)
    action = models.CharField(_("azione"), max_length=300)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("voce del Piano Operativo")
        verbose_name_plural = _("voci del Piano Operativo")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="budget_line_position_unique"),
            models.UniqueConstraint(
                fields=["version", "area", "action"],
                name="budget_line_once",
                violation_error_message=_("Questa azione c'è già nell'area."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} — {self.action}"


class LineFunding(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="fundings")
    year = models.PositiveSmallIntegerField(_("anno"))
    source = models.CharField(_("fonte"), max_length=16, choices=FundSource.choices)
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["line", "year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year", "source"], name="line_funding_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.year} {self.source} {self.amount} EUR"


class FsolSplit(models.Model):
    """How the year's F.SOL is shared among the comuni, by the criterion the Assemblea dei Sindaci chose."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="fsol_splits")
    year = models.PositiveSmallIntegerField(_("anno"))
    criterion = models.CharField(_("criterio di riparto"), max_length=16, choices=SplitCriterion.choices)
    population_year = models.PositiveSmallIntegerField(
        _("popolazione al 31/12 dell'anno"), null=True, blank=True
    )
    population_year_note = models.CharField(
        _("perché quest'anno di popolazione"),
        max_length=300,
        blank=True,
        help_text=_("Obbligatorio quando non si usa il 31/12 dell'anno precedente."),
    )

    class Meta:
        ordering = ["version", "year"]
        verbose_name = _("riparto del F.SOL")
        verbose_name_plural = _("riparti del F.SOL")
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="fsol_split_once_per_year"),
            models.CheckConstraint(
                condition=~Q(criterion=SplitCriterion.POPULATION) | Q(population_year__isnull=False),
                name="fsol_split_population_year",
                violation_error_message=_("Il riparto per popolazione indica l'anno della popolazione."),
            ),
        ]

    def __str__(self) -> str:
        return _("Riparto F.SOL %(year)d") % {"year": self.year}


class FsolContribution(models.Model):
    split = models.ForeignKey(FsolSplit, on_delete=models.CASCADE, related_name="contributions")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="fsol_contributions", verbose_name=_("comune")
    )
    weight = models.DecimalField(_("peso"), max_digits=14, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("quota (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["split", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["split", "organization"], name="fsol_contribution_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fsol_contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.amount} EUR"


class BudgetReport(TimeStampedModel):
    """The annual report (Report annuale, Accordo di Programma art. 13 b): the actuals of each line of the version
    in force, approved by the Assemblea by January of the next year."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="reports")
    version = models.ForeignKey(
        BudgetVersion,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("versione di riferimento"),
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    status = models.CharField(
        _("stato"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    notes = models.TextField(_("note sullo stato di attuazione"), blank=True)
    approval_reference = models.CharField(_("atto di approvazione"), max_length=300, blank=True)
    approved_on = models.DateField(_("approvata il"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "year"]
        verbose_name = _("relazione annuale")
        verbose_name_plural = _("relazioni annuali")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "year"],
                name="budget_report_once_per_year",
                violation_error_message=_("La relazione di quest'anno esiste già."),
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT)
                | (Q(approved_on__isnull=False) & ~Q(approval_reference="")),
                name="budget_report_approved_with_act",
            ),
        ]

    def __str__(self) -> str:
        return _("Relazione annuale %(year)d — %(budget)s") % {"year": self.year, "budget": self.budget}

    def get_absolute_url(self) -> str:
        return reverse("budgets:report_detail", args=[self.budget_id, self.year])


class ReportActual(models.Model):
    report = models.ForeignKey(BudgetReport, on_delete=models.CASCADE, related_name="actuals")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="actuals")
    source = models.CharField(_("fonte"), max_length=16, choices=FundSource.choices)
    amount = models.DecimalField(_("speso (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report", "line__position", "source"]
        constraints = [
            models.UniqueConstraint(fields=["report", "line", "source"], name="report_actual_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="report_actual_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount} EUR"
