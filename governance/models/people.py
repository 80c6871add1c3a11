"""People and their mandates: who represents which body, in what capacity, over which period."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PeriodModel, TimeStampedModel
from governance.models.registry import Organization
from governance.validators import validate_person_tax_code


class Gender(models.TextChoices):
    FEMALE = "F", _("Femminile")
    MALE = "M", _("Maschile")


class Person(TimeStampedModel):
    given_name = models.CharField(_("nome"), max_length=100)
    family_name = models.CharField(_("cognome"), max_length=100, db_index=True)
    tax_code = models.CharField(
        _("codice fiscale"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_person_tax_code],
    )
    gender = models.CharField(
        _("genere"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_("Serve a scrivere negli atti «il sig.» o «la sig.ra»."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefono"), max_length=30, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("persona")
        verbose_name_plural = _("persone")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def get_absolute_url(self) -> str:
        return reverse("governance:person_detail", args=[self.pk])


class MandateRole(models.TextChoices):
    SINDACO = "sindaco", _("Sindaco")
    VICESINDACO = "vicesindaco", _("Vicesindaco")
    ASSESSORE = "assessore", _("Assessore")
    CONSIGLIERE = "consigliere", _("Consigliere")
    SEGRETARIO = "segretario", _("Segretario")
    FUNZIONARIO = "funzionario", _("Funzionario")
    PRESIDENTE = "presidente", _("Presidente")
    DIRETTORE = "direttore", _("Direttore")
    LEGALE_RAPPRESENTANTE = "legale_rappresentante", _("Legale rappresentante")
    DELEGATO = "delegato", _("Delegato")


class Mandate(PeriodModel, TimeStampedModel):
    """A person's office in an organization (sindaco pro tempore, assessore, direttore...)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("persona")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("ente")
    )
    role = models.CharField(_("carica"), max_length=32, choices=MandateRole.choices)
    title = models.CharField(
        _("denominazione della carica"),
        max_length=200,
        blank=True,
        help_text=_("Ad es. «Assessore alle Politiche Sociali» o «Direttore Sociale»."),
    )
    attested_on = models.DateField(
        _("in carica al"),
        null=True,
        blank=True,
        help_text=_("Data in cui un atto attesta la carica, quando inizio e fine non sono noti."),
    )

    class Meta:
        ordering = ["organization__name", "role", "-start_date"]
        verbose_name = _("incarico")
        verbose_name_plural = _("incarichi")
        constraints = [
            PeriodModel.period_constraint("mandate_period"),
            models.UniqueConstraint(
                fields=["person", "organization", "role", "start_date", "attested_on"],
                name="mandate_unique_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.organization}"
