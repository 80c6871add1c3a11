"""A session (seduta) of an organ, its agenda, who attended and who gave a proxy to whom."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from assemblies.models.choices import Acting, Call, DecisionKind, ItemSubject, Presence, SessionStatus
from core.models import TimeStampedModel
from governance.models import Organ, Organization, Person


def new_screen_token() -> str:
    return secrets.token_urlsafe(32)


class Session(TimeStampedModel):
    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("organo")
    )
    title = models.CharField(_("titolo"), max_length=200, default=_("Seduta ordinaria"))
    status = models.CharField(
        _("stato"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED, db_index=True
    )
    starts_at = models.DateTimeField(_("data e ora (prima convocazione)"))
    second_call_at = models.DateTimeField(_("data e ora della seconda convocazione"), null=True, blank=True)
    place = models.CharField(_("luogo"), max_length=255, blank=True)
    video_link = models.URLField(_("collegamento per chi partecipa a distanza"), blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("anno della popolazione per i pesi"),
        null=True,
        blank=True,
        help_text=_("La popolazione al 31/12 di quest'anno pesa i voti, se l'organo vota per popolazione."),
    )
    # The calendar invitation's identity: one UID for the session's life, a new SEQUENCE at each change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    sitting_call = models.CharField(_("seduta valida in"), max_length=8, choices=Call.choices, blank=True)
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_as_secretary",
        verbose_name=_("segretario verbalizzante"),
    )
    convened_at = models.DateTimeField(_("convocata il"), null=True, blank=True)
    opened_at = models.DateTimeField(_("aperta il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    cancel_reason = models.CharField(_("motivo dell'annullamento"), max_length=255, blank=True)
    # The room screen is shown on a projector without login: its address carries a secret of its own.
    screen_token = models.CharField(max_length=43, unique=True, editable=False, default=new_screen_token)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("seduta")
        verbose_name_plural = _("sedute")
        constraints = [
            models.CheckConstraint(
                condition=Q(second_call_at__isnull=True) | Q(second_call_at__gt=F("starts_at")),
                name="session_second_call_after_first",
                violation_error_message=_("La seconda convocazione segue la prima."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ} — {self.title}, {self.starts_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("assemblies:session_detail", args=[self.pk])


class AgendaItem(TimeStampedModel):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name=_("seduta")
    )
    position = models.PositiveSmallIntegerField(_("punto n."))
    title = models.CharField(_("oggetto"), max_length=300)
    description = models.TextField(_("proposta"), blank=True)
    subject = models.CharField(_("cosa decide"), max_length=24, choices=ItemSubject.choices)
    decision_kind = models.CharField(
        _("tipo di decisione"), max_length=16, choices=DecisionKind.choices, default=DecisionKind.ORDINARY
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("accordo"),
    )
    minutes = models.ForeignKey(
        "assemblies.Minutes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_items",
        verbose_name=_("verbale da approvare"),
    )
    budget_version = models.ForeignKey(
        "budgets.BudgetVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("versione del bilancio da approvare"),
    )
    budget_report = models.ForeignKey(
        "budgets.BudgetReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("relazione da approvare"),
    )
    quota = models.ForeignKey(
        "budgets.SubAmbitoQuota",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("quota di sub-ambito"),
    )
    reference_year = models.PositiveSmallIntegerField(
        _("anno di riferimento"),
        null=True,
        blank=True,
        help_text=_("Per il Piano Operativo e la relazione annuale: l'anno a cui si riferiscono."),
    )
    notes = models.TextField(
        _("note del segretario"),
        blank=True,
        help_text=_("Interventi e dichiarazioni da riportare nel verbale."),
    )

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("punto all'ordine del giorno")
        verbose_name_plural = _("ordine del giorno")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"],
                name="agenda_item_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(subject=ItemSubject.AGREEMENT_TEXT, agreement__isnull=False)
                | (~Q(subject=ItemSubject.AGREEMENT_TEXT) & Q(agreement__isnull=True)),
                name="agenda_item_agreement_iff_subject",
                violation_error_message=_(
                    "Indica l'accordo di cui si approva il testo (e solo per quel caso)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(subject=ItemSubject.MINUTES, minutes__isnull=False)
                | (~Q(subject=ItemSubject.MINUTES) & Q(minutes__isnull=True)),
                name="agenda_item_minutes_iff_subject",
                violation_error_message=_("Indica il verbale da approvare (e solo per quel caso)."),
            ),
            models.CheckConstraint(
                condition=Q(
                    subject__in=[ItemSubject.OPERATIVE_PLAN, ItemSubject.ANNUAL_REPORT],
                    reference_year__isnull=False,
                )
                | (
                    ~Q(subject__in=[ItemSubject.OPERATIVE_PLAN, ItemSubject.ANNUAL_REPORT])
                    & Q(reference_year__isnull=True)
                ),
                name="agenda_item_year_iff_plan_or_report",
                violation_error_message=_(
                    "Indica l'anno del Piano Operativo o della relazione (e solo per quei casi)."
                ),
            ),
            # The budget version is approved by its own item, or with the Piano Operativo it funds.
            models.CheckConstraint(
                condition=Q(subject__in=[ItemSubject.BUDGET, ItemSubject.OPERATIVE_PLAN])
                | Q(budget_version__isnull=True),
                name="agenda_item_budget_version_only_for_budget",
                violation_error_message=_(
                    "Una versione del bilancio si approva con un punto sul bilancio o sul Piano Operativo."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(subject=ItemSubject.BUDGET) | Q(budget_version__isnull=False),
                name="agenda_item_budget_needs_version",
                violation_error_message=_("Indica la versione del bilancio da approvare."),
            ),
            models.CheckConstraint(
                condition=Q(subject=ItemSubject.ANNUAL_REPORT) | Q(budget_report__isnull=True),
                name="agenda_item_report_only_for_report",
                violation_error_message=_(
                    "Una relazione si approva solo con un punto sulla relazione annuale."
                ),
            ),
            models.CheckConstraint(
                condition=Q(subject=ItemSubject.SUBAMBITO_QUOTA, quota__isnull=False)
                | (~Q(subject=ItemSubject.SUBAMBITO_QUOTA) & Q(quota__isnull=True)),
                name="agenda_item_quota_iff_subject",
                violation_error_message=_("Indica la quota di sub-ambito (e solo per quel caso)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(TimeStampedModel):
    """One stay of a body's representative at the session: from arrival to departure (a second arrival is a
    second row). Members and invitees alike; only members count for the quorum."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("seduta")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("ente rappresentato")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("persona")
    )
    acting = models.CharField(_("in qualità di"), max_length=12, choices=Acting.choices, default=Acting.HEAD)
    presence = models.CharField(_("presenza"), max_length=12, choices=Presence.choices, default=Presence.ROOM)
    arrived_at = models.DateTimeField(_("arrivo"))
    left_at = models.DateTimeField(_("uscita"), null=True, blank=True)
    self_checked_in = models.BooleanField(_("registrata dal componente"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "organization__name", "arrived_at"]
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organization"],
                condition=Q(left_at__isnull=True),
                name="attendance_one_open_stay_per_body",
                violation_error_message=_("L'ente risulta già presente."),
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("arrived_at")),
                name="attendance_leaves_after_arriving",
                violation_error_message=_("L'uscita non può precedere l'arrivo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.session}"


class Proxy(TimeStampedModel):
    """A member body lets another member body vote for it at this session (where the organ allows it)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="proxies", verbose_name=_("seduta")
    )
    grantor = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("ente che delega")
    )
    holder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("ente delegato")
    )
    revoked_at = models.DateTimeField(_("revocata il"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "grantor__name"]
        verbose_name = _("delega")
        verbose_name_plural = _("deleghe")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "grantor"],
                condition=Q(revoked_at__isnull=True),
                name="proxy_one_per_grantor",
                violation_error_message=_("L'ente ha già delegato un altro componente."),
            ),
            models.CheckConstraint(
                condition=~Q(grantor=F("holder")),
                name="proxy_not_to_self",
                violation_error_message=_("Un ente non può delegare sé stesso."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.holder}"
