"""Input serializers of the assemblies API: they validate the body; the services decide."""

from typing import Any

from rest_framework import serializers

from agreements.models import Agreement
from assemblies.models import (
    Acting,
    Choice,
    DecisionKind,
    ItemSubject,
    Minutes,
    MinutesStatus,
    Presence,
    Secrecy,
    SessionStatus,
)
from budgets.models import BudgetReport, BudgetVersion, SubAmbitoQuota
from core.api.serializers import NamedChoiceField
from governance.models import Organ, Organization, Person


class SessionFilterSerializer(serializers.Serializer[Any]):
    organ = serializers.IntegerField(required=False)
    status = NamedChoiceField(SessionStatus, required=False)
    search = serializers.CharField(required=False, allow_blank=True)


class SessionCreateInputSerializer(serializers.Serializer[Any]):
    organ = serializers.PrimaryKeyRelatedField(queryset=Organ.objects.all())
    starts_at = serializers.DateTimeField()
    title = serializers.CharField(max_length=200, required=False)
    second_call_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    video_link = serializers.URLField(required=False, allow_blank=True)
    population_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )


class SessionUpdateInputSerializer(SessionCreateInputSerializer):
    organ = None  # type: ignore[assignment]
    starts_at = serializers.DateTimeField(required=False)


class SessionTransitionInputSerializer(serializers.Serializer[Any]):
    to = NamedChoiceField(SessionStatus)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class AgendaItemInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    subject = NamedChoiceField(ItemSubject)
    decision_kind = NamedChoiceField(DecisionKind, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    agreement = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.all(), required=False, allow_null=True
    )
    minutes = serializers.PrimaryKeyRelatedField(
        queryset=Minutes.objects.all(), required=False, allow_null=True
    )
    reference_year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    budget_version = serializers.PrimaryKeyRelatedField(
        queryset=BudgetVersion.objects.all(), required=False, allow_null=True
    )
    budget_report = serializers.PrimaryKeyRelatedField(
        queryset=BudgetReport.objects.all(), required=False, allow_null=True
    )
    quota = serializers.PrimaryKeyRelatedField(
        queryset=SubAmbitoQuota.objects.all(), required=False, allow_null=True
    )


class CheckInInputSerializer(serializers.Serializer[Any]):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    acting = NamedChoiceField(Acting, required=False)
    presence = NamedChoiceField(Presence, required=False)


class ProxyInputSerializer(serializers.Serializer[Any]):
    grantor = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    holder = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class VoteOpenInputSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    secrecy = NamedChoiceField(Secrecy, required=False)


class VoteAnnulInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class BallotInputSerializer(serializers.Serializer[Any]):
    voter = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    choice = NamedChoiceField(Choice)


class MinutesFilterSerializer(serializers.Serializer[Any]):
    organ = serializers.IntegerField(required=False)
    status = NamedChoiceField(MinutesStatus, required=False)


class MinutesTextInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    base_revision = serializers.IntegerField(
        help_text="La revisione da cui parte la modifica: se nel frattempo ne è stata salvata un'altra, 400 `conflict`."
    )


class ReasonInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class PublishInputSerializer(serializers.Serializer[Any]):
    names = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="I nomi delle persone assistite da oscurare, uno per riga (i codici fiscali lo sono sempre).",
    )


class PublicActFilterSerializer(serializers.Serializer[Any]):
    organ = serializers.IntegerField(required=False)
    on_board = serializers.BooleanField(required=False, allow_null=True, default=None)
