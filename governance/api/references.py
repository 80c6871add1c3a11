"""The small shapes of registry rows that other rows embed (an organization, a comune, an ambito, a person, an
organ), for every app's API."""

from rest_framework import serializers

from core.api.serializers import OutputSerializer
from governance.models import (
    Ambito,
    Organ,
    Organization,
    Person,
)


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
