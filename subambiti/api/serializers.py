"""Serializers of the sub-ambiti API (same conventions, and the same typing note, as governance.api.serializers)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import OutputSerializer
from governance import selectors as governance_selectors
from governance.api.inputs import InputSerializer, SearchFilterSerializer
from governance.api.references import (
    AmbitoRefSerializer,
    ComuneRefSerializer,
    OrganizationRefSerializer,
    OrganRefSerializer,
    PersonRefSerializer,
)
from governance.api.serializers import MemberSerializer
from governance.models import Ambito, Organization, Person
from subambiti import selectors
from subambiti.models import SubAmbito, SubAmbitoMembership

# --- output --------------------------------------------------------------------------------------------


class SubAmbitoRefSerializer(OutputSerializer[SubAmbito]):
    class Meta:
        model = SubAmbito
        fields = ["id", "number", "name"]
        read_only_fields = fields


class SubAmbitoSerializer(OutputSerializer[SubAmbito]):
    ambito = AmbitoRefSerializer(read_only=True)
    referente = OrganizationRefSerializer(read_only=True, allow_null=True)
    coordinator = PersonRefSerializer(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, help_text=_("Enti con un'appartenenza aperta."))

    class Meta:
        model = SubAmbito
        fields = [
            "id",
            "ambito",
            "number",
            "name",
            "referente",
            "coordinator",
            "member_count",
            "source",
            "updated_at",
        ]
        read_only_fields = fields


class SubAmbitoDetailSerializer(SubAmbitoSerializer):
    members = serializers.SerializerMethodField(help_text=_("Gli enti che ne fanno parte oggi."))
    organs = OrganRefSerializer(many=True, read_only=True)

    class Meta(SubAmbitoSerializer.Meta):
        fields = [f for f in SubAmbitoSerializer.Meta.fields if f != "member_count"] + [
            "notes",
            "members",
            "organs",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, subambito: SubAmbito) -> list[Any]:
        today = timezone.localdate()
        current = [membership for membership in subambito.memberships.all() if membership.covers(today)]
        return list(MemberSerializer(current, many=True).data)


class SubAmbitoMembershipSerializer(OutputSerializer[SubAmbitoMembership]):
    subambito = SubAmbitoRefSerializer(read_only=True)
    organization = ComuneRefSerializer(read_only=True)

    class Meta:
        model = SubAmbitoMembership
        fields = ["id", "subambito", "organization", "start_date", "end_date", "source", "updated_at"]
        read_only_fields = fields


# --- input ---------------------------------------------------------------------------------------------


def _visible_ambiti(user: Any) -> QuerySet[Ambito]:
    return governance_selectors.ambito_list(user=user)


def _visible_organizations(user: Any) -> QuerySet[Organization]:
    return governance_selectors.organization_list(user=user)


def _visible_persons(user: Any) -> QuerySet[Person]:
    return governance_selectors.person_list(user=user)


def _visible_subambiti(user: Any) -> QuerySet[SubAmbito]:
    return selectors.subambito_list(user=user)


class SubAmbitoUpdateInputSerializer(InputSerializer):
    visible = {"referente": _visible_organizations, "coordinator": _visible_persons}

    number = serializers.IntegerField(min_value=1, max_value=32767)
    name = serializers.CharField(max_length=200)
    referente = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Il comune referente: deve far parte dell'ambito."),
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Il coordinatore tecnico."),
    )
    source = serializers.CharField(  # type: ignore[assignment]  # DRF attribute name
        required=False, allow_blank=True, max_length=255
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class SubAmbitoCreateInputSerializer(SubAmbitoUpdateInputSerializer):
    visible = {**SubAmbitoUpdateInputSerializer.visible, "ambito": _visible_ambiti}

    ambito = serializers.PrimaryKeyRelatedField(
        queryset=Ambito.objects.none(), help_text=_("L'ambito (serve il permesso di modifica).")
    )


class SubAmbitoMembershipCreateInputSerializer(InputSerializer):
    visible = {"subambito": _visible_subambiti, "organization": _visible_organizations}

    subambito = serializers.PrimaryKeyRelatedField(queryset=SubAmbito.objects.none())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), help_text=_("Un comune che fa già parte dell'ambito.")
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    source = serializers.CharField(  # type: ignore[assignment]  # DRF attribute name
        required=False, allow_blank=True, max_length=255
    )


# --- query-string filters ------------------------------------------------------------------------------


class SubAmbitoFilterSerializer(SearchFilterSerializer):
    ambito = serializers.IntegerField(required=False, min_value=1)


class SubAmbitoIdFilterSerializer(serializers.Serializer[Any]):
    subambito = serializers.IntegerField(required=False, min_value=1)
