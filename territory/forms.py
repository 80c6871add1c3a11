"""Forms of the profile's indicators: what is asked and in which words; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance import permissions
from governance.forms import StyledFormMixin
from governance.models import Ambito
from territory import rules
from territory.istat_imports import CHANGES_SOURCE, POPULATION_SOURCE
from territory.models import Aggregation, CompositeIndex, Indicator, Normalisation, Ratio

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
COMPONENT_ROWS = 5


class _OwnedForm(StyledFormMixin, forms.ModelForm):
    """The owner is chosen among what the user may define for: the deployment (an administrator) or the ambiti it
    keeps; the code is unique per owner (checked by the model's constraints before the service runs)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["ambito"]
        field.queryset = rules.ambiti_kept_by(user).order_by("name")  # type: ignore[attr-defined]
        admin = permissions.is_platform_admin(user)
        field.required = not admin
        field.empty_label = _("Nazionale (tutti i comuni)") if admin else None  # type: ignore[attr-defined]
        if not admin and field.queryset.count() == 1:  # type: ignore[attr-defined]
            field.initial = field.queryset.first()  # type: ignore[attr-defined]

    def indicator_choices(self) -> Any:
        """National indicators and those of the ambiti the user keeps."""
        return Indicator.objects.filter(
            Q(ambito__isnull=True) | Q(ambito__in=rules.ambiti_kept_by(self.user))
        ).order_by("name")


class IndicatorForm(_OwnedForm):
    class Meta:
        model = Indicator
        fields = [
            "ambito",
            "name",
            "code",
            "description",
            "unit",
            "source",
            "licence",
            "aggregation",
            "people_assisted",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorEditForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "source", "licence", "aggregation", "people_assisted"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File CSV"),
        help_text=_(
            "Colonne codice_istat;anno;valore (separate da punto e virgola o virgola; intestazioni ISTAT riconosciute). "
            "I valori degli anni presenti nel file sostituiscono quelli già caricati."
        ),
    )
    year = forms.IntegerField(
        label=_("Anno"),
        required=False,
        min_value=1861,
        max_value=2200,
        help_text=_("Solo se il file non ha la colonna dell'anno."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Il file supera i 50 MB."), code="too_large")
        return upload


class RatioForm(_OwnedForm):
    class Meta:
        model = Ratio
        fields = [
            "ambito",
            "name",
            "code",
            "description",
            "numerator_indicator",
            "numerator_band",
            "denominator_indicator",
            "denominator_band",
            "multiplier",
            "unit",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "numerator_indicator": _("Un indicatore sommabile, oppure una fascia di residenti qui sotto."),
            "denominator_indicator": _("Un indicatore sommabile, oppure una fascia di residenti qui sotto."),
            "multiplier": _("1 per un valore pro capite, 100 per una percentuale, 1000 per mille."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        additive = self.indicator_choices().filter(aggregation=Aggregation.SUM)
        for name in ("numerator_indicator", "denominator_indicator"):
            self.fields[name].queryset = additive  # type: ignore[attr-defined]


class CompositeForm(_OwnedForm):
    class Meta:
        model = CompositeIndex
        fields = ["ambito", "name", "code", "description", "normalisation"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["normalisation"].initial = Normalisation.MIN_MAX
        choices = self.indicator_choices()
        for row in range(1, COMPONENT_ROWS + 1):
            self.fields[f"indicator_{row}"] = forms.ModelChoiceField(
                queryset=choices, required=row <= 2, label=_("Indicatore %(row)d") % {"row": row}
            )
            self.fields[f"weight_{row}"] = forms.DecimalField(
                label=_("Peso %(row)d") % {"row": row},
                required=False,
                min_value=Decimal("0.001"),
                max_digits=6,
                decimal_places=3,
                initial=Decimal("1"),
            )
            self.fields[f"inverted_{row}"] = forms.BooleanField(
                label=_("Verso invertito %(row)d (valori alti = meno vulnerabilità)") % {"row": row},
                required=False,
            )
        for name, field in self.fields.items():
            if name.startswith(("indicator_", "weight_", "inverted_")):
                widget = field.widget
                widget.attrs["class"] = (
                    "form-check-input"
                    if isinstance(widget, forms.CheckboxInput)
                    else "form-select"
                    if isinstance(widget, forms.Select)
                    else "form-control"
                )

    def components(self) -> list[tuple[Indicator, Decimal, bool]]:
        found = []
        for row in range(1, COMPONENT_ROWS + 1):
            indicator = self.cleaned_data.get(f"indicator_{row}")
            if indicator is not None:
                weight = self.cleaned_data.get(f"weight_{row}") or Decimal("1")
                found.append((indicator, weight, bool(self.cleaned_data.get(f"inverted_{row}"))))
        return found


def owner_of(form: Any) -> Ambito | None:
    ambito: Ambito | None = form.cleaned_data.get("ambito")
    return ambito


class _IstatUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File CSV"))
    source = forms.CharField(label=_("Fonte"), max_length=300)
    licence = forms.CharField(label=_("Licenza"), max_length=100, initial="CC BY 4.0")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Il file supera i 50 MB."), code="too_large")
        return upload


class PopulationImportForm(_IstatUploadForm):
    reference_date = forms.DateField(
        label=_("Data di riferimento"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Solo se il titolo del file non la indica (per esempio «al 1° gennaio 2024»)."),
    )
    field_order = ["file", "reference_date", "source", "licence"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "La tabella ISTAT «Popolazione residente al 1° gennaio» per comune, età e sesso, così come scaricata "
            "da demo.istat.it (una riga per comune ed età). Tutto o niente: un errore in una riga non importa nulla."
        )
        self.fields["source"].initial = POPULATION_SOURCE


class ChangesImportForm(_IstatUploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "La tabella ISTAT «Variazioni amministrative e territoriali dal 1991», in CSV. Sostituisce quella "
            "importata prima; i comuni soppressi o con un nuovo codice sono seguiti fino al comune di oggi."
        )
        self.fields["source"].initial = CHANGES_SOURCE
