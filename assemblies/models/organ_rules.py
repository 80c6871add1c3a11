"""The rules an organ sits and decides by. A rule no act states stays empty ("da definire"): the essential ones
block convening until the Ufficio di Piano sets them (assemblies/rules.py says which)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from assemblies.models.choices import (
    CompositionKind,
    DecisionKind,
    MajorityKind,
    MinutesRegime,
    TieRule,
    Weighting,
)
from core.models import TimeStampedModel
from governance.models import Organ, Organization


class OrganRules(TimeStampedModel):
    organ = models.OneToOneField(
        Organ, on_delete=models.CASCADE, related_name="rules", verbose_name=_("organo")
    )
    # The quorum to sit (numero legale), as a share of the members' weight: "more than" (la metà più uno) or
    # "at least". The second call is optional: empty means the acts provide none.
    quorum_numerator = models.PositiveSmallIntegerField(_("numero legale: numeratore"), null=True, blank=True)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("numero legale: denominatore"), null=True, blank=True
    )
    quorum_strict = models.BooleanField(_("numero legale: più della quota (non almeno)"), default=True)
    second_call_numerator = models.PositiveSmallIntegerField(
        _("seconda convocazione: numeratore"), null=True, blank=True
    )
    second_call_denominator = models.PositiveSmallIntegerField(
        _("seconda convocazione: denominatore"), null=True, blank=True
    )
    second_call_strict = models.BooleanField(_("seconda convocazione: più della quota"), default=False)
    abstentions_count_as_present = models.BooleanField(
        _("gli astenuti contano tra i presenti"),
        null=True,
        blank=True,
        help_text=_("Per la maggioranza dei presenti: se l'astensione pesa come un voto contrario."),
    )
    tie_rule = models.CharField(
        _("in caso di parità"), max_length=24, choices=TieRule.choices, default=TieRule.REJECTED
    )
    weighting = models.CharField(_("peso dei voti"), max_length=16, choices=Weighting.choices, blank=True)
    proxies_allowed = models.BooleanField(_("deleghe ad altro componente ammesse"), null=True, blank=True)
    proxy_limit = models.PositiveSmallIntegerField(
        _("deleghe per componente (al più)"),
        null=True,
        blank=True,
        help_text=_("Vuoto: nessun limite."),
    )
    member_check_in = models.BooleanField(
        _("i componenti registrano la propria presenza dal telefono"), default=False
    )
    min_sessions_per_year = models.PositiveSmallIntegerField(
        _("sedute minime all'anno"), null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(
        _("preavviso di convocazione (giorni)"), null=True, blank=True
    )
    minutes_regime = models.CharField(
        _("verbale"),
        max_length=24,
        choices=MinutesRegime.choices,
        default=MinutesRegime.SIGNED_APPROVED,
    )
    legal_basis = models.TextField(
        _("fonti delle regole"), blank=True, help_text=_("Gli articoli degli atti da cui vengono le regole.")
    )

    class Meta:
        verbose_name = _("regole dell'organo")
        verbose_name_plural = _("regole degli organi")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__isnull=True, quorum_denominator__isnull=True)
                | Q(
                    quorum_numerator__gte=1,
                    quorum_denominator__gte=1,
                    quorum_numerator__lte=models.F("quorum_denominator"),
                ),
                name="organrules_quorum_share",
                violation_error_message=_("Il numero legale è una quota tra 0 e 1: ad es. 1/2."),
            ),
            models.CheckConstraint(
                condition=Q(second_call_numerator__isnull=True, second_call_denominator__isnull=True)
                | Q(
                    second_call_numerator__gte=1,
                    second_call_denominator__gte=1,
                    second_call_numerator__lte=models.F("second_call_denominator"),
                ),
                name="organrules_second_call_share",
                violation_error_message=_("Il numero legale in seconda convocazione è una quota tra 0 e 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Regole: %(organ)s") % {"organ": self.organ})


class MajorityRequirement(models.Model):
    """The majority one kind of decision needs in one organ."""

    rules = models.ForeignKey(OrganRules, on_delete=models.CASCADE, related_name="majorities")
    decision_kind = models.CharField(_("tipo di decisione"), max_length=16, choices=DecisionKind.choices)
    kind = models.CharField(_("maggioranza"), max_length=16, choices=MajorityKind.choices)
    share_numerator = models.PositiveSmallIntegerField(_("quota: numeratore"), null=True, blank=True)
    share_denominator = models.PositiveSmallIntegerField(_("quota: denominatore"), null=True, blank=True)
    of_members = models.BooleanField(
        _("quota dei componenti (non dei presenti)"),
        default=True,
        help_text=_("Solo per la maggioranza qualificata."),
    )
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["rules", "decision_kind"]
        verbose_name = _("maggioranza richiesta")
        verbose_name_plural = _("maggioranze richieste")
        constraints = [
            models.UniqueConstraint(fields=["rules", "decision_kind"], name="majority_one_per_decision_kind"),
            models.CheckConstraint(
                condition=~Q(kind=MajorityKind.QUALIFIED)
                | Q(
                    share_numerator__gte=1,
                    share_denominator__gte=1,
                    share_numerator__lte=models.F("share_denominator"),
                ),
                name="majority_qualified_has_share",
                violation_error_message=_("Una maggioranza qualificata richiede la quota, ad es. 2/3."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_kind_display()}: {self.get_kind_display()}"


class VoteQuota(models.Model):
    """A member body's set quota, where the organ weighs votes by quotas."""

    rules = models.ForeignKey(OrganRules, on_delete=models.CASCADE, related_name="quotas")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="vote_quotas", verbose_name=_("ente")
    )
    quota = models.DecimalField(_("quota"), max_digits=9, decimal_places=4)

    class Meta:
        ordering = ["rules", "organization__name"]
        verbose_name = _("quota di voto")
        verbose_name_plural = _("quote di voto")
        constraints = [
            models.UniqueConstraint(fields=["rules", "organization"], name="vote_quota_once_per_body"),
            models.CheckConstraint(
                condition=Q(quota__gt=0),
                name="vote_quota_positive",
                violation_error_message=_("La quota deve essere positiva."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.quota}"


class CompositionRule(models.Model):
    """How the organ must be composed (checked against its seats and shown on its page)."""

    rules = models.ForeignKey(OrganRules, on_delete=models.CASCADE, related_name="composition_rules")
    kind = models.CharField(_("regola"), max_length=24, choices=CompositionKind.choices)
    number = models.PositiveSmallIntegerField(_("numero"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accordo"),
        help_text=_("Per «solo enti aderenti»: l'accordo a cui devono aderire."),
    )
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        ordering = ["rules", "kind"]
        verbose_name = _("regola di composizione")
        verbose_name_plural = _("regole di composizione")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CompositionKind.ADHERENTS_ONLY) | Q(number__gte=1),
                name="composition_rule_has_number",
                violation_error_message=_("Indica il numero di componenti."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.number or ''}"
