"""Agreements: the act and its parties."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from core.models import TimeStampedModel
from governance.models import Ambito, Organ, Organization, Person


class AgreementKind(models.TextChoices):
    CONVENZIONE = "convenzione", _("Convenzione (art. 30 D.Lgs. 267/2000)")
    ACCORDO_DI_PROGRAMMA = "accordo_di_programma", _("Accordo di Programma")
    ACCORDO_INTERAMBITI = "accordo_interambiti", _("Accordo Interambiti")
    PROTOCOLLO_INTESA = "protocollo_intesa", _("Protocollo d'intesa")
    CONVENZIONE_COPROGETTAZIONE = (
        "convenzione_coprogettazione",
        _("Convenzione di co-progettazione (art. 55 D.Lgs. 117/2017)"),
    )


class AgreementStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    IN_APPROVAL = "in_approvazione", _("In approvazione")
    APPROVED = "approvato", _("Approvato")
    IN_SIGNATURE = "in_firma", _("In firma")
    IN_FORCE = "in_vigore", _("In vigore")
    EXPIRED = "scaduto", _("Scaduto")
    RENEWED = "rinnovato", _("Rinnovato")
    # An act from before the app whose copy shows no signature (blank dates and deliberations): neither
    # signed nor a draft to sign.
    UNDOCUMENTED = "non_documentato", _("Firma non documentata")


class AgreementOrigin(models.TextChoices):
    APP = "app", _("Redatto e firmato nell'applicazione")
    REGISTERED = "registrato", _("Firmato fuori dall'applicazione e registrato")


class DatePrecision(models.TextChoices):
    """How much of a date an act states: an unknown day stays unknown, never invented."""

    DAY = "giorno", _("giorno")
    MONTH = "mese", _("mese")
    YEAR = "anno", _("anno")


class Agreement(TimeStampedModel):
    kind = models.CharField(_("tipo"), max_length=32, choices=AgreementKind.choices, db_index=True)
    title = models.CharField(_("titolo"), max_length=300)
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    ambito = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("ambito"),
        help_text=_("L'ambito il cui Ufficio di Piano cura l'accordo."),
    )
    place = models.CharField(_("luogo di stipula"), max_length=100, blank=True)
    # Validity: dates, months from a start, or until an event; the act's own figures, checked against each other.
    start_date = models.DateField(_("decorrenza"), null=True, blank=True)
    end_date = models.DateField(_("scadenza"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durata in mesi"), null=True, blank=True)
    starts_on_signature = models.BooleanField(_("decorre dalla sottoscrizione"), default=False)
    until_event = models.CharField(
        _("valido fino a"),
        max_length=255,
        blank=True,
        help_text=_("Un evento invece di una data, ad es. «l'approvazione del nuovo Piano di Zona»."),
    )
    withdrawal_notice_months = models.PositiveSmallIntegerField(_("preavviso di recesso (mesi)"), default=6)
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("rinnova l'accordo"),
    )
    in_force_since = models.DateField(_("in vigore dal"), null=True, blank=True)
    in_force_since_precision = models.CharField(
        _("precisione della data di entrata in vigore"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    # The assembly that approved the text (an assemblies deliberation records itself here through the service).
    assembly_approval = models.CharField(
        _("approvato dall'assemblea con"),
        max_length=300,
        blank=True,
        help_text=_("Ad es. «Assemblea dei Sindaci, deliberazione n. 3/2026 del 27/11/2026»."),
    )
    assembly_approved_on = models.DateField(_("data dell'approvazione in assemblea"), null=True, blank=True)
    origin = models.CharField(
        _("provenienza"), max_length=12, choices=AgreementOrigin.choices, default=AgreementOrigin.APP
    )

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("accordo")
        verbose_name_plural = _("accordi")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agreement_period",
                violation_error_message=_("La scadenza non può precedere la decorrenza."),
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gt=0),
                name="agreement_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])


class PartyRole(models.TextChoices):
    CAPOFILA = "capofila", _("Capofila")
    REFERENTE = "referente", _("Referente")
    FIRMATARIO = "firmatario", _("Firmatario")
    ADERENTE = "aderente", _("Aderente")


class Party(TimeStampedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreement_parties", verbose_name=_("ente")
    )
    role = models.CharField(
        _("ruolo"), max_length=16, choices=PartyRole.choices, default=PartyRole.FIRMATARIO
    )
    represents = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_in_agreements",
        verbose_name=_("in rappresentanza dell'ambito"),
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_to_sign",
        verbose_name=_("firmatario"),
    )
    signatory_capacity = models.CharField(
        _("in qualità di"), max_length=200, blank=True, help_text=_("Ad es. «Sindaco pro tempore».")
    )
    # The act that authorises the signature ("deliberazione del Consiglio Comunale n. __ del __").
    authorising_organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organo")
    )
    authorising_organ_name = models.CharField(
        _("organo che delibera"), max_length=200, blank=True, help_text=_("Ad es. «Consiglio Comunale».")
    )
    act_number = models.CharField(_("numero della deliberazione"), max_length=30, blank=True)
    act_date = models.DateField(_("data della deliberazione"), null=True, blank=True)
    signing_order = models.PositiveSmallIntegerField(_("ordine di firma"), default=1)
    joined_on = models.DateField(_("aderisce dal"), null=True, blank=True)
    withdrawal_notified_on = models.DateField(_("recesso comunicato il"), null=True, blank=True)
    withdrawal_effective_on = models.DateField(_("recesso efficace dal"), null=True, blank=True)
    continuing_obligations = models.TextField(_("obblighi che proseguono dopo il recesso"), blank=True)
    # Set by the signing service when this party's signature on the current document is verified.
    signed_at = models.DateTimeField(_("firmato il"), null=True, blank=True)
    # An act signed outside the app: when this party signed, as precisely as the act states it.
    signed_on = models.DateField(_("data della firma (atto registrato)"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("precisione della data di firma"), max_length=8, choices=DatePrecision.choices, blank=True
    )

    class Meta:
        ordering = ["agreement", "signing_order", "pk"]
        verbose_name = _("parte")
        verbose_name_plural = _("parti")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="party_once_per_agreement",
                violation_error_message=_("Questo ente è già parte dell'accordo."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_notified_on__isnull=True)
                | Q(withdrawal_effective_on__gte=F("withdrawal_notified_on")),
                name="party_withdrawal_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def has_authorising_act(self) -> bool:
        return bool(self.act_number and self.act_date)


class AgreementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)
