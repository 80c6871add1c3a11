"""Serializers of what an organization owes on its agreements."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.api.serializers.agreements import AgreementSerializer
from agreements.api.serializers.refs import _money_field
from agreements.models import (
    Party,
    PartyRole,
)
from core.api.serializers import NamedChoiceField, OutputSerializer
from governance.api.references import OrganizationRefSerializer


class OwnPartySerializer(OutputSerializer[Party]):
    role = NamedChoiceField(PartyRole, read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Party
        fields = ["id", "role", "role_label", "signed_at", "withdrawal_effective_on"]
        read_only_fields = fields


class OrganizationAgreementSerializer(serializers.Serializer):
    """One row of selectors.agreements_of_organization."""

    agreement = AgreementSerializer(read_only=True)
    party = OwnPartySerializer(read_only=True, allow_null=True)
    owed = _money_field(help_text=_("Ancora da pagare su questo accordo (rate scadute meno pagamenti)."))
    awaits_signature = serializers.BooleanField(
        read_only=True, help_text=_("L'accordo è in firma e la firma di questo ente manca.")
    )


class OrganizationAgreementsSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer(read_only=True)
    total_owed = _money_field(help_text=_("Totale ancora da pagare su tutti gli accordi visibili."))
    agreements = OrganizationAgreementSerializer(many=True, read_only=True)
