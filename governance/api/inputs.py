"""Input serializers and query-string filters of the registry API (the conventions and the typing note are in
governance/api/serializers.py): they check the shape of a request; the services apply the rules."""

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import MultipleObjectsReturned
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from core.api.serializers import NamedChoiceField
from governance import selectors
from governance.models import (
    Ambito,
    EtsCategory,
    Gender,
    MandateRole,
    Organ,
    Organization,
    OrganizationKind,
    OrganKind,
    Person,
    Province,
    SeatCapacity,
)
from governance.validators import looks_like_person_tax_code

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VisibleRows = Callable[[Any], QuerySet[Any]]


# Checks the shape of a request body. `visible` maps a related field to a function that returns the rows the
# user may see (a selector): a row outside them answers "does not exist". (A comment, not a docstring: the
# schema would show it on every request body.)
class InputSerializer(serializers.Serializer[Any]):
    visible: ClassVar[Mapping[str, VisibleRows]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, rows_for in self.visible.items():
            field = self.fields[name]
            relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            assert isinstance(relation, serializers.RelatedField)
            if user is not None and user.is_authenticated:
                relation.queryset = rows_for(user)


def _visible_ambiti(user: Any) -> QuerySet[Ambito]:
    return selectors.ambito_list(user=user)


def _visible_organizations(user: Any) -> QuerySet[Organization]:
    return selectors.organization_list(user=user)


def _visible_persons(user: Any) -> QuerySet[Person]:
    return selectors.person_list(user=user)


def _visible_organs(user: Any) -> QuerySet[Organ]:
    return selectors.organ_list(user=user)


def _ambito_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Ambito]:
    return serializers.PrimaryKeyRelatedField(queryset=Ambito.objects.none(), **kwargs)


def _organization_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Organization]:
    return serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), **kwargs)


def _person_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Person]:
    return serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), **kwargs)


def _organ_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Organ]:
    return serializers.PrimaryKeyRelatedField(queryset=Organ.objects.none(), **kwargs)


def _text(max_length: int | None = None) -> serializers.CharField:
    if max_length is None:
        return serializers.CharField(required=False, allow_blank=True)
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


def _code(help_text: "StrOrPromise") -> serializers.CharField:
    """A code the service normalises and validates; empty means 'none'."""
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text=help_text)


@extend_schema_field({"type": "string", "example": "MI"})
class ProvinceField(serializers.RelatedField[Province, Province, str]):
    """A province given by its sigla ("MI"), as the output shows it."""

    default_error_messages = {
        "does_not_exist": _("Nessuna provincia con sigla «{value}»."),
        "ambiguous": _("La sigla «{value}» indica più province: rivolgiti all'amministratore."),
        "invalid": _("Indica la sigla della provincia (due lettere)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Sigla della provincia, ad es. «MI»."))
        super().__init__(queryset=selectors.province_choices(), **kwargs)

    def to_internal_value(self, data: Any) -> Province:
        # A sigla is two letters: anything else (a NUL, a long string) is refused before it reaches the database.
        if not isinstance(data, str) or not re.fullmatch(r"[A-Za-z]{2}", data.strip()):
            self.fail("invalid")
        queryset = self.get_queryset()
        assert queryset is not None
        try:
            return queryset.get(abbreviation__iexact=data.strip())
        except Province.DoesNotExist:
            self.fail("does_not_exist", value=data)
        except MultipleObjectsReturned:
            self.fail("ambiguous", value=data)

    def to_representation(self, value: Province | PKOnlyObject) -> str:
        assert isinstance(value, Province)
        return value.abbreviation


class OrganizationUpdateInputSerializer(InputSerializer):
    visible = {"registered_in": _visible_ambiti}

    kind = NamedChoiceField(OrganizationKind)
    name = serializers.CharField(max_length=200)
    istat_code = _code(_("Codice ISTAT del comune: 6 cifre."))
    cadastral_code = _code(_("Codice catastale: una lettera e 3 cifre."))
    tax_code = _code(_("Codice fiscale dell'ente: 11 cifre."))
    vat_number = _code(_("Partita IVA: 11 cifre."))
    ets_category = serializers.ChoiceField(choices=EtsCategory.choices, required=False, allow_blank=True)
    province = ProvinceField(required=False, allow_null=True)
    address = _text(200)
    postal_code = _text(5)
    city = _text(100)
    pec = serializers.EmailField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = _text(30)
    website = serializers.URLField(required=False, allow_blank=True)
    registered_in = _ambito_field(required=False, allow_null=True)
    dissolved_on = serializers.DateField(required=False, allow_null=True)
    notes = _text()


class OrganizationCreateInputSerializer(OrganizationUpdateInputSerializer):
    visible = {"ambito": _visible_ambiti}

    ambito = _ambito_field(
        help_text=_("L'ambito nel cui registro entra l'ente (serve il permesso di modifica).")
    )
    registered_in = None  # type: ignore[assignment]  # the service sets it from `ambito`


class AmbitoUpdateInputSerializer(InputSerializer):
    visible = {"capofila": _visible_organizations, "ente_gestore": _visible_organizations}

    name = serializers.CharField(max_length=200)
    capofila = _organization_field()
    ente_gestore = _organization_field(required=False, allow_null=True)
    province = ProvinceField(required=False, allow_null=True)
    source = _text(255)  # type: ignore[assignment]  # DRF attribute name
    notes = _text()


class AmbitoMembershipCreateInputSerializer(InputSerializer):
    visible = {"ambito": _visible_ambiti, "organization": _visible_organizations}

    ambito = _ambito_field()
    organization = _organization_field(help_text=_("Il comune che entra nell'ambito."))
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    source = _text(255)  # type: ignore[assignment]  # DRF attribute name


class MembershipEndInputSerializer(InputSerializer):
    end_date = serializers.DateField(help_text=_("Ultimo giorno di appartenenza."))


class PersonInputSerializer(InputSerializer):
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    tax_code = _code(_("Codice fiscale della persona: 16 caratteri."))
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = _text(30)
    notes = _text()


class MandateUpdateInputSerializer(InputSerializer):
    role = NamedChoiceField(MandateRole)
    title = _text(200)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    attested_on = serializers.DateField(required=False, allow_null=True)
    source = _text(255)  # type: ignore[assignment]  # DRF attribute name


class MandateCreateInputSerializer(MandateUpdateInputSerializer):
    visible = {"organization": _visible_organizations, "person": _visible_persons}

    organization = _organization_field()
    person = _person_field(required=False, allow_null=True, help_text=_("Una persona già registrata..."))
    new_person = PersonInputSerializer(
        required=False, allow_null=True, help_text=_("...oppure una persona nuova.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("person") is None) == (attrs.get("new_person") is None):
            raise serializers.ValidationError(
                {"person": _("Scegli una persona già registrata oppure inseriscine una nuova.")},
                code="required",
            )
        return attrs


class OrganUpdateInputSerializer(InputSerializer):
    visible = {
        "organization": _visible_organizations,
        "managing_body": _visible_organizations,
        "parent": _visible_organs,
    }

    kind = NamedChoiceField(OrganKind)
    name = serializers.CharField(max_length=200)
    acronym = _text(20)
    organization = _organization_field(required=False, allow_null=True)
    managing_body = _organization_field(
        required=False,
        allow_null=True,
        help_text=_("L'ente il cui Ufficio di Piano modifica l'organo (lo indica solo un amministratore)."),
    )
    parent = _organ_field(required=False, allow_null=True)  # type: ignore[assignment]  # DRF attribute name
    legal_basis = _text(255)
    composition = _text()
    functions = _text()


class OrganCreateInputSerializer(OrganUpdateInputSerializer):
    visible = {**OrganUpdateInputSerializer.visible, "ambiti": _visible_ambiti}

    ambiti = serializers.PrimaryKeyRelatedField(
        queryset=Ambito.objects.none(),
        many=True,
        required=False,
        help_text=_("Gli ambiti in cui l'organo opera (serve il permesso di modifica su ciascuno)."),
    )


class SeatUpdateInputSerializer(InputSerializer):
    visible = {"organization": _visible_organizations, "person": _visible_persons}

    organization = _organization_field(required=False, allow_null=True)
    person = _person_field(required=False, allow_null=True)
    capacity = serializers.ChoiceField(choices=SeatCapacity.choices)
    capacity_note = _text(255)
    has_vote = serializers.BooleanField(required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    source = _text(255)  # type: ignore[assignment]  # DRF attribute name


class SeatCreateInputSerializer(SeatUpdateInputSerializer):
    visible = {**SeatUpdateInputSerializer.visible, "organ": _visible_organs}

    organ = _organ_field()


class PopulationFigureInputSerializer(InputSerializer):
    visible = {"organization": _visible_organizations}

    organization = _organization_field(help_text=_("Il comune."))
    reference_date = serializers.DateField()
    population = serializers.IntegerField(min_value=0)
    source = _text(255)  # type: ignore[assignment]  # DRF attribute name


class OrganizationFilterSerializer(serializers.Serializer[Any]):
    search = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Denominazione, denominazione alternativa o codice.")
    )
    kind = NamedChoiceField(OrganizationKind, required=False)
    province = serializers.CharField(required=False, max_length=2, help_text=_("Sigla della provincia."))
    ambito = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Comuni che fanno parte dell'ambito.")
    )


class SearchFilterSerializer(serializers.Serializer[Any]):
    search = serializers.CharField(required=False, allow_blank=True, help_text=_("Testo da cercare."))


class PersonFilterSerializer(serializers.Serializer[Any]):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Cognome o nome. Per il codice fiscale usa POST persons/search/: non va nell'indirizzo."),
    )

    def validate_search(self, value: str) -> str:
        if looks_like_person_tax_code(value):
            raise serializers.ValidationError(
                _(
                    "Il codice fiscale non si cerca nell'indirizzo (finirebbe nei registri): "
                    'usa POST /api/v1/persons/search/ con {"tax_code": ...}.'
                ),
                code="tax_code_in_url",
            )
        return value


class PersonSearchInputSerializer(InputSerializer):
    tax_code = serializers.CharField(max_length=16, help_text=_("Il codice fiscale della persona."))


class OrganFilterSerializer(SearchFilterSerializer):
    kind = NamedChoiceField(OrganKind, required=False)
    ambito = serializers.IntegerField(required=False, min_value=1)


class AmbitoFilterSerializer(serializers.Serializer[Any]):
    ambito = serializers.IntegerField(required=False, min_value=1)


class OrganizationIdFilterSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(required=False, min_value=1)


class OrganIdFilterSerializer(serializers.Serializer[Any]):
    organ = serializers.IntegerField(required=False, min_value=1)
