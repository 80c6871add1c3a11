"""The browser's forms for budgets and quotas; their valid data goes to one service each."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import FundSource
from governance.apportionment import SplitCriterion
from governance.forms import DATE_WIDGET, StyledFormMixin
from governance.models import Ambito, Organization


def amount_field(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(0), max_digits=14, decimal_places=2, localize=True
    )


class BudgetForm(StyledFormMixin, forms.Form):
    ambito = forms.ModelChoiceField(label=_("Ambito"), queryset=Ambito.objects.none())
    title = forms.CharField(
        label=_("Titolo"), max_length=200, help_text=_("Es.: Bilancio 2026 – Piano Operativo.")
    )
    first_year = forms.IntegerField(label=_("Dall'anno"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("All'anno"), min_value=2000, max_value=2100)
    notes = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, ambiti: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ambito"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ambiti
        only = list(ambiti[:2])
        if len(only) == 1:  # the office of one ambito: already chosen
            field.initial = only[0].pk
        year = timezone.localdate().year
        self.fields["first_year"].initial = year
        self.fields["last_year"].initial = year


class AllocationForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Anno"), coerce=int)
    source = forms.ChoiceField(label=_("Fonte"), choices=FundSource.choices)
    description = forms.CharField(label=_("Dettaglio"), max_length=200, required=False)
    amount = amount_field(_("Importo (EUR)"), required=True)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(year, str(year)) for year in years]
        self.fields["amount"].help_text = _("Zero toglie lo stanziamento.")


def cell_name(year: int, source: str) -> str:
    return f"f_{year}_{source}"


class LineForm(StyledFormMixin, forms.Form):
    """A line and, for each year of the period and each source the Fondo Unico has, what it takes."""

    area = forms.CharField(label=_("Area del Piano di Zona"), max_length=200)
    action = forms.CharField(label=_("Azione"), max_length=300)
    notes = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, years: list[int], sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = [(year, source) for year in years for source in sources]
        for year, source in self.cells:
            self.fields[cell_name(year, source)] = amount_field(f"{year} – {FundSource(source).label}")

    def fundings(self) -> dict[tuple[int, str], Decimal]:
        return {
            (year, source): self.cleaned_data.get(cell_name(year, source)) or Decimal(0)
            for year, source in self.cells
        }


class SplitForm(StyledFormMixin, forms.Form):
    """How a total is shared among comuni: the criterion, the population year when it is not the default, and,
    for fixed amounts or weights, one figure per comune."""

    criterion = forms.ChoiceField(label=_("Criterio di riparto"), choices=SplitCriterion.choices)
    population_year = forms.IntegerField(
        label=_("Popolazione al 31/12 dell'anno"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Vuoto: il 31/12 dell'anno precedente. Indicalo solo se il registro non ha quell'anno."),
    )
    population_year_note = forms.CharField(
        label=_("Perché quest'anno di popolazione"), max_length=300, required=False
    )

    def __init__(self, *args: Any, bodies: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        for body in bodies:
            self.fields[f"c_{body.pk}"] = forms.DecimalField(
                label=body.name,
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=4,
                localize=True,
                help_text=_("Solo per importi fissi (EUR) o pesi."),
            )

    def figures(self) -> dict[int, Decimal]:
        return {body.pk: self.cleaned_data.get(f"c_{body.pk}") or Decimal(0) for body in self.bodies}

    def split_arguments(self) -> dict[str, Any]:
        criterion = self.cleaned_data["criterion"]
        return {
            "criterion": criterion,
            "population_year": self.cleaned_data.get("population_year"),
            "population_year_note": self.cleaned_data.get("population_year_note") or "",
            "weights": self.figures() if criterion == SplitCriterion.WEIGHTS else None,
            "amounts": self.figures() if criterion == SplitCriterion.FIXED else None,
        }


class FsolSplitForm(SplitForm):
    year = forms.TypedChoiceField(label=_("Anno"), coerce=int)
    field_order = ["year", "criterion", "population_year", "population_year_note"]

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(year, str(year)) for year in years]


class ApprovalForm(StyledFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Atto"),
        max_length=300,
        help_text=_("Es.: Assemblea dei Sindaci, deliberazione n. 3/2026 del 25/03/2026."),
    )
    on = forms.DateField(label=_("Data"), widget=DATE_WIDGET)


class VariationForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motivo della variazione"), max_length=300)


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page asks to confirm a destructive action."""


class ReportStartForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Anno"), coerce=int)
    notes = forms.CharField(
        label=_("Stato di attuazione"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(year, str(year)) for year in years]


class ActualsForm(StyledFormMixin, forms.Form):
    """What each line spent from each source in the year."""

    notes = forms.CharField(
        label=_("Stato di attuazione"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, rows: list[Any], sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = [(row.line, source) for row in rows for source in sources]
        for line, source in self.cells:
            self.fields[f"a_{line.pk}_{source}"] = amount_field(
                f"{line.position}. {line.action} – {FundSource(source).label}"
            )

    def actuals(self) -> list[tuple[Any, str, Decimal]]:
        return [
            (line, source, self.cleaned_data.get(f"a_{line.pk}_{source}") or Decimal(0))
            for line, source in self.cells
        ]


class QuotaForm(SplitForm):
    year = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("Descrizione"),
        max_length=300,
        required=False,
        help_text=_("Vuoto: servizi amministrativi e di coordinamento."),
    )
    total = amount_field(_("Quota forfettaria (EUR)"), required=True)
    field_order = [
        "year",
        "description",
        "total",
        "criterion",
        "population_year",
        "population_year_note",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].initial = SplitCriterion.POPULATION
        self.fields["year"].initial = timezone.localdate().year


class QuotaPaymentForm(StyledFormMixin, forms.Form):
    share = forms.TypedChoiceField(label=_("Comune"), coerce=int)
    paid_on = forms.DateField(label=_("Pagato il"), widget=DATE_WIDGET)
    amount = amount_field(_("Importo (EUR)"), required=True)
    reference = forms.CharField(label=_("Riferimento (mandato, reversale)"), max_length=200, required=False)

    def __init__(self, *args: Any, shares: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["share"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(share.pk, share.organization.name) for share in shares]
