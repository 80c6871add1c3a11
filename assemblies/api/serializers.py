"""Output serializers of the assemblies API (read-only; related rows come fetched by the selectors)."""

from typing import Any

from rest_framework import serializers

from agreements.api.serializers.refs import AgreementRefSerializer
from assemblies.models import (
    Acting,
    AgendaItem,
    Attendance,
    Choice,
    DecisionKind,
    Deliberation,
    ItemSubject,
    MajorityKind,
    Outcome,
    Participation,
    Presence,
    Proxy,
    Secrecy,
    Session,
    SessionStatus,
    Vote,
    VoteStatus,
)
from core.api.serializers import NamedChoiceField, OutputSerializer
from governance.api.references import OrganizationRefSerializer, OrganRefSerializer, PersonRefSerializer


class AgendaItemSerializer(OutputSerializer[AgendaItem]):
    subject = NamedChoiceField(ItemSubject, read_only=True)
    decision_kind = NamedChoiceField(DecisionKind, read_only=True)
    agreement = AgreementRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "description", "subject", "decision_kind", "agreement"]
        read_only_fields = fields


class SessionSerializer(OutputSerializer[Session]):
    organ = OrganRefSerializer(read_only=True)
    status = NamedChoiceField(SessionStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "organ",
            "title",
            "status",
            "status_label",
            "starts_at",
            "second_call_at",
            "place",
            "video_link",
            "population_year",
            "sequence",
            "sitting_call",
            "convened_at",
            "opened_at",
            "closed_at",
            "cancelled_at",
            "cancel_reason",
        ]
        read_only_fields = fields


class SessionDetailSerializer(SessionSerializer):
    items = AgendaItemSerializer(many=True, read_only=True, source="agenda")

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "items"]
        read_only_fields = fields


class AttendanceSerializer(OutputSerializer[Attendance]):
    organization = OrganizationRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    acting = NamedChoiceField(Acting, read_only=True)
    presence = NamedChoiceField(Presence, read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "organization",
            "person",
            "acting",
            "presence",
            "arrived_at",
            "left_at",
            "self_checked_in",
        ]
        read_only_fields = fields


class ProxySerializer(OutputSerializer[Proxy]):
    grantor = OrganizationRefSerializer(read_only=True)
    holder = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Proxy
        fields = ["id", "grantor", "holder", "created_at", "revoked_at"]
        read_only_fields = fields


class QuorumSerializer(serializers.Serializer[Any]):
    call = serializers.CharField()
    holds = serializers.BooleanField(allow_null=True)
    rule = serializers.CharField()
    members = serializers.IntegerField()
    present = serializers.IntegerField()
    members_weight = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    present_weight = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    problem = serializers.CharField(allow_null=True)


class TallySerializer(serializers.Serializer[Any]):
    choice = NamedChoiceField(Choice)
    ballots = serializers.IntegerField()
    weight = serializers.DecimalField(max_digits=14, decimal_places=4)


class VoteSerializer(OutputSerializer[Vote]):
    secrecy = NamedChoiceField(Secrecy, read_only=True)
    status = NamedChoiceField(VoteStatus, read_only=True)
    majority_kind = NamedChoiceField(MajorityKind, read_only=True)
    outcome = NamedChoiceField(Outcome, read_only=True, allow_blank=True)
    item = serializers.IntegerField(source="item_id", read_only=True)
    ballots_so_far = serializers.IntegerField(read_only=True, source="cast_count")
    tallies = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        fields = [
            "id",
            "item",
            "round",
            "secrecy",
            "status",
            "majority_kind",
            "opened_at",
            "closed_at",
            "annulled_at",
            "annul_reason",
            "members_weight",
            "present_weight",
            "eligible_count",
            "ballots_so_far",
            "outcome",
            "ballots_cast",
            "tallies",
        ]
        read_only_fields = fields

    def get_tallies(self, vote: Vote) -> list[dict[str, Any]] | None:
        """The sums per choice once the vote is closed (never while it is open)."""
        if vote.status != VoteStatus.CLOSED:
            return None
        return [{"choice": t.choice, "ballots": t.ballots, "weight": t.weight} for t in vote.tallies.all()]


class BallotSerializer(OutputSerializer[Participation]):
    """A ballot as the API shows it: who voted, and how only for an open (named) vote once it is closed."""

    voter = OrganizationRefSerializer(read_only=True)
    choice = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = ["id", "voter", "by_proxy", "cast_at", "choice"]
        read_only_fields = fields

    def get_choice(self, participation: Participation) -> str | None:
        return self.context.get("choices", {}).get(participation.pk)


class DeliberationSerializer(OutputSerializer[Deliberation]):
    organ = OrganRefSerializer(read_only=True)
    outcome = NamedChoiceField(Outcome, read_only=True)
    reference = serializers.CharField(read_only=True)
    session = serializers.IntegerField(source="item.session_id", read_only=True)

    class Meta:
        model = Deliberation
        fields = [
            "id",
            "organ",
            "year",
            "number",
            "reference",
            "session",
            "title",
            "text",
            "outcome",
            "adopted_on",
            "favour",
            "against",
            "abstain",
            "favour_weight",
            "against_weight",
            "abstain_weight",
            "effect",
        ]
        read_only_fields = fields
