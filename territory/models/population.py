"""The population by single year of age and sex per comune, and where each table came from.

The ages are a fixed vector (ISTAT's tables stop at "100 and over"), so a comune's residents of one sex at one date are
one row with a column per age: a year of Italy is 15,800 rows instead of 1.6 million, and every aggregate the profile
needs (a province's over-65s, a region's pyramid) is one SQL sum over columns."""

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from governance.models import Organization

AGES = range(101)  # 100 is "100 and over"
AGE_FIELDS = [f"a{age}" for age in AGES]


class Sex(models.TextChoices):
    MALE = "M", _("Maschi")
    FEMALE = "F", _("Femmine")


class PopulationDataset(models.Model):
    """One table of residents by age and sex at a date, loaded whole (all or nothing), with its provenance and what it
    could not place: codes the registry does not know are kept here, never dropped silently."""

    reference_date = models.DateField(_("data di riferimento"), unique=True)
    source = models.CharField(_("fonte"), max_length=300)
    licence = models.CharField(_("licenza"), max_length=100)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    comuni = models.PositiveIntegerField(_("comuni"))
    residents = models.PositiveBigIntegerField(_("residenti"))
    unknown_codes = models.JSONField(
        _("codici non presenti nel registro"),
        default=dict,
        blank=True,
        help_text=_("Codice ISTAT → residenti: comuni della tabella che il registro non conosce."),
    )
    unplaced = models.JSONField(
        _("righe non collocate"),
        default=dict,
        blank=True,
        help_text=_("Codice ISTAT → sesso → residenti per età: righe in attesa di un comune del registro."),
    )
    followed = models.JSONField(
        _("codici seguiti"),
        default=dict,
        blank=True,
        help_text=_(
            "Codice ISTAT della tabella → comune a cui sono andati i suoi residenti (variazioni ISTAT)."
        ),
    )
    loaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reference_date"]
        verbose_name = _("tabella della popolazione per età")
        verbose_name_plural = _("tabelle della popolazione per età")

    def __str__(self) -> str:
        return f"{self.reference_date:%d/%m/%Y} — {self.source}"


class AgeStructure(models.Model):
    """A comune's residents of one sex at the dataset's date, by single year of age (columns a0 … a100)."""

    dataset = models.ForeignKey(PopulationDataset, on_delete=models.CASCADE, related_name="rows")
    comune = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("comune")
    )
    sex = models.CharField(_("sesso"), max_length=1, choices=Sex.choices)
    # The sum of the ages and the bands every index uses (territory.indices.BANDS), written by the loader with the ages:
    # an area's indices are then sums of six columns, as cheap as summing the total alone (bin/bench --only territory).
    # (A CHECK tying them to the ages would need a 101-term expression, which overflows SQLite's parser.)
    total = models.PositiveIntegerField(_("totale"))
    under15 = models.PositiveIntegerField(_("0-14 anni"))
    age15_64 = models.PositiveIntegerField(_("15-64 anni"))
    over65 = models.PositiveIntegerField(_("65 anni e più"))
    over75 = models.PositiveIntegerField(_("75 anni e più"))
    minors = models.PositiveIntegerField(_("0-17 anni"))

    class Meta:
        ordering = ["dataset", "comune", "sex"]
        verbose_name = _("struttura per età")
        verbose_name_plural = _("strutture per età")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "comune", "sex"], name="age_structure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.comune} {self.sex}: {self.total}"

    def counts(self) -> list[int]:
        return [getattr(self, name) for name in AGE_FIELDS]


for _age, _name in zip(AGES, AGE_FIELDS, strict=True):
    AgeStructure.add_to_class(
        _name,
        models.PositiveIntegerField(
            format_lazy(_("{age} anni"), age=_age) if _age < 100 else _("100 anni e oltre")
        ),
    )
