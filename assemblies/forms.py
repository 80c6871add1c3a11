"""The assemblies' forms: they validate input and hand it to one service each."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assemblies import rules
from assemblies.models import (
    Acting,
    AgendaItem,
    Choice,
    DecisionKind,
    MajorityKind,
    OrganRules,
    Presence,
    Secrecy,
    Session,
    Weighting,
)
from assemblies.services.organ_rules import RULE_FIELDS
from governance.forms import StyledFormMixin, choice, model_choice
from governance.models import Organ, Organization, Person

UNDEFINED = _("da definire")


class TriState(forms.NullBooleanSelect):
    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", UNDEFINED), ("true", _("Sì")), ("false", _("No"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class OrganRulesForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = OrganRules
        fields = sorted(RULE_FIELDS)
        widgets = {
            "abstentions_count_as_present": TriState,
            "proxies_allowed": TriState,
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "quorum_numerator",
        "quorum_denominator",
        "quorum_strict",
        "second_call_numerator",
        "second_call_denominator",
        "second_call_strict",
        "weighting",
        "abstentions_count_as_present",
        "tie_rule",
        "proxies_allowed",
        "proxy_limit",
        "member_check_in",
        "notice_days",
        "min_sessions_per_year",
        "minutes_regime",
        "legal_basis",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        choice(self, "weighting").choices = [("", UNDEFINED), *Weighting.choices]


class MajorityForm(StyledFormMixin, forms.Form):
    decision_kind = forms.ChoiceField(label=_("Tipo di decisione"), choices=DecisionKind.choices)
    kind = forms.ChoiceField(
        label=_("Maggioranza"),
        choices=[("", _("da definire (rimuovi)")), *MajorityKind.choices],
        required=False,
    )
    share_numerator = forms.IntegerField(label=_("Quota: numeratore"), min_value=1, required=False)
    share_denominator = forms.IntegerField(label=_("Quota: denominatore"), min_value=1, required=False)
    of_members = forms.BooleanField(
        label=_("Quota dei componenti (non dei presenti)"), required=False, initial=True
    )
    source = forms.CharField(label=_("Fonte"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == MajorityKind.QUALIFIED and not (
            data.get("share_numerator") and data.get("share_denominator")
        ):
            self.add_error(
                "share_denominator", _("Una maggioranza qualificata richiede la quota, ad es. 2/3.")
            )
        return data


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "starts_at",
            "second_call_at",
            "place",
            "video_link",
            "population_year",
            "secretary",
        ]
        widgets = {"starts_at": DateTimeInput, "second_call_at": DateTimeInput}

    def __init__(self, *args: Any, organ: Organ, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "second_call_at"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = ["%Y-%m-%dT%H:%M"]
        day = timezone.localdate()
        bodies = list(rules.member_bodies(organ, day).values_list("pk", flat=True))
        managers = [organ.managing_body_id] if organ.managing_body_id else []
        model_choice(self, "secretary").queryset = (
            Person.objects.filter(mandates__organization__in=[*bodies, *managers])
            .distinct()
            .order_by("family_name")
        )
        self.fields["population_year"].help_text = _(
            "Vuoto: il 31/12 dell'anno precedente la seduta. Indicalo solo se il registro non ha quell'anno."
        )


class AgendaItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "subject",
            "decision_kind",
            "agreement",
            "minutes",
            "reference_year",
            "budget_version",
            "budget_report",
            "quota",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, organ: Organ, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "agreement").queryset = rules.decidable_agreements(organ)
        self.fields["agreement"].help_text = _("Solo se il punto approva il testo di un accordo.")
        model_choice(self, "minutes").queryset = rules.approvable_minutes(organ).order_by(
            "session__starts_at"
        )
        self.fields["minutes"].help_text = _(
            "Solo se il punto approva un verbale: quelli firmati e non ancora approvati delle sedute precedenti."
        )
        self.fields["reference_year"].help_text = _("Solo per il Piano Operativo e la relazione annuale.")
        model_choice(self, "budget_version").queryset = rules.decidable_budget_versions(organ)
        self.fields["budget_version"].help_text = _(
            "Per il bilancio o il Piano Operativo: la versione in bozza che la deliberazione approva."
        )
        model_choice(self, "budget_report").queryset = rules.decidable_reports(organ)
        self.fields["budget_report"].help_text = _("Per la relazione annuale: la relazione che si approva.")
        model_choice(self, "quota").queryset = rules.decidable_quotas(organ)
        self.fields["quota"].help_text = _(
            "Per la quota di sub-ambito: la proposta che l'assemblea delibera."
        )

    def _post_clean(self) -> None:
        """The row is validated by the service, with its session (the model's checks need it)."""


class CheckInForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Ente"), queryset=Organization.objects.none())
    person = forms.ModelChoiceField(
        label=_("Chi interviene"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Obbligatorio per un delegato: una persona con un incarico presso l'ente."),
    )
    acting = forms.ChoiceField(label=_("In qualità di"), choices=Acting.choices, initial=Acting.HEAD)
    presence = forms.ChoiceField(label=_("Presenza"), choices=Presence.choices, initial=Presence.ROOM)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        day = timezone.localtime(session.starts_at).date()
        seated = rules.member_bodies(session.organ, day) | rules.invited_bodies(session.organ, day)
        model_choice(self, "organization").queryset = seated.order_by("name")
        model_choice(self, "person").queryset = (
            Person.objects.filter(mandates__organization__in=seated)
            .distinct()
            .order_by("family_name", "given_name")
        )


class ProxyForm(StyledFormMixin, forms.Form):
    grantor = forms.ModelChoiceField(label=_("Ente che delega"), queryset=Organization.objects.none())
    holder = forms.ModelChoiceField(label=_("Ente delegato"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = rules.member_bodies(session.organ, timezone.localtime(session.starts_at).date())
        model_choice(self, "grantor").queryset = members
        model_choice(self, "holder").queryset = members


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=255)


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in."""


class VoteOpenForm(forms.Form):
    secrecy = forms.ChoiceField(label=_("Modalità"), choices=Secrecy.choices, initial=Secrecy.OPEN)


class BallotForm(forms.Form):
    voter = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=Choice.choices)


class QuotasForm(StyledFormMixin, forms.Form):
    """One quota per member body (empty: none), for an organ that weighs votes by set quotas."""

    def __init__(
        self, *args: Any, members: list[Organization], quotas: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for body in members:
            self.fields[f"quota_{body.pk}"] = forms.DecimalField(
                label=str(body),
                required=False,
                min_value=0,
                max_digits=9,
                decimal_places=4,
                initial=quotas.get(body.pk),
            )
        # The mixin styled the fields that existed before these were added.
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def quotas(self) -> list[tuple[Organization, Any]]:
        return [(body, self.cleaned_data.get(f"quota_{body.pk}")) for body in self.members]


class MinutesTextForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Testo del verbale"), widget=forms.Textarea(attrs={"rows": 24}))
    summary = forms.CharField(
        label=_("Cosa hai cambiato"),
        max_length=300,
        required=False,
        help_text=_("Resta nella cronologia delle revisioni, con il tuo nome e l'ora."),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)


class SecretaryForm(StyledFormMixin, forms.Form):
    secretary = forms.ModelChoiceField(label=_("Segretario verbalizzante"), queryset=Person.objects.none())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "secretary").queryset = people


class NotesForm(StyledFormMixin, forms.Form):
    notes = forms.CharField(
        label=_("Note del segretario"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Interventi e dichiarazioni: entrano nella bozza del verbale."),
    )


class PublishForm(StyledFormMixin, forms.Form):
    names = forms.CharField(
        label=_("Nomi delle persone assistite da oscurare"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Uno per riga, come compaiono nel testo: sono sostituiti da «omissis» in qualunque ordine di nome e "
            "cognome. I codici fiscali delle persone sono oscurati sempre."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Ho controllato l'anteprima: il testo pubblicato non contiene altri dati personali"),
        required=True,
    )
