"""Serializers of the registry API.

Output serializers render rows that the selectors already loaded (with their joins and prefetches), so they
never trigger a query per row. Input serializers only check the shape of a request body; the rules live in the
services, which validate again with `full_clean()` and raise the errors that core.api.conventions turns into the
structured 400. Codes (ISTAT, codice fiscale, partita IVA) are deliberately *not* validated here: the services
normalise them first ("rss mra..." -> "RSSMRA...") and then validate them.

Every related row an input names (an ambito, an organization, a person, an organ) is looked up among the rows
the requesting user may see, through the selectors: a row the user cannot see answers "does not exist".

Typing: fields named `source`, `parent` or `errors` carry `type: ignore[assignment]` ("DRF attribute name"):
the DRF stubs declare attributes of those names on Field/Serializer, but DRF's metaclass pops declared fields
off the class, so at runtime nothing clashes.
"""

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import NamedChoiceField, OutputSerializer
from governance.api.references import (
    AmbitoRefSerializer,
    ComuneRefSerializer,
    OrganizationRefSerializer,
    OrganRefSerializer,
    PersonRefSerializer,
)
from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    MandateRole,
    Organ,
    Organization,
    OrganizationAlias,
    OrganizationKind,
    OrganKind,
    Person,
    PopulationFigure,
    Role,
    RoleAssignment,
    Seat,
    User,
)

if TYPE_CHECKING:
    pass


# --- choices that share a field name ("kind" of an organization and of an organ) -------------------------


# --- errors (documentation of core.api.conventions.exception_handler's body) -------------------------------------


# --- references (the small shapes that other rows embed) -----------------------------------------------


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


# Without a request (schema generation) the field keeps its empty class-level queryset.


# --- query-string filters (validated like a body; unknown values are a 400, not an empty list) ----------
