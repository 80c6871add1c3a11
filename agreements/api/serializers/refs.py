"""The small shapes the agreements serializers embed (a user, an agreement, a party, a version) and the money field."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.models import (
    Agreement,
    AgreementVersion,
    Party,
    VersionStatus,
)
from core.api.serializers import NamedChoiceField, OutputSerializer
from governance.api.references import OrganizationRefSerializer
from governance.models import User

MONEY = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)


def _money_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


class UserRefSerializer(OutputSerializer[User]):
    full_name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name"]
        read_only_fields = fields

    def get_full_name(self, user: User) -> str:
        return user.get_full_name() or user.username


class AgreementRefSerializer(OutputSerializer[Agreement]):
    class Meta:
        model = Agreement
        fields = ["id", "title"]
        read_only_fields = fields


class PartyRefSerializer(OutputSerializer[Party]):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Party
        fields = ["id", "organization"]
        read_only_fields = fields


class AuthorisingActSerializer(serializers.Serializer):
    """The deliberation that approves the agreement and authorises the party's signatory."""

    organ_name = serializers.CharField(source="authorising_organ_name", read_only=True)
    number = serializers.CharField(source="act_number", read_only=True)
    date = serializers.DateField(source="act_date", read_only=True, allow_null=True)
    recorded = serializers.BooleanField(
        source="has_authorising_act",
        read_only=True,
        help_text=_("Numero e data della deliberazione presenti."),
    )


class VersionRefSerializer(OutputSerializer[AgreementVersion]):
    status = NamedChoiceField(VersionStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "status", "status_label"]
        read_only_fields = fields
