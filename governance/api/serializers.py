"""Serializers of the registry API.

Output serializers render rows that the selectors already loaded (with their joins and prefetches), so they
never trigger a query per row. Input serializers only check the shape of a request body; the rules live in the
services, which validate again with `full_clean()` and raise the errors that config.api turns into the
structured 400. Codes (ISTAT, codice fiscale, partita IVA) are deliberately *not* validated here: the services
normalise them first ("rss mra..." -> "RSSMRA...") and then validate them.

Every related row an input names (an ambito, an organization, a person, an organ) is looked up among the rows
the requesting user may see, through the selectors: a row the user cannot see answers "does not exist".

Typing: fields named `source`, `parent` or `errors` carry `type: ignore[assignment]` ("DRF attribute name"):
the DRF stubs declare attributes of those names on Field/Serializer, but DRF's metaclass pops declared fields
off the class, so at runtime nothing clashes.
"""

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import FieldDoesNotExist, MultipleObjectsReturned
from django.db.models import Model, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from governance import selectors
from governance.models import (
    Ambito,
    AmbitoMembership,
    EtsCategory,
    Gender,
    Mandate,
    MandateRole,
    Organ,
    Organization,
    OrganizationAlias,
    OrganizationKind,
    OrganKind,
    Person,
    PopulationFigure,
    Province,
    Role,
    RoleAssignment,
    Seat,
    SeatCapacity,
    User,
)
from governance.validators import looks_like_person_tax_code

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

VisibleRows = Callable[[Any], QuerySet[Any]]

# --- choices that share a field name ("kind" of an organization and of an organ) -------------------------


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choices appear in the schema as one enum named after the TextChoices class
    (OrganizationKindEnum, OrganKindEnum, RoleEnum, MandateRoleEnum) rather than as "KindC2bEnum"."""

    def __init__(self, choices_class: type[TextChoices], **kwargs: Any) -> None:
        self.enum_name = f"{choices_class.__name__}Enum"
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str | None:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        return schema


# --- errors (documentation of config.api.exception_handler's body) -------------------------------------


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every error response (see config/api.py)."""

    status = serializers.IntegerField(help_text=_("Lo stesso codice di stato HTTP della risposta."))
    code = serializers.CharField(
        help_text=_("Codice macchina: validation_error, not_authenticated, permission_denied, not_found...")
    )
    message = serializers.CharField(help_text=_("Messaggio per le persone, nella lingua della richiesta."))
    errors = serializers.DictField(  # type: ignore[assignment]  # DRF attribute name
        help_text=_(
            "Solo per validation_error: campo -> lista di {message, code}; "
            "gli errori che non riguardano un solo campo stanno sotto non_field_errors o __all__."
        )
    )


# --- references (the small shapes that other rows embed) -----------------------------------------------


M = TypeVar("M", bound=Model)


class OutputSerializer(serializers.ModelSerializer[M]):
    """Base of the API's read-only model serializers. DRF drops `allow_blank` from read-only fields, so the
    schema would promise a valid e-mail, URL or choice where the registry may hold an empty string: restore
    it, and document blank e-mail and URL fields as plain strings."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        model: Any = self.Meta.model
        for name, field in list(fields.items()):
            source = field.source if field.source and field.source != "*" else name
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                continue
            if not getattr(model_field, "blank", False) or getattr(model_field, "null", False):
                continue
            if isinstance(field, serializers.EmailField | serializers.URLField):
                fields[name] = serializers.CharField(
                    read_only=True, allow_blank=True, label=field.label, help_text=field.help_text
                )
            elif isinstance(field, serializers.ChoiceField):
                field.allow_blank = True
        return fields


class OrganizationRefSerializer(OutputSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "name"]
        read_only_fields = fields


class ComuneRefSerializer(OutputSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "name", "istat_code"]
        read_only_fields = fields


class AmbitoRefSerializer(OutputSerializer[Ambito]):
    class Meta:
        model = Ambito
        fields = ["id", "name"]
        read_only_fields = fields


class PersonRefSerializer(OutputSerializer[Person]):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "full_name"]
        read_only_fields = fields


class OrganRefSerializer(OutputSerializer[Organ]):
    class Meta:
        model = Organ
        fields = ["id", "name"]
        read_only_fields = fields


# --- organizations -------------------------------------------------------------------------------------


class OrganizationSerializer(OutputSerializer[Organization]):
    kind = NamedChoiceField(OrganizationKind, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    display_name = serializers.CharField(read_only=True)
    province = serializers.CharField(
        source="province.abbreviation", read_only=True, allow_null=True, help_text=_("Sigla della provincia.")
    )
    registered_in = AmbitoRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "display_name",
            "istat_code",
            "cadastral_code",
            "tax_code",
            "vat_number",
            "ets_category",
            "province",
            "address",
            "postal_code",
            "city",
            "pec",
            "email",
            "phone",
            "website",
            "registered_in",
            "dissolved_on",
            "updated_at",
        ]
        read_only_fields = fields


class OrganizationAmbitoSerializer(OutputSerializer[AmbitoMembership]):
    ambito = AmbitoRefSerializer(read_only=True)

    class Meta:
        model = AmbitoMembership
        fields = ["id", "ambito", "start_date", "end_date"]
        read_only_fields = fields


class PopulationValueSerializer(OutputSerializer[PopulationFigure]):
    class Meta:
        model = PopulationFigure
        fields = ["id", "reference_date", "population", "source"]
        read_only_fields = fields


class OrganizationDetailSerializer(OrganizationSerializer):
    aliases = serializers.SlugRelatedField[OrganizationAlias](many=True, read_only=True, slug_field="name")
    ambiti = OrganizationAmbitoSerializer(source="ambito_memberships", many=True, read_only=True)
    population_figures = PopulationValueSerializer(many=True, read_only=True)

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "notes", "aliases", "ambiti", "population_figures"]
        read_only_fields = fields


# --- ambiti --------------------------------------------------------------------------------------------


class AmbitoSerializer(OutputSerializer[Ambito]):
    capofila = OrganizationRefSerializer(read_only=True)
    ente_gestore = OrganizationRefSerializer(read_only=True, allow_null=True)
    province = serializers.CharField(source="province.abbreviation", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, help_text=_("Comuni che ne fanno parte oggi."))

    class Meta:
        model = Ambito
        fields = [
            "id",
            "name",
            "capofila",
            "ente_gestore",
            "province",
            "member_count",
            "source",
            "updated_at",
        ]
        read_only_fields = fields


class MemberSerializer(serializers.Serializer):
    """A current member of an ambito or sub-ambito: the body's id and name, and the membership's period."""

    id = serializers.IntegerField(source="organization.id", read_only=True, help_text=_("Id dell'ente."))
    name = serializers.CharField(source="organization.name", read_only=True)
    istat_code = serializers.CharField(source="organization.istat_code", read_only=True, allow_null=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    membership = serializers.IntegerField(
        source="pk", read_only=True, help_text=_("Id dell'appartenenza (per chiuderla con /end/).")
    )


class AmbitoDetailSerializer(OutputSerializer[Ambito]):
    capofila = OrganizationRefSerializer(read_only=True)
    ente_gestore = OrganizationRefSerializer(read_only=True, allow_null=True)
    province = serializers.CharField(source="province.abbreviation", read_only=True, allow_null=True)
    members = serializers.SerializerMethodField(help_text=_("I comuni che fanno parte dell'ambito oggi."))
    organs = OrganRefSerializer(many=True, read_only=True)

    class Meta:
        model = Ambito
        fields = [
            "id",
            "name",
            "capofila",
            "ente_gestore",
            "province",
            "source",
            "notes",
            "members",
            "organs",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, ambito: Ambito) -> list[Any]:
        today = timezone.localdate()
        current = [membership for membership in ambito.memberships.all() if membership.covers(today)]
        return list(MemberSerializer(current, many=True).data)


class AmbitoMembershipSerializer(OutputSerializer[AmbitoMembership]):
    ambito = AmbitoRefSerializer(read_only=True)
    organization = ComuneRefSerializer(read_only=True)

    class Meta:
        model = AmbitoMembership
        fields = ["id", "ambito", "organization", "start_date", "end_date", "source", "updated_at"]
        read_only_fields = fields


# --- people and mandates -------------------------------------------------------------------------------


class PersonSerializer(OutputSerializer[Person]):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "full_name",
            "tax_code",
            "gender",
            "email",
            "phone",
            "updated_at",
        ]
        read_only_fields = fields


class PersonMandateSerializer(OutputSerializer[Mandate]):
    role = NamedChoiceField(MandateRole, read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "organization",
            "role",
            "role_label",
            "title",
            "start_date",
            "end_date",
            "attested_on",
        ]
        read_only_fields = fields


class PersonSeatSerializer(OutputSerializer[Seat]):
    organ = OrganRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    capacity_label = serializers.CharField(source="get_capacity_display", read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "organ", "organization", "capacity", "capacity_label", "start_date", "end_date"]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    mandates = PersonMandateSerializer(many=True, read_only=True)
    seats = PersonSeatSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "notes", "mandates", "seats"]
        read_only_fields = fields


class MandateSerializer(OutputSerializer[Mandate]):
    role = NamedChoiceField(MandateRole, read_only=True)
    person = PersonRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "person",
            "organization",
            "role",
            "role_label",
            "title",
            "start_date",
            "end_date",
            "attested_on",
            "source",
            "updated_at",
        ]
        read_only_fields = fields


# --- organs and seats ----------------------------------------------------------------------------------


class OrganSerializer(OutputSerializer[Organ]):
    kind = NamedChoiceField(OrganKind, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ambiti = AmbitoRefSerializer(many=True, read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField[Organ](  # type: ignore[assignment]  # DRF attribute name
        read_only=True, allow_null=True
    )
    seat_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organ
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "acronym",
            "ambiti",
            "organization",
            "parent",
            "seat_count",
            "updated_at",
        ]
        read_only_fields = fields


class OrganSeatSerializer(OutputSerializer[Seat]):
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    capacity_label = serializers.CharField(source="get_capacity_display", read_only=True)

    class Meta:
        model = Seat
        fields = [
            "id",
            "organization",
            "person",
            "capacity",
            "capacity_label",
            "capacity_note",
            "has_vote",
            "start_date",
            "end_date",
        ]
        read_only_fields = fields


class OrganDetailSerializer(OutputSerializer[Organ]):
    kind = NamedChoiceField(OrganKind, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ambiti = AmbitoRefSerializer(many=True, read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    managing_body = OrganizationRefSerializer(read_only=True, allow_null=True)
    parent = OrganRefSerializer(read_only=True, allow_null=True)
    children = OrganRefSerializer(many=True, read_only=True)
    seats = OrganSeatSerializer(many=True, read_only=True)

    class Meta:
        model = Organ
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "acronym",
            "ambiti",
            "organization",
            "managing_body",
            "parent",
            "children",
            "legal_basis",
            "composition",
            "functions",
            "seats",
            "updated_at",
        ]
        read_only_fields = fields


class SeatSerializer(OrganSeatSerializer):
    organ = OrganRefSerializer(read_only=True)

    class Meta(OrganSeatSerializer.Meta):
        fields = ["id", "organ", *OrganSeatSerializer.Meta.fields[1:], "source", "updated_at"]
        read_only_fields = fields


# --- population ----------------------------------------------------------------------------------------


class PopulationFigureSerializer(OutputSerializer[PopulationFigure]):
    organization = ComuneRefSerializer(read_only=True)

    class Meta:
        model = PopulationFigure
        fields = ["id", "organization", "reference_date", "population", "source", "updated_at"]
        read_only_fields = fields


# --- the current user ----------------------------------------------------------------------------------


class RoleAssignmentSerializer(OutputSerializer[RoleAssignment]):
    role = NamedChoiceField(Role, read_only=True)
    organization = OrganizationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["organization", "role", "role_label"]
        read_only_fields = fields


class MeSerializer(OutputSerializer[User]):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "is_superuser", "roles"]
        read_only_fields = fields

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_roles(self, user: User) -> list[Any]:
        """The view passes the user's assignments, read through `selectors.role_assignments_for_user`."""
        return list(RoleAssignmentSerializer(self.context["role_assignments"], many=True).data)


# === input ==============================================================================================


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
            # Without a request (schema generation) the field keeps its empty class-level queryset.


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
        if not isinstance(data, str):
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


# --- query-string filters (validated like a body; unknown values are a 400, not an empty list) ----------


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
