"""Output serializers of the agreements API (same conventions, and the same typing note, as
governance.api.serializers): they render what the agreements selectors loaded, read-only, with no query per
row. Input serializers and filters are in agreements/api/inputs.py."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements import rules
from agreements.api.serializers.money import MoneyClauseSerializer
from agreements.api.serializers.refs import (
    AgreementRefSerializer,
    AuthorisingActSerializer,
    VersionRefSerializer,
)
from agreements.api.serializers.signing import SignedCopySerializer
from agreements.calendar import validity_mismatch
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Party,
    PartyRole,
    VersionStatus,
)
from core.api.serializers import NamedChoiceField, OutputSerializer
from governance.api.references import AmbitoRefSerializer, OrganizationRefSerializer, PersonRefSerializer

# --- small shapes ----------------------------------------------------------------------------------------


# --- agreements and parties ------------------------------------------------------------------------------


class AgreementSerializer(OutputSerializer[Agreement]):
    kind = NamedChoiceField(AgreementKind, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = NamedChoiceField(AgreementStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    ambito = AmbitoRefSerializer(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "status",
            "status_label",
            "ambito",
            "start_date",
            "end_date",
            "duration_months",
            "until_event",
            "in_force_since",
            "updated_at",
        ]
        read_only_fields = fields


class PartySerializer(OutputSerializer[Party]):
    organization = OrganizationRefSerializer(read_only=True)
    role = NamedChoiceField(PartyRole, read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    represents = AmbitoRefSerializer(read_only=True, allow_null=True)
    signatory = PersonRefSerializer(read_only=True, allow_null=True)
    authorising_act = AuthorisingActSerializer(source="*", read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "organization",
            "role",
            "role_label",
            "represents",
            "signatory",
            "signatory_capacity",
            "authorising_act",
            "signing_order",
            "joined_on",
            "withdrawal_notified_on",
            "withdrawal_effective_on",
            "continuing_obligations",
            "signed_at",
            "signed_on",
            "signed_on_precision",
            "updated_at",
        ]
        read_only_fields = fields


# --- money -----------------------------------------------------------------------------------------------


class AgreementDetailSerializer(AgreementSerializer):
    renews = AgreementRefSerializer(read_only=True, allow_null=True)
    validity_warning = serializers.SerializerMethodField(
        help_text=_("Quando la durata dichiarata non corrisponde alle date: la spiegazione.")
    )
    current_version = serializers.SerializerMethodField(
        help_text=_("Numero del testo vigente (o della bozza, prima dell'entrata in vigore).")
    )
    proposed_version = serializers.SerializerMethodField(
        help_text=_("Numero della modifica in corso di approvazione, se c'è.")
    )
    versions = serializers.SerializerMethodField()
    parties = PartySerializer(many=True, read_only=True)
    signing_count = serializers.SerializerMethodField(help_text=_("Parti che firmano (non aderenti)."))
    signed_count = serializers.SerializerMethodField(help_text=_("Parti che hanno già firmato."))
    money_clauses = MoneyClauseSerializer(many=True, read_only=True)
    origin_label = serializers.CharField(source="get_origin_display", read_only=True)
    signed_copies = SignedCopySerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "origin",
            "origin_label",
            "in_force_since_precision",
            "signed_copies",
            "place",
            "starts_on_signature",
            "withdrawal_notice_months",
            "renews",
            "validity_warning",
            "current_version",
            "proposed_version",
            "versions",
            "parties",
            "signing_count",
            "signed_count",
            "money_clauses",
            "created_at",
        ]
        read_only_fields = fields

    def get_validity_warning(self, agreement: Agreement) -> str | None:
        return validity_mismatch(agreement.start_date, agreement.end_date, agreement.duration_months)

    def _numbers(self, agreement: Agreement, *statuses: str) -> int | None:
        numbers = [v.number for v in agreement.versions.all() if v.status in statuses]
        return max(numbers) if numbers else None

    def get_current_version(self, agreement: Agreement) -> int | None:
        return self._numbers(agreement, VersionStatus.CURRENT, VersionStatus.DRAFT)

    def get_proposed_version(self, agreement: Agreement) -> int | None:
        return self._numbers(agreement, VersionStatus.PROPOSED)

    @extend_schema_field(VersionRefSerializer(many=True))
    def get_versions(self, agreement: Agreement) -> list[Any]:
        versions = sorted(agreement.versions.all(), key=lambda version: version.number)
        return list(VersionRefSerializer(versions, many=True).data)

    def get_signing_count(self, agreement: Agreement) -> int:
        return len(rules.signing_parties(agreement.parties.all()))

    def get_signed_count(self, agreement: Agreement) -> int:
        return sum(1 for party in rules.signing_parties(agreement.parties.all()) if party.signed_at)


# --- versions and their text -----------------------------------------------------------------------------


# --- the printed agreement -------------------------------------------------------------------------------


# --- signatures ------------------------------------------------------------------------------------------


# --- what an organization owes ---------------------------------------------------------------------------
