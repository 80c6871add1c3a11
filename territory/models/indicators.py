"""Any figure per comune per year from any source (MEF incomes, OMI prices, ASST counts, ISTAT's IVSM): an indicator
is described once (source, unit, licence, how it sums over an area) and its values arrive by CSV; a new source needs
no code. Ratios of two operands and composite indices are defined on top of them by the users.

National indicators (no ambito) are the administrator's; an ambito's own cover only its comuni and are kept by its
Ufficio di Piano (territory/rules.py). Everyone logged in reads them all."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.models import Ambito, Organization

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{1,49}$",
    _("Usare lettere minuscole, cifre e trattini bassi, iniziando con una lettera (es. reddito_imponibile)."),
)


class Aggregation(models.TextChoices):
    SUM = "sum", _("Somma (conteggi, importi)")
    MEAN = "mean", _("Media ponderata per i residenti")
    NONE = "none", _("Solo per comune (non aggregabile)")


class Normalisation(models.TextChoices):
    MIN_MAX = "min_max", _("Min-max (0–100)")
    Z_SCORE = "z_score", _("Punteggi z (media 0, deviazione standard 1)")


class _Owned(models.Model):
    """Something the profile shows that belongs to the deployment (no ambito) or to one ambito."""

    code = models.CharField(_("codice"), max_length=50, validators=[CODE_VALIDATOR])
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    ambito = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ambito"),
        help_text=_(
            "Vuoto per una fonte nazionale; altrimenti l'ambito che la cura, per i soli suoi comuni."
        ),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def code_constraints(prefix: str) -> list[models.BaseConstraint]:
        """A code once among the national ones and once in each ambito."""
        return [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(ambito__isnull=True),
                name=f"{prefix}_national_code_once",
                violation_error_message=_("Esiste già un elemento nazionale con questo codice."),
            ),
            models.UniqueConstraint(
                fields=["ambito", "code"],
                name=f"{prefix}_ambito_code_once",
                violation_error_message=_("L'ambito ha già un elemento con questo codice."),
            ),
        ]


class Indicator(_Owned):
    unit = models.CharField(
        _("unità di misura"), max_length=50, help_text=_("Es. euro, persone, €/m², indice.")
    )
    source = models.CharField(_("fonte"), max_length=300, help_text=_("Es. MEF, dichiarazioni IRPEF 2022."))
    licence = models.CharField(_("licenza"), max_length=100, help_text=_("Es. CC BY 4.0, IODL 2.0."))
    aggregation = models.CharField(
        _("aggregazione per area"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    people_assisted = models.BooleanField(
        _("conta persone assistite"),
        default=False,
        help_text=_(
            "I valori sotto la soglia di riservatezza sono oscurati in ogni tabella, mappa, esportazione e API."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        constraints = _Owned.code_constraints("indicator")


class IndicatorImport(models.Model):
    """One CSV loaded into an indicator, whole or not at all: what it held, what it replaced, what it could not
    place."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    years = models.JSONField(_("anni"), default=list)
    values = models.PositiveIntegerField(_("valori"))
    replaced = models.PositiveIntegerField(_("valori sostituiti"), default=0)
    unknown_codes = models.JSONField(
        _("codici non presenti nel registro"),
        default=dict,
        blank=True,
        help_text=_("Anno → codice ISTAT → valore: righe del file che il registro non conosce."),
    )
    followed = models.JSONField(
        _("codici seguiti"),
        default=dict,
        blank=True,
        help_text=_(
            "Anno → codice ISTAT del file → comune a cui il valore è stato sommato (variazioni ISTAT)."
        ),
    )
    imported_at = models.DateTimeField(_("importato il"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("importazione di un indicatore")
        verbose_name_plural = _("importazioni di indicatori")

    def __str__(self) -> str:
        return f"{self.indicator} — {self.file_name}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    comune = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("comune")
    )
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(1861)])
    value = models.DecimalField(_("valore"), max_digits=20, decimal_places=4)
    loaded_by = models.ForeignKey(IndicatorImport, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["indicator", "year", "comune"]
        verbose_name = _("valore di un indicatore")
        verbose_name_plural = _("valori degli indicatori")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "comune"], name="indicator_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.comune}: {self.value}"


# A ratio's operands: an indicator, or residents of one of the stored age bands (territory.indices.BANDS).
class Band(models.TextChoices):
    TOTAL = "total", _("Residenti")
    UNDER15 = "under15", _("Residenti di 0-14 anni")
    AGE15_64 = "age15_64", _("Residenti di 15-64 anni")
    OVER65 = "over65", _("Residenti di 65 anni e più")
    OVER75 = "over75", _("Residenti di 75 anni e più")
    MINORS = "minors", _("Residenti di 0-17 anni")


def _one_operand(side: str) -> Q:
    return Q(**{f"{side}_indicator__isnull": False}, **{f"{side}_band": ""}) | Q(
        **{f"{side}_indicator__isnull": True}
    ) & ~Q(**{f"{side}_band": ""})


class Ratio(_Owned):
    """numerator / denominator × multiplier, each side summed over the area first (income per inhabitant is the
    ambito's income over its residents, not a mean of its comuni's)."""

    numerator_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numeratore"),
    )
    numerator_band = models.CharField(
        _("numeratore (residenti)"), max_length=10, choices=Band.choices, blank=True
    )
    denominator_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominatore"),
    )
    denominator_band = models.CharField(
        _("denominatore (residenti)"), max_length=10, choices=Band.choices, blank=True
    )
    multiplier = models.PositiveIntegerField(
        _("moltiplicatore"), default=1, validators=[MinValueValidator(1)]
    )
    unit = models.CharField(_("unità di misura"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rapporto")
        verbose_name_plural = _("rapporti")
        constraints = [
            *_Owned.code_constraints("ratio"),
            models.CheckConstraint(
                condition=_one_operand("numerator"),
                name="ratio_one_numerator",
                violation_error_message=_("Il numeratore è un indicatore oppure una fascia di residenti."),
            ),
            models.CheckConstraint(
                condition=_one_operand("denominator"),
                name="ratio_one_denominator",
                violation_error_message=_("Il denominatore è un indicatore oppure una fascia di residenti."),
            ),
        ]


class CompositeIndex(_Owned):
    """Several indicators, each normalised over the areas of a level in a year, weighted and summed (a vulnerability
    index in the manner of ISTAT's IVSM; IVSM itself is imported as published, as an indicator)."""

    normalisation = models.CharField(
        _("normalizzazione"), max_length=8, choices=Normalisation.choices, default=Normalisation.MIN_MAX
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("indice composito")
        verbose_name_plural = _("indici compositi")
        constraints = _Owned.code_constraints("composite")


class CompositeComponent(models.Model):
    composite = models.ForeignKey(CompositeIndex, on_delete=models.CASCADE, related_name="components")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicatore")
    )
    weight = models.DecimalField(
        _("peso"), max_digits=6, decimal_places=3, validators=[MinValueValidator(0.001)]
    )
    inverted = models.BooleanField(
        _("verso invertito"),
        default=False,
        help_text=_(
            "Un valore più alto indica meno vulnerabilità (es. reddito): conta con il segno opposto."
        ),
    )

    class Meta:
        ordering = ["composite", "pk"]
        verbose_name = _("componente")
        verbose_name_plural = _("componenti")
        constraints = [
            models.UniqueConstraint(fields=["composite", "indicator"], name="composite_indicator_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="composite_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.composite}: {self.indicator} × {self.weight}"
