"""Third-sector partners (seed 004): the ETS's registry data, applications alone or as a grouping (formed or to be
formed) with a lead, the commission that scores them against the call's criteria, and the partnership convention
signed with each chosen partner through the agreements machinery; the rules of the call that bind a partnership
(co-financing of at least 10%, extensions within 25% of the co-design's value, stopping with 6 months' notice, labour
cost revisions on a CCNL renewal, a flat-rate share for management costs)."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from coprogettazione.models.choices import (
    ApplicationStatus,
    CoFinancingKind,
    CommissionRole,
    GroupingKind,
    PartnershipStatus,
    RuntsSection,
)
from coprogettazione.models.procedures import Procedure, Programme
from core.models import TimeStampedModel
from governance.models import Organization, Person, User

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from coprogettazione.models.reporting import ExpenseReport, Liquidation, Repayment


class EtsProfile(TimeStampedModel):
    """What the Registro Unico Nazionale del Terzo Settore says of a body (D.Lgs. 117/2017, art. 45-46); the codice
    fiscale is the registry's own field."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="ets_profile", verbose_name=_("ente")
    )
    legal_form = models.CharField(
        _("forma giuridica"), max_length=120, help_text=_("Es.: cooperativa sociale di tipo A, associazione.")
    )
    runts_section = models.CharField(_("sezione del RUNTS"), max_length=2, choices=RuntsSection.choices)
    runts_number = models.CharField(_("numero di repertorio RUNTS"), max_length=30, blank=True)
    runts_registered_on = models.DateField(_("iscritto al RUNTS il"), null=True, blank=True)

    class Meta:
        verbose_name = _("dati RUNTS")
        verbose_name_plural = _("dati RUNTS")

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_runts_section_display()}"


class Application(TimeStampedModel):
    """An application to one programme: by one ETS, or by a grouping (formed or to be formed) led by one of them."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="applications")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    lead = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="led_applications", verbose_name=_("capofila")
    )
    grouping = models.CharField(
        _("forma"), max_length=32, choices=GroupingKind.choices, default=GroupingKind.SINGLE
    )
    proposal = models.TextField(_("proposta progettuale"), blank=True)
    status = models.CharField(
        _("stato"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    exclusion_reason = models.CharField(_("motivo dell'esclusione"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["procedure", "programme__code", "pk"]
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "lead"],
                name="application_once_per_lead",
                violation_error_message=_("Questo ente ha già presentato una candidatura per il programma."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.EXCLUDED) | ~Q(exclusion_reason=""),
                name="application_exclusion_has_reason",
                violation_error_message=_("Un'esclusione indica il motivo."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(lead)s per %(programme)s") % {"lead": self.lead, "programme": self.programme.code}

    def get_absolute_url(self) -> str:
        return reverse("coprogettazione:application_detail", args=[self.procedure_id, self.pk])


class ApplicationMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="application_memberships"
    )
    is_lead = models.BooleanField(_("capofila"), default=False)

    class Meta:
        ordering = ["application", "-is_lead", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "organization"], name="application_member_once"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_lead=True), name="application_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Criterion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("n."))
    name = models.CharField(_("criterio"), max_length=300)
    max_points = models.DecimalField(_("punteggio massimo"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "position"], name="criterion_position_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class CommissionMember(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="commission")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commission_seats")
    role = models.CharField(_("ruolo"), max_length=16, choices=CommissionRole.choices)
    appointment = models.CharField(_("atto di nomina"), max_length=300, blank=True)

    class Meta:
        ordering = ["procedure", "role", "person__family_name"]
        verbose_name = _("componente della commissione")
        verbose_name_plural = _("commissione di valutazione")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "person"], name="commission_member_once"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(role=CommissionRole.PRESIDENT),
                name="commission_one_president",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Score(models.Model):
    """The commission's score of an application on one criterion (its maximum is checked by the service)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("punti"), max_digits=6, decimal_places=2)
    note = models.CharField(_("motivazione"), max_length=500, blank=True)

    class Meta:
        ordering = ["application", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Partnership(TimeStampedModel):
    """The chosen application's partnership: the convention (an agreement, drafted from the partnership template and
    signed through the agreements machinery), the municipal contribution over its period and the negotiated flat-rate
    share for management costs."""

    if TYPE_CHECKING:  # reverse relations declared in coprogettazione/models/reporting.py
        expense_reports: RelatedManager[ExpenseReport]
        liquidations: RelatedManager[Liquidation]
        repayments: RelatedManager[Repayment]

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="partnership")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="partnerships")
    agreement = models.OneToOneField(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership",
        verbose_name=_("convenzione"),
    )
    municipal_contribution = models.DecimalField(
        _("contributo comunale (EUR)"), max_digits=14, decimal_places=2
    )
    start_date = models.DateField(_("dal"))
    end_date = models.DateField(_("al"))
    management_share_percent = models.DecimalField(
        _("quota forfettaria per spese gestionali (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    management_items = models.CharField(_("voci comprese nella quota gestionale"), max_length=500, blank=True)
    status = models.CharField(
        _("stato"), max_length=16, choices=PartnershipStatus.choices, default=PartnershipStatus.NEGOTIATION
    )

    class Meta:
        ordering = ["programme__procedure", "programme__code", "pk"]
        verbose_name = _("partenariato")
        verbose_name_plural = _("partenariati")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipal_contribution__gte=0), name="partnership_contribution"
            ),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="partnership_period"),
            models.CheckConstraint(
                condition=Q(management_share_percent__isnull=True)
                | (Q(management_share_percent__gte=0) & Q(management_share_percent__lte=100)),
                name="partnership_management_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return _("Partenariato %(programme)s — %(partner)s") % {
            "programme": self.programme.code,
            "partner": self.application.lead,
        }

    def get_absolute_url(self) -> str:
        return reverse("coprogettazione:partnership_detail", args=[self.programme.procedure_id, self.pk])


class CoFinancing(models.Model):
    """What the partner puts in (seed 004: at least 10% of the municipal contribution, money and/or in kind)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="co_financing")
    kind = models.CharField(_("tipo"), max_length=16, choices=CoFinancingKind.choices)
    description = models.CharField(_("descrizione"), max_length=300)
    amount = models.DecimalField(_("valore (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["partnership", "kind", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="co_financing_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class Extension(TimeStampedModel):
    """An extension of a partner's activities (seed 004: within 25% of the co-design's total value, counted over all
    its extensions). The procedure's running total is raised in the same UPDATE that a check constraint guards, so
    two requests at once cannot both pass the cap: the database decides."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="extensions")
    amount = models.DecimalField(_("importo (EUR)"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("motivo"), max_length=300)
    act_reference = models.CharField(_("atto (integrazione della convenzione)"), max_length=300)
    act_date = models.DateField(_("data dell'atto"))

    class Meta:
        ordering = ["partnership", "act_date", "pk"]
        verbose_name = _("estensione")
        verbose_name_plural = _("estensioni")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="extension_positive")]

    def __str__(self) -> str:
        return f"{self.amount} ({self.act_reference})"


class StopNotice(TimeStampedModel):
    """The administration stops activities with at least six months' notice (seed 004)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="stop_notices")
    notified_on = models.DateField(_("comunicata il"))
    effective_on = models.DateField(_("cessazione dal"))
    reason = models.TextField(_("motivo"))
    act_reference = models.CharField(_("atto"), max_length=300, blank=True)

    class Meta:
        ordering = ["partnership", "notified_on"]
        verbose_name = _("comunicazione di cessazione")
        verbose_name_plural = _("comunicazioni di cessazione")
        constraints = [
            models.CheckConstraint(condition=Q(effective_on__gt=F("notified_on")), name="stop_after_notice")
        ]

    def __str__(self) -> str:
        return f"{self.notified_on:%d/%m/%Y} → {self.effective_on:%d/%m/%Y}"


class CostRevision(TimeStampedModel):
    """A labour-cost revision on the renewal of a national contract (CCNL), recorded as a change of the partnership's
    budget with its act."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cost_revisions")
    contract = models.CharField(_("CCNL rinnovato"), max_length=200)
    effective_from = models.DateField(_("in vigore dal"))
    amount = models.DecimalField(
        _("variazione (EUR)"), max_digits=14, decimal_places=2, help_text=_("Positiva se il costo cresce.")
    )
    act_reference = models.CharField(_("atto"), max_length=300)
    act_date = models.DateField(_("data dell'atto"))

    class Meta:
        ordering = ["partnership", "effective_from"]
        verbose_name = _("revisione del costo del lavoro")
        verbose_name_plural = _("revisioni del costo del lavoro")

    def __str__(self) -> str:
        return f"{self.contract}: {self.amount}"
