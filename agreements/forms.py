"""Browser forms for drafting and managing agreements. Valid data goes to a service; forms only shape and
check input. Field names are stable: the browser tests address them by id (`id_<name>`) and label."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import rules
from agreements.models import (
    Agreement,
    AgreementTemplate,
    MoneyClause,
    Party,
    PartyRole,
    PremiseSection,
    Share,
    SplitCriterion,
)
from agreements.partial_dates import as_text, parse_partial_date
from governance import selectors as registry
from governance.forms import DATE_WIDGET, StyledFormMixin, model_choice
from governance.models import Ambito, Organization

AGREEMENT_FIELDS = [
    "kind",
    "title",
    "place",
    "start_date",
    "end_date",
    "duration_months",
    "starts_on_signature",
    "until_event",
    "withdrawal_notice_months",
]
DATE_WIDGETS = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


def organization_choices(user: Any, exclude: list[int] | None = None) -> list[Organization]:
    """The bodies the user may pick as a party: those they can see in the registry, read once."""
    queryset = registry.organization_list(user=user)
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    return list(queryset)


class OrganizationChoiceField(forms.TypedChoiceField):
    """A body chosen from a list read once: several such fields on a page share one query."""

    def __init__(self, *, organizations: list[Organization], **kwargs: Any) -> None:
        self.by_pk = {organization.pk: organization for organization in organizations}
        choices = [("", "—"), *((o.pk, str(o)) for o in organizations)]
        super().__init__(choices=choices, coerce=int, **kwargs)

    def clean(self, value: Any) -> Organization | None:
        pk = super().clean(value)
        return self.by_pk.get(pk) if pk not in (None, "") else None


class AgreementForm(StyledFormMixin, forms.ModelForm):
    """The agreement's own data: kind, title, place, validity and notice."""

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A duration of 0 months would only meet the database's check, with a less clear message.
        self.fields["duration_months"].validators.append(MinValueValidator(1))
        self.fields["duration_months"].widget.attrs["min"] = 1

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class AgreementCreateForm(AgreementForm):
    """A new draft from scratch, in one of the ambiti whose Ufficio di Piano the user is."""

    class Meta:
        model = Agreement
        fields = ["ambito", *AGREEMENT_FIELDS]
        widgets = DATE_WIDGETS

    def __init__(self, *args: Any, ambiti: list[Ambito], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "ambito")
        field.queryset = Ambito.objects.filter(pk__in=[ambito.pk for ambito in ambiti]).order_by("name")
        if len(ambiti) == 1:
            field.initial = ambiti[0].pk


class TemplateInstantiateForm(StyledFormMixin, forms.Form):
    """A draft from a model text: the ambito, a title and, for each party the model expects, a body."""

    ambito = forms.ModelChoiceField(label=_("Ambito"), queryset=Ambito.objects.none())
    title = forms.CharField(label=_("Titolo"), max_length=300)

    def __init__(
        self,
        *args: Any,
        template: AgreementTemplate,
        ambiti: list[Ambito],
        organizations: list[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "ambito")
        field.queryset = Ambito.objects.filter(pk__in=[ambito.pk for ambito in ambiti]).order_by("name")
        if len(ambiti) == 1:
            field.initial = ambiti[0].pk
        self.fields["title"].initial = template.title
        self.slots = list(template.slots.all())
        for slot in self.slots:
            self.fields[f"slot_{slot.key}"] = OrganizationChoiceField(
                organizations=organizations,
                label=slot.label,
                help_text=_("Ruolo nell'accordo: %(role)s.") % {"role": slot.get_role_display()},
            )
        # The fields above were added after StyledFormMixin ran: style them too.
        for name in (f"slot_{slot.key}" for slot in self.slots):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"slot_{slot.key}") for slot in self.slots]
        picked = [organization.pk for organization in chosen if organization is not None]
        if len(picked) != len(set(picked)):
            raise forms.ValidationError(_("Uno stesso ente non può occupare due posti del modello."))
        return data

    def organizations(self) -> dict[str, Organization]:
        return {slot.key: self.cleaned_data[f"slot_{slot.key}"] for slot in self.slots}


class RenewForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Titolo del rinnovo"), max_length=300)


class PartyForm(StyledFormMixin, forms.ModelForm):
    """A party, who signs for it, in what capacity and in what order."""

    class Meta:
        model = Party
        fields = ["organization", "role", "represents", "signatory", "signatory_capacity", "signing_order"]

    def __init__(self, *args: Any, user: Any, exclude: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organization" in self.fields:
            self.fields["organization"] = OrganizationChoiceField(
                organizations=organization_choices(user, exclude),
                label=_("Ente"),
                help_text=_("Gli enti del registro che puoi consultare."),
            )
            self.fields["organization"].widget.attrs["class"] = "form-select"
        if "represents" in self.fields:
            model_choice(self, "represents").queryset = Ambito.objects.order_by("name")
            self.fields["represents"].help_text = _(
                "Solo negli accordi tra ambiti: l'ambito per cui l'ente firma."
            )
        model_choice(self, "signatory").queryset = registry.person_list(user=user)
        self.fields["signatory"].help_text = _(
            "La persona che firma per l'ente: deve essere registrata con un incarico."
        )

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "organization"}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class PartyUpdateForm(PartyForm):
    class Meta(PartyForm.Meta):
        fields = ["role", "represents", "signatory", "signatory_capacity", "signing_order"]


class AdhesionForm(PartyForm):
    """A body joins an agreement already in force."""

    joined_on = forms.DateField(label=_("Aderisce dal"), widget=DATE_WIDGET)

    class Meta(PartyForm.Meta):
        fields = ["organization", "role", "signatory", "signatory_capacity"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = PartyRole.ADERENTE
        self.order_fields(["organization", "joined_on", "role", "signatory", "signatory_capacity"])


class AuthorisationForm(StyledFormMixin, forms.Form):
    """The deliberation that approves the agreement and authorises the party's signatory."""

    organ_name = forms.CharField(
        label=_("Organo che delibera"), max_length=200, help_text=_("Ad es. «Consiglio Comunale».")
    )
    act_number = forms.CharField(label=_("Numero della deliberazione"), max_length=30)
    act_date = forms.DateField(label=_("Data della deliberazione"), widget=DATE_WIDGET)

    def clean_act_date(self) -> date:
        value: date = self.cleaned_data["act_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La data della deliberazione non può essere nel futuro."))
        return value


class PremiseForm(StyledFormMixin, forms.Form):
    section = forms.ChoiceField(label=_("Sezione"), choices=PremiseSection.choices)
    text = forms.CharField(label=_("Testo"), widget=forms.Textarea(attrs={"rows": 5}))


class ArticleForm(StyledFormMixin, forms.Form):
    """The article editor. `revision` is the revision the editor started from (0 for a new article)."""

    number = forms.IntegerField(label=_("Numero"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Rubrica"), max_length=200, required=False)
    body = forms.CharField(label=_("Testo"), widget=forms.Textarea(attrs={"rows": 14}))
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["number"]


class BlankFillForm(StyledFormMixin, forms.Form):
    blank = forms.ChoiceField(label=_("Spazio da compilare"))
    value = forms.CharField(label=_("Testo che lo sostituisce"), max_length=500)

    def __init__(self, *args: Any, blanks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["blank"].choices = [(blank, blank) for blank in blanks]  # type: ignore[attr-defined]


class TransitionForm(StyledFormMixin, forms.Form):
    """A confirmation; entering into force also asks from which day."""

    on = forms.DateField(
        label=_("In vigore dal"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Lascia vuoto per oggi."),
    )

    def __init__(self, *args: Any, asks_date: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_date:
            del self.fields["on"]


class AmendmentProposeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motivo della modifica"),
        max_length=300,
        help_text=_("Ad es. «Adesione del Comune di …» o «Nuovo art. 12 sul personale»."),
    )


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organization)


class ShareChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.party.organization} ({obj.amount} €)"


class AmendmentApprovalForm(AuthorisationForm):
    party = PartyChoiceField(label=_("Parte che approva"), queryset=Party.objects.none())

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "party")
        field.queryset = Party.objects.filter(pk__in=[party.pk for party in parties]).select_related(
            "organization"
        )
        self.order_fields(["party", "organ_name", "act_number", "act_date"])


class WithdrawalForm(StyledFormMixin, forms.Form):
    """Recesso, in two steps: the data, then a confirmation showing the date it takes effect."""

    notified_on = forms.DateField(label=_("Recesso comunicato il"), widget=DATE_WIDGET)
    continuing_obligations = forms.CharField(
        label=_("Obblighi che proseguono dopo il recesso"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ad es. «la quota del personale fino alla ricollocazione»."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MoneyClauseForm(StyledFormMixin, forms.ModelForm):
    """A cost split among the signing parties; fixed amounts and weights are asked party by party."""

    class Meta:
        model = MoneyClause
        fields = [
            "description",
            "total",
            "vat_excluded",
            "criterion",
            "population_year",
            "installments_every_months",
            "installments_in_advance",
        ]

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["total"].validators.append(MinValueValidator(Decimal(0)))
        self.fields["total"].widget.attrs["min"] = 0
        self.parties = parties
        for party in parties:
            self.fields[f"part_{party.pk}"] = forms.DecimalField(
                label=str(party.organization),
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=4,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            )

    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"part_{party.pk}"] for party in self.parties]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        criterion = data.get("criterion")
        if criterion in (SplitCriterion.FIXED, SplitCriterion.WEIGHTS):
            for party in self.parties:
                if data.get(f"part_{party.pk}") is None:
                    self.add_error(
                        f"part_{party.pk}",
                        _("Indica l'importo di questa parte.")
                        if criterion == SplitCriterion.FIXED
                        else _("Indica il peso di questa parte."),
                    )
        if criterion == SplitCriterion.POPULATION and not data.get("population_year"):
            self.add_error("population_year", _("Indica l'anno del riparto."))
        if not self.parties:
            raise forms.ValidationError(_("L'accordo non ha parti firmatarie tra cui ripartire."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        parts = [self.cleaned_data.get(f"part_{party.pk}") for party in self.parties]
        data["parties"] = self.parties
        if data["criterion"] == SplitCriterion.FIXED:
            data["fixed_amounts"] = parts
        elif data["criterion"] == SplitCriterion.WEIGHTS:
            data["weights"] = parts
        return data


class InstallmentsForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("Dal"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Al"), widget=DATE_WIDGET)
    replace = forms.BooleanField(
        label=_("Sostituisci le rate già calcolate"),
        required=False,
        help_text=_("Le rate esistenti di ogni quota vengono ricalcolate da capo."),
    )

    def __init__(self, *args: Any, has_installments: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_installments = has_installments
        if not has_installments:
            del self.fields["replace"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La data di fine non può precedere la data di inizio."))
        if self.has_installments and not data.get("replace"):
            self.add_error("replace", _("Conferma che le rate esistenti vanno sostituite."))
        return data


class PaymentForm(StyledFormMixin, forms.Form):
    share = ShareChoiceField(label=_("Quota della parte"), queryset=Share.objects.none())
    paid_on = forms.DateField(label=_("Pagato il"), widget=DATE_WIDGET)
    amount = forms.DecimalField(
        label=_("Importo (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    reference = forms.CharField(
        label=_("Riferimento"), max_length=200, required=False, help_text=_("Ad es. il numero del mandato.")
    )

    def __init__(self, *args: Any, clause: MoneyClause, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "share")
        field.queryset = clause.shares.select_related("party__organization")


class ConfirmForm(StyledFormMixin, forms.Form):
    """A confirmation page before a removal: no fields, the button is the answer."""


# --- acts signed before the app --------------------------------------------------------------------------

PARTIAL_DATE_HELP = _(
    "Come lo riporta l'atto: 28/03/2012, oppure solo 03/2012 o 2012 se il giorno non è noto."
)


class PartialDateField(forms.CharField):
    """A date given only as precisely as the act states it: cleaned to (date, precision) or None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", PARTIAL_DATE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "gg/mm/aaaa", "autocomplete": "off"})

    def clean(self, value: Any) -> tuple[date, str] | None:
        text = super().clean(value)
        return parse_partial_date(text)


class RegisterSignedForm(StyledFormMixin, forms.Form):
    """Register an act signed outside the app: its entry into force, when each party signed, the file."""

    place = forms.CharField(label=_("Luogo di stipula"), max_length=100, required=False)
    in_force_since = PartialDateField(label=_("In vigore dal"))
    signed_on_all = PartialDateField(
        label=_("Data della firma (la stessa per tutte le parti)"),
        required=False,
        help_text=_(
            "Se le parti hanno firmato lo stesso giorno; altrimenti compila la data di ciascuna qui sotto."
        ),
    )
    signed_file = forms.FileField(
        label=_("Atto firmato (facoltativo)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.p7m,application/pdf,application/pkcs7-mime,image/*"}
        ),
        help_text=_(
            "Il PDF firmato digitalmente (PAdES), la busta .p7m (CAdES) o la scansione dell'atto cartaceo. "
            "Si può allegare anche in seguito."
        ),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["place"].initial = agreement.place
        self.signing_parties = rules.signing_parties(agreement.parties.select_related("organization"))
        for party in self.signing_parties:
            field = PartialDateField(
                label=_("Firma di %(party)s") % {"party": party.organization},
                required=False,
                initial=as_text(party.signed_on, party.signed_on_precision),
                help_text="",
            )
            field.widget.attrs["class"] = "form-control"  # added after StyledFormMixin styled the others
            self.fields[f"signed_on_{party.pk}"] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        common = data.get("signed_on_all")
        signed: dict[int, tuple[date, str]] = {}
        for party in self.signing_parties:
            own = data.get(f"signed_on_{party.pk}") or common
            if own is None and f"signed_on_{party.pk}" not in self.errors:
                self.add_error(
                    f"signed_on_{party.pk}",
                    _("Indica quando ha firmato (almeno l'anno), o la data comune sopra."),
                )
            elif own is not None:
                signed[party.pk] = own
        data["signed"] = signed
        return data


class SignedCopyForm(StyledFormMixin, forms.Form):
    signed_file = forms.FileField(
        label=_("Atto firmato"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.p7m,application/pdf,application/pkcs7-mime,image/*"}
        ),
        help_text=_(
            "Il PDF firmato digitalmente (PAdES), la busta .p7m (CAdES) o la scansione dell'atto cartaceo: "
            "le firme digitali vengono verificate, la scansione è conservata con la sua impronta."
        ),
    )
