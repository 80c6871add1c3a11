"""Organs (bodies that meet and decide) and seats (who sits in them, in what capacity, when)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PeriodModel, TimeStampedModel
from governance.models.people import Person
from governance.models.registry import Ambito, Organization


class OrganKind(models.TextChoices):
    ASSEMBLEA_SINDACI = "assemblea_sindaci", _("Assemblea dei Sindaci")
    ASSEMBLEA_SINDACI_SUBAMBITO = "assemblea_sindaci_subambito", _("Assemblea dei Sindaci di sub-ambito")
    COMITATO_RISTRETTO = "comitato_ristretto", _("Comitato Ristretto")
    UFFICIO_DI_PIANO = "ufficio_di_piano", _("Ufficio di Piano")
    TAVOLO_TERZO_SETTORE = "tavolo_terzo_settore", _("Tavolo Locale del Terzo Settore")
    COORDINAMENTO_TECNICO_PROVINCIALE = (
        "coordinamento_tecnico_provinciale",
        _("Coordinamento tecnico operativo provinciale"),
    )
    CONSIGLIO_INTERAMBITI = "consiglio_interambiti", _("Consiglio InterAmbiti")
    COORDINAMENTO_TECNICO_UDP = "coordinamento_tecnico_udp", _("Coordinamento tecnico degli Uffici di Piano")
    TAVOLO_COORDINAMENTO = "tavolo_coordinamento", _("Tavolo di coordinamento")
    EQUIPE_MULTIDISCIPLINARE = "equipe_multidisciplinare", _("Équipe multidisciplinare")
    EQUIPE_TERRITORIALE = "equipe_territoriale", _("Équipe territoriale di sub-ambito")
    CONSIGLIO_COMUNALE = "consiglio_comunale", _("Consiglio comunale")
    GIUNTA_COMUNALE = "giunta_comunale", _("Giunta comunale")
    ASSEMBLEA_ENTE = "assemblea_ente", _("Assemblea dell'ente (unione, azienda consortile)")
    ALTRO = "altro", _("Altro organo")


class Organ(TimeStampedModel):
    kind = models.CharField(_("tipo"), max_length=40, choices=OrganKind.choices, db_index=True)
    name = models.CharField(_("denominazione"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=20, blank=True)
    ambiti = models.ManyToManyField(
        Ambito,
        blank=True,
        related_name="organs",
        verbose_name=_("ambiti"),
        help_text=_("L'ambito (o gli ambiti) in cui l'organo opera."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organs",
        verbose_name=_("ente"),
        help_text=_("Per gli organi di un solo ente, come il consiglio comunale."),
    )
    managing_body = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_organs",
        verbose_name=_("ente che gestisce l'organo"),
        help_text=_(
            "L'ente il cui Ufficio di Piano modifica l'organo, come lo nomina l'atto istitutivo; "
            "se manca, solo un amministratore modifica l'organo."
        ),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("organo di riferimento"),
    )
    legal_basis = models.CharField(_("fonte istitutiva"), max_length=255, blank=True)
    composition = models.TextField(_("composizione prevista"), blank=True)
    functions = models.TextField(_("compiti"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organo")
        verbose_name_plural = _("organi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:organ_detail", args=[self.pk])


class SeatCapacity(models.TextChoices):
    PRESIDENTE = "presidente", _("Presidente")
    VICEPRESIDENTE = "vicepresidente", _("Vicepresidente")
    COORDINATORE = "coordinatore", _("Coordinatore")
    REFERENTE = "referente", _("Referente")
    MEMBRO = "membro", _("Componente")
    SEGRETARIO = "segretario", _("Segretario verbalizzante")
    INVITATO = "invitato", _("Invitato permanente")


class Seat(PeriodModel, TimeStampedModel):
    """A place in an organ, held by an organization (through whoever represents it) and/or a person."""

    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="seats", verbose_name=_("organo"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("ente rappresentato"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("persona"),
    )
    capacity = models.CharField(_("ruolo nell'organo"), max_length=32, choices=SeatCapacity.choices)
    capacity_note = models.CharField(
        _("precisazione"),
        max_length=255,
        blank=True,
        help_text=_("Ad es. «il Sindaco o un suo delegato», «designato dal Tavolo del Terzo Settore»."),
    )
    has_vote = models.BooleanField(_("con diritto di voto"), default=True)

    class Meta:
        ordering = ["organ", "capacity", "organization__name"]
        verbose_name = _("componente")
        verbose_name_plural = _("componenti")
        constraints = [
            PeriodModel.period_constraint("seat_period"),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(person__isnull=False),
                name="seat_has_holder",
                violation_error_message=_("Indica l'ente rappresentato, la persona o entrambi."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "end_date"])]

    def __str__(self) -> str:
        holder = self.person or self.organization
        return f"{holder} — {self.get_capacity_display()}, {self.organ}"
