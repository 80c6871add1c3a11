"""The browser's forms for co-design procedures; their valid data goes to one service each."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine
from coprogettazione.models import (
    ActKind,
    CoFinancingKind,
    CommissionRole,
    ExpenseCategory,
    GroupingKind,
    Programme,
    RuntsSection,
)
from governance.forms import DATE_WIDGET, StyledFormMixin, model_choice
from governance.models import Ambito, Organization, Person


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


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        version = obj.version
        return f"{version.budget.title} (v. {version.number}, {version.get_status_display()}) — {obj}"


class FundingBudgetLineForm(StyledFormMixin, forms.Form):
    budget_line = BudgetLineChoiceField(
        label=_("Voce del bilancio dell'ambito"),
        queryset=BudgetLine.objects.none(),
        required=False,
        empty_label=_("— nessuna: la quota non è collegata al bilancio —"),
        help_text=_(
            "Le voci dei bilanci dell'ambito, in bozza o in vigore, che coprono almeno un anno della procedura."
        ),
    )

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "budget_line").queryset = lines


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page asks to confirm."""


# --- partners -----------------------------------------------------------------------------------------------


class ApplicationForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programma"), queryset=Programme.objects.none())
    lead = forms.ModelChoiceField(label=_("Ente capofila"), queryset=Organization.objects.none())
    grouping = forms.ChoiceField(label=_("Forma"), choices=GroupingKind.choices, initial=GroupingKind.SINGLE)
    members = forms.ModelMultipleChoiceField(
        label=_("Altri enti del raggruppamento"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Solo per un raggruppamento costituito o costituendo."),
    )
    proposal = forms.CharField(
        label=_("Proposta progettuale"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, programmes: Any, leads: Any, others: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "programme").queryset = programmes
        model_choice(self, "lead").queryset = leads
        only = list(leads[:2])
        if len(only) == 1:  # an ETS user applies for its own body: chosen already
            self.fields["lead"].initial = only[0].pk
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = others


class ExclusionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motivo dell'esclusione"), max_length=300)


class CriterionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Criterio"), max_length=300)
    max_points = forms.DecimalField(
        label=_("Punteggio massimo"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2, localize=True
    )


class CommissionMemberForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Persona"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Ruolo"), choices=CommissionRole.choices)
    appointment = forms.CharField(label=_("Atto di nomina"), max_length=300, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "person").queryset = people


class ScoresForm(StyledFormMixin, forms.Form):
    """One score per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"s_{criterion.pk}"] = forms.DecimalField(
                label=_("%(criterion)s (massimo %(points)s)")
                % {"criterion": criterion.name, "points": number_format(criterion.max_points, 2)},
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=2,
                localize=True,
            )

    def scores(self) -> list[tuple[Any, Decimal]]:
        return [(criterion, self.cleaned_data[f"s_{criterion.pk}"]) for criterion in self.criteria]


class SelectionForm(StyledFormMixin, forms.Form):
    municipal_contribution = forms.DecimalField(
        label=_("Contributo comunale per il periodo (EUR)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        localize=True,
    )
    start_date = forms.DateField(label=_("Dal"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Al"), widget=DATE_WIDGET)
    management_share_percent = forms.DecimalField(
        label=_("Quota forfettaria per spese gestionali (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("Come negoziata; vuoto se non prevista."),
    )
    management_items = forms.CharField(label=_("Voci comprese"), max_length=500, required=False)


class CoFinancingForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=CoFinancingKind.choices)
    description = forms.CharField(label=_("Descrizione"), max_length=300)
    amount = forms.DecimalField(
        label=_("Valore (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=True
    )


class ExtensionForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Importo (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=True
    )
    reason = forms.CharField(label=_("Motivo"), max_length=300)
    act_reference = forms.CharField(label=_("Atto (integrazione della convenzione)"), max_length=300)
    act_date = forms.DateField(label=_("Data dell'atto"), widget=DATE_WIDGET)


class StopNoticeForm(StyledFormMixin, forms.Form):
    notified_on = forms.DateField(label=_("Comunicata il"), widget=DATE_WIDGET)
    effective_on = forms.DateField(
        label=_("Cessazione dal"), widget=DATE_WIDGET, help_text=_("Almeno 6 mesi dopo la comunicazione.")
    )
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}))
    act_reference = forms.CharField(label=_("Atto"), max_length=300, required=False)


class CostRevisionForm(StyledFormMixin, forms.Form):
    contract = forms.CharField(label=_("CCNL rinnovato"), max_length=200)
    effective_from = forms.DateField(label=_("In vigore dal"), widget=DATE_WIDGET)
    amount = forms.DecimalField(
        label=_("Variazione (EUR)"),
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=_("Positiva se il costo cresce."),
    )
    act_reference = forms.CharField(label=_("Atto"), max_length=300)
    act_date = forms.DateField(label=_("Data dell'atto"), widget=DATE_WIDGET)


# --- expense reports ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ExpenseReportForm(StyledFormMixin, forms.Form):
    """A debit note with up to LINES lines and CO_FINANCING rows of co-financing, and its receipts."""

    LINES = 6
    CO_FINANCING = 2

    period_start = forms.DateField(label=_("Spese dal"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Spese al"), widget=DATE_WIDGET)
    debit_note_number = forms.CharField(label=_("Nota di debito n."), max_length=40)
    debit_note_date = forms.DateField(label=_("Nota di debito del"), widget=DATE_WIDGET)
    receipts = MultipleFileField(
        label=_("Giustificativi di spesa"),
        help_text=_("PDF, JPEG o PNG; se ne possono scegliere più di uno."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, self.LINES + 1):
            self.fields[f"line{index}_category"] = forms.ChoiceField(
                label=_("Voce %(n)d: categoria") % {"n": index},
                choices=[("", "—"), *ExpenseCategory.choices],
                required=False,
            )
            self.fields[f"line{index}_description"] = forms.CharField(
                label=_("Voce %(n)d: descrizione") % {"n": index}, max_length=300, required=False
            )
            self.fields[f"line{index}_amount"] = forms.DecimalField(
                label=_("Voce %(n)d: importo (EUR)") % {"n": index},
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                localize=True,
            )
        for index in range(1, self.CO_FINANCING + 1):
            self.fields[f"cof{index}_kind"] = forms.ChoiceField(
                label=_("Co-finanziamento %(n)d: tipo") % {"n": index},
                choices=[("", "—"), *CoFinancingKind.choices],
                required=False,
            )
            self.fields[f"cof{index}_description"] = forms.CharField(
                label=_("Co-finanziamento %(n)d: descrizione") % {"n": index}, max_length=300, required=False
            )
            self.fields[f"cof{index}_amount"] = forms.DecimalField(
                label=_("Co-finanziamento %(n)d: valore (EUR)") % {"n": index},
                required=False,
                min_value=Decimal("0.01"),
                max_digits=14,
                decimal_places=2,
                localize=True,
            )

    def _rows(self, prefix: str, count: int, names: tuple[str, str, str]) -> list[dict[str, Any]]:
        rows = []
        for index in range(1, count + 1):
            values = {name: self.cleaned_data.get(f"{prefix}{index}_{name}") for name in names}
            if not any(value not in (None, "") for value in values.values()):
                continue
            if any(value in (None, "") for value in values.values()):
                self.add_error(
                    f"{prefix}{index}_{names[1]}", _("Compila tutti i campi della riga o nessuno.")
                )
                continue
            rows.append(values)
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["lines"] = self._rows("line", self.LINES, ("category", "description", "amount"))
        cleaned["co_financing"] = self._rows("cof", self.CO_FINANCING, ("kind", "description", "amount"))
        if not cleaned["lines"] and not self.errors:
            self.add_error(None, _("Indica almeno una voce di spesa."))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        names = (
            "period_start",
            "period_end",
            "debit_note_number",
            "debit_note_date",
            "receipts",
            "lines",
            "co_financing",
        )
        return {name: self.cleaned_data[name] for name in names}


class ReviewForm(StyledFormMixin, forms.Form):
    """For each line: what is approved, and why less than claimed."""

    note = forms.CharField(
        label=_("Note dell'istruttoria"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"a_{line.pk}"] = forms.DecimalField(
                label=_("Voce %(n)d (%(description)s): riconosciuto (EUR)")
                % {"n": line.position, "description": line.description},
                initial=line.amount,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                localize=True,
            )
            self.fields[f"r_{line.pk}"] = forms.CharField(
                label=_("Voce %(n)d: motivo della riduzione") % {"n": line.position},
                max_length=300,
                required=False,
            )
            self.fields[f"n_{line.pk}"] = forms.BooleanField(
                label=_("Voce %(n)d: attività non realizzata") % {"n": line.position}, required=False
            )

    def decisions(self) -> dict[int, dict[str, Any]]:
        return {
            line.pk: {
                "approved_amount": self.cleaned_data[f"a_{line.pk}"],
                "reason": self.cleaned_data.get(f"r_{line.pk}") or "",
                "not_carried_out": self.cleaned_data.get(f"n_{line.pk}", False),
            }
            for line in self.lines
        }


class LiquidationForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Importo (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=True
    )
    act_number = forms.CharField(label=_("Atto di liquidazione n."), max_length=40)
    act_date = forms.DateField(label=_("Atto di liquidazione del"), widget=DATE_WIDGET)
    paid_on = forms.DateField(label=_("Pagato il"), widget=DATE_WIDGET)
    durc_valid_until = forms.DateField(label=_("DURC valido fino al"), widget=DATE_WIDGET)
    durc_reference = forms.CharField(label=_("DURC (protocollo)"), max_length=60)


class RepaymentForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Importo (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=True
    )
    paid_on = forms.DateField(label=_("Restituito il"), widget=DATE_WIDGET)
    reference = forms.CharField(label=_("Riferimento (reversale)"), max_length=200)


class EtsProfileForm(StyledFormMixin, forms.Form):
    legal_form = forms.CharField(
        label=_("Forma giuridica"),
        max_length=120,
        help_text=_("Es.: cooperativa sociale di tipo A, associazione."),
    )
    runts_section = forms.ChoiceField(label=_("Sezione del RUNTS"), choices=RuntsSection.choices)
    runts_number = forms.CharField(label=_("Numero di repertorio RUNTS"), max_length=30, required=False)
    runts_registered_on = forms.DateField(label=_("Iscritto al RUNTS il"), required=False, widget=DATE_WIDGET)
