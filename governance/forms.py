"""Browser forms for the registry. Valid data goes to a service; forms only shape and check input."""

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance import permissions, selectors
from governance.models import (
    Ambito,
    Gender,
    Mandate,
    MandateRole,
    Organ,
    Organization,
    OrganizationKind,
    Person,
    Seat,
)
from governance.services.registry import IDENTITY_FIELDS


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledFormMixin:
    """Bootstrap Italia classes on every widget, and `aria-invalid` on fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.format = "%Y-%m-%d"
                widget.input_type = "date"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                self.fields[name].widget.attrs["aria-invalid"] = "true"  # type: ignore[attr-defined]


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Sito web"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "kind",
            "name",
            "ets_category",
            "tax_code",
            "vat_number",
            "province",
            "address",
            "postal_code",
            "city",
            "pec",
            "email",
            "phone",
            "website",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: Any, identity_editable: bool = True, creating: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "province").queryset = selectors.province_choices()
        if creating:
            # Comuni come from ISTAT's list, not from this form.
            choice(self, "kind").choices = [
                choice for choice in OrganizationKind.choices if choice[0] != OrganizationKind.COMUNE
            ]
        elif self.instance.kind == OrganizationKind.COMUNE:
            self.fields["kind"].disabled = True
        if not identity_editable:
            for name in IDENTITY_FIELDS & set(self.fields):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Lo modifica l'Ufficio di Piano dell'ambito.")

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data if not self.fields[name].disabled}


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["given_name", "family_name", "tax_code", "gender", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class MandateForm(StyledFormMixin, forms.ModelForm):
    """An office held in an organization, by a person already registered or a new one."""

    person = forms.ModelChoiceField(
        label=_("Persona già registrata"), queryset=Person.objects.none(), required=False
    )
    new_given_name = forms.CharField(label=_("Nome (nuova persona)"), max_length=100, required=False)
    new_family_name = forms.CharField(label=_("Cognome (nuova persona)"), max_length=100, required=False)
    new_tax_code = forms.CharField(label=_("Codice fiscale (nuova persona)"), max_length=16, required=False)
    new_gender = forms.ChoiceField(
        label=_("Genere (nuova persona)"), choices=[("", "—"), *Gender.choices], required=False
    )

    class Meta:
        model = Mandate
        fields = ["role", "title", "start_date", "end_date", "attested_on", "source"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "attested_on": DATE_WIDGET}

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice(self, "role").choices = MandateRole.choices
        if editing:
            for name in ("person", "new_given_name", "new_family_name", "new_tax_code", "new_gender"):
                del self.fields[name]
        else:
            model_choice(self, "person").queryset = selectors.person_list(user=user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person" not in self.fields:
            return data
        has_new = bool(data.get("new_given_name") or data.get("new_family_name"))
        if data.get("person") and has_new:
            raise forms.ValidationError(
                _("Scegli una persona già registrata oppure inseriscine una nuova, non entrambe.")
            )
        if not data.get("person") and not has_new:
            raise forms.ValidationError(
                _("Scegli una persona già registrata oppure inserisci nome e cognome.")
            )
        if has_new and not (data.get("new_given_name") and data.get("new_family_name")):
            self.add_error("new_family_name", _("Per una nuova persona servono nome e cognome."))
        return data

    def new_person(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("person"):
            return None
        return {
            "given_name": self.cleaned_data["new_given_name"],
            "family_name": self.cleaned_data["new_family_name"],
            "tax_code": self.cleaned_data["new_tax_code"] or None,
            "gender": self.cleaned_data["new_gender"],
        }

    def mandate_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class AmbitoForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Ambito
        fields = ["name", "capofila", "ente_gestore", "province", "source", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ambito = self.instance
        candidates = (
            Organization.objects.filter(
                Q(ambito_memberships__ambito=ambito) | Q(registered_in=ambito) | Q(pk=ambito.capofila_id)
            )
            .distinct()
            .order_by("name")
        )
        model_choice(self, "capofila").queryset = candidates
        model_choice(self, "ente_gestore").queryset = candidates
        model_choice(self, "province").queryset = selectors.province_choices()


class ComuneField(forms.CharField):
    """A comune given by ISTAT code (or by its exact name): resolved to the Organization."""

    def clean(self, value: Any) -> Organization | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        comuni = Organization.objects.filter(kind=OrganizationKind.COMUNE)
        if text.isdigit():
            found = comuni.filter(istat_code=text.zfill(6)).first()
            if found is None:
                raise forms.ValidationError(_("Nessun comune con codice ISTAT %(code)s.") % {"code": text})
            return found
        matches = list(comuni.filter(name__iexact=text)[:2])
        if not matches:
            raise forms.ValidationError(
                _("Nessun comune si chiama «%(name)s»: indica il codice ISTAT.") % {"name": text}
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Più comuni si chiamano «%(name)s»: indica il codice ISTAT.") % {"name": text}
            )
        return matches[0]


class MembershipForm(StyledFormMixin, forms.Form):
    organization = ComuneField(
        label=_("Comune"), help_text=_("Codice ISTAT a 6 cifre (es. 019097) o denominazione esatta.")
    )
    start_date = forms.DateField(label=_("Dal"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Al"), required=False, widget=DATE_WIDGET)
    source = forms.CharField(label=_("Fonte"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La data di fine non può precedere la data di inizio."))
        return data


class EndMembershipForm(StyledFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Ultimo giorno di appartenenza"), widget=DATE_WIDGET)
    confirm = forms.BooleanField(
        label=_("Confermo: il comune esce dall'elenco dei membri attuali da questa data."), required=True
    )


class OrganForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organ
        fields = [
            "kind",
            "name",
            "acronym",
            "ambiti",
            "managing_body",
            "parent",
            "legal_basis",
            "composition",
            "functions",
        ]
        widgets = {
            "composition": forms.Textarea(attrs={"rows": 4}),
            "functions": forms.Textarea(attrs={"rows": 4}),
            "ambiti": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not permissions.is_platform_admin(user):
            # Naming the managing body is an administrator's act (services refuse it to anyone else).
            del self.fields["managing_body"]
        model_choice(self, "ambiti").queryset = permissions.ambiti_manageable_by(user).order_by("name")
        self.fields["ambiti"].widget.attrs["class"] = ""
        model_choice(self, "parent").queryset = selectors.organ_list(user=user).exclude(
            pk=self.instance.pk or 0
        )


class SeatForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Seat
        fields = [
            "organization",
            "person",
            "capacity",
            "capacity_note",
            "has_vote",
            "start_date",
            "end_date",
            "source",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args: Any, user: Any, organ: Organ, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "organization").queryset = permissions.bodies_seatable_by(user, organ).order_by(
            "name"
        )
        model_choice(self, "person").queryset = selectors.person_list(user=user)

    def seat_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class PopulationForm(StyledFormMixin, forms.Form):
    reference_date = forms.DateField(
        label=_("Data di riferimento"),
        widget=DATE_WIDGET,
        help_text=_("La data a cui il dato si riferisce, come la pubblica ISTAT (es. 1° gennaio)."),
    )
    population = forms.IntegerField(label=_("Popolazione residente"), min_value=0)
    source = forms.CharField(label=_("Fonte"), max_length=255, required=False)
