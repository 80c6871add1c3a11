"""Geography and bodies: regions, provinces, organizations, ambiti and their member comuni."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PeriodModel, TimeStampedModel
from governance.validators import (
    validate_cadastral_code,
    validate_istat_code,
    validate_organization_tax_code,
    validate_vat_number,
)


class Region(models.Model):
    code = models.CharField(_("codice ISTAT"), max_length=2, unique=True)
    name = models.CharField(_("denominazione"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province or metropolitan city (ISTAT 'unità territoriale sovracomunale')."""

    code = models.CharField(_("codice ISTAT"), max_length=3, unique=True)
    name = models.CharField(_("denominazione"), max_length=100)
    abbreviation = models.CharField(_("sigla"), max_length=2)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("regione")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincia")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class OrganizationKind(models.TextChoices):
    COMUNE = "comune", _("Comune")
    UNIONE_COMUNI = "unione_comuni", _("Unione di comuni")
    AZIENDA_SPECIALE = "azienda_speciale", _("Azienda speciale consortile")
    CONSORZIO = "consorzio", _("Consorzio")
    ASL = "asl", _("ASL / ATS")
    ASST = "asst", _("ASST / Azienda ospedaliera")
    PROVINCIA = "provincia", _("Provincia")
    REGIONE = "regione", _("Regione")
    UFFICIO_SCOLASTICO = "ufficio_scolastico", _("Ufficio scolastico")
    CENTRO_IMPIEGO = "centro_impiego", _("Centro per l'impiego")
    ETS = "ets", _("Ente del Terzo Settore")
    ALTRO = "altro", _("Altro ente")


class EtsCategory(models.TextChoices):
    """The four categories of the Tavolo Locale del Terzo Settore (Accordo di Programma 2012, art. 9)."""

    VOLONTARIATO = "volontariato", _("Organizzazioni di volontariato e associazioni familiari")
    COOPERAZIONE = "cooperazione", _("Cooperative sociali e organismi della cooperazione")
    PROMOZIONE_SOCIALE = "promozione_sociale", _("Associazioni di promozione sociale, fondazioni e patronati")
    ENTI_RELIGIOSI = "enti_religiosi", _("Enti dell'area educativa e sociale delle confessioni religiose")


class Organization(TimeStampedModel):
    kind = models.CharField(_("tipo"), max_length=32, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(_("denominazione"), max_length=200, db_index=True)
    istat_code = models.CharField(
        _("codice ISTAT"), max_length=6, unique=True, null=True, blank=True, validators=[validate_istat_code]
    )
    cadastral_code = models.CharField(
        _("codice catastale"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_cadastral_code],
    )
    tax_code = models.CharField(
        _("codice fiscale"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_organization_tax_code],
    )
    vat_number = models.CharField(
        _("partita IVA"), max_length=11, null=True, blank=True, validators=[validate_vat_number]
    )
    ets_category = models.CharField(
        _("categoria ETS"), max_length=32, choices=EtsCategory.choices, blank=True
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("provincia"),
    )
    address = models.CharField(_("indirizzo della sede"), max_length=200, blank=True)
    postal_code = models.CharField(_("CAP"), max_length=5, blank=True)
    city = models.CharField(_("città della sede"), max_length=100, blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefono"), max_length=30, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    registered_in = models.ForeignKey(
        "governance.Ambito",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_organizations",
        verbose_name=_("registrato dall'ambito"),
        help_text=_("L'ambito il cui Ufficio di Piano tiene aggiornata questa scheda."),
    )
    dissolved_on = models.DateField(_("cessato il"), null=True, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="comune", istat_code__isnull=False) | ~Q(kind="comune"),
                name="organization_comune_has_istat_code",
                violation_error_message=_("Un comune deve avere il codice ISTAT."),
            ),
            models.CheckConstraint(
                condition=Q(kind="comune") | Q(istat_code__isnull=True),
                name="organization_only_comuni_have_istat_code",
                violation_error_message=_("Solo i comuni hanno un codice ISTAT comunale."),
            ),
            models.CheckConstraint(
                condition=Q(kind="ets") | Q(ets_category=""),
                name="organization_ets_category_only_for_ets",
                violation_error_message=_("La categoria ETS si applica solo agli Enti del Terzo Settore."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == OrganizationKind.COMUNE:
            return f"Comune di {self.name}"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:organization_detail", args=[self.pk])


class OrganizationAlias(models.Model):
    """Another spelling of an organization's name, as a document wrote it (kept for search and audit)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("denominazione alternativa"), max_length=200)
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("denominazione alternativa")
        verbose_name_plural = _("denominazioni alternative")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="alias_unique_per_organization")
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationMembership(PeriodModel, TimeStampedModel):
    """A comune that is part of a unione or of an azienda speciale consortile, over time."""

    parent = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="member_links",
        verbose_name=_("ente associativo"),
    )
    member = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="parent_links", verbose_name=_("ente associato")
    )

    class Meta:
        ordering = ["parent", "member__name"]
        verbose_name = _("adesione a ente associativo")
        verbose_name_plural = _("adesioni a enti associativi")
        constraints = [
            PeriodModel.period_constraint("organization_membership_period"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("member")), name="organization_membership_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.parent}"


class Ambito(TimeStampedModel):
    """Ambito territoriale (distrettuale) sociale: the comuni that write one Piano di Zona."""

    name = models.CharField(_("denominazione"), max_length=200, unique=True)
    capofila = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="ambiti_as_capofila",
        verbose_name=_("ente capofila"),
    )
    ente_gestore = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ambiti_as_gestore",
        verbose_name=_("ente gestore"),
        help_text=_("L'azienda o l'ente che gestisce i servizi associati per l'ambito."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ambiti",
        verbose_name=_("provincia"),
    )
    source = models.CharField(_("fonte"), max_length=255, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ambito territoriale")
        verbose_name_plural = _("ambiti territoriali")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:ambito_detail", args=[self.pk])


class AmbitoMembership(PeriodModel, TimeStampedModel):
    ambito = models.ForeignKey(
        Ambito, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("ambito")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="ambito_memberships", verbose_name=_("comune")
    )

    class Meta:
        ordering = ["ambito", "organization__name"]
        verbose_name = _("appartenenza all'ambito")
        verbose_name_plural = _("appartenenze agli ambiti")
        constraints = [PeriodModel.period_constraint("ambito_membership_period")]
        indexes = [models.Index(fields=["organization", "end_date"])]

    def __str__(self) -> str:
        return f"{self.organization} ∈ {self.ambito}"


class PopulationFigure(TimeStampedModel):
    """Resident population of a comune at a reference date, as ISTAT publishes it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="population_figures", verbose_name=_("comune")
    )
    reference_date = models.DateField(_("data di riferimento"))
    population = models.PositiveIntegerField(_("popolazione residente"))
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["organization", "-reference_date"]
        verbose_name = _("dato di popolazione")
        verbose_name_plural = _("dati di popolazione")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference_date"], name="population_one_per_date"
            ),
            models.CheckConstraint(condition=Q(population__gte=0), name="population_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.population} ({self.reference_date:%d/%m/%Y})"
