"""The browser's forms for co-design procedures; their valid data goes to one service each."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogettazione.models import ActKind
from governance.forms import DATE_WIDGET, StyledFormMixin, model_choice
from governance.models import Ambito, Organization


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def optional_amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=Decimal(0), max_digits=14, decimal_places=2, localize=True
    )


class ProcedureForm(StyledFormMixin, forms.Form):
    promoter = forms.ModelChoiceField(
        label=_("Amministrazione procedente"), queryset=Organization.objects.none()
    )
    ambito = forms.ModelChoiceField(
        label=_("Per l'ambito"),
        queryset=Ambito.objects.none(),
        required=False,
        help_text=_("Solo se la procedura è dell'ambito: la conduce il suo capofila."),
    )
    title = forms.CharField(label=_("Titolo"), max_length=300)
    first_year = forms.IntegerField(label=_("Dall'anno"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("All'anno"), min_value=2000, max_value=2100)
    themes = forms.CharField(
        label=_("Temi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Uno per riga."),
    )
    rules_text = forms.CharField(
        label=_("Regole dell'avviso"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, promoters: Any = None, ambiti: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if promoters is None:
            del self.fields["promoter"], self.fields["ambito"]
        else:
            model_choice(self, "promoter").queryset = promoters
            model_choice(self, "ambito").queryset = ambiti

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["themes"] = lines(data.get("themes") or "")
        return data


class StepForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Tappa"), max_length=300)
    when_label = forms.CharField(
        label=_("Quando (come lo dice l'atto)"),
        max_length=100,
        required=False,
        help_text=_("Es.: marzo - luglio 2024."),
    )
    start_date = forms.DateField(label=_("Dal"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Al"), required=False, widget=DATE_WIDGET)
    act_kind = forms.ChoiceField(label=_("Atto"), choices=[("", "—"), *ActKind.choices], required=False)
    act_number = forms.CharField(label=_("Numero dell'atto"), max_length=20, required=False)
    act_date = forms.DateField(label=_("Data dell'atto"), required=False, widget=DATE_WIDGET)
    act_body = forms.CharField(label=_("Organo o ente"), max_length=200, required=False)
    notes = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgrammeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Codice"), max_length=10, help_text=_("Es.: P1."))
    title = forms.CharField(label=_("Titolo"), max_length=300)
    theme = forms.CharField(label=_("Tema"), max_length=200, required=False)
    annual_contribution = optional_amount(_("Contributo annuo (EUR)"))
    period_contribution = optional_amount(_("Contributo per il periodo (EUR)"))
    cup = forms.CharField(label=_("CUP"), max_length=15, required=False)
    actions = forms.CharField(
        label=_("Azioni"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Una per riga."),
    )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["actions"] = lines(data.get("actions") or "")
        return data


class FundingForm(StyledFormMixin, forms.Form):
    funder_organization = forms.ModelChoiceField(
        label=_("Ente"), queryset=Organization.objects.none(), required=False
    )
    funder_ambito = forms.ModelChoiceField(
        label=_("Oppure l'ambito"), queryset=Ambito.objects.none(), required=False
    )
    annual_amount = optional_amount(_("All'anno (EUR)"))
    period_amount = optional_amount(_("Nel periodo (EUR)"))
    note = forms.CharField(
        label=_("Nota"), max_length=300, required=False, help_text=_("Come lo dice l'atto.")
    )

    def __init__(self, *args: Any, organizations: Any, ambiti: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "funder_organization").queryset = organizations
        model_choice(self, "funder_ambito").queryset = ambiti


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page asks to confirm."""
