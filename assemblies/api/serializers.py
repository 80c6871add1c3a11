"""Output serializers of the assemblies API (read-only; related rows come fetched by the selectors)."""

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from agreements.api.serializers.refs import AgreementRefSerializer
from assemblies import publication
from assemblies.models import (
    Acting,
    ActKind,
    AgendaItem,
    Attendance,
    Choice,
    DecisionKind,
    Deliberation,
    ItemSubject,
    MajorityKind,
    Minutes,
    MinutesRevision,
    MinutesSignature,
    MinutesSigner,
    MinutesStatus,
    Outcome,
    Participation,
    Presence,
    Proxy,
    PublishedAct,
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
        fields = [
            "id",
            "position",
            "title",
            "description",
            "subject",
            "decision_kind",
            "agreement",
            "minutes",
            "reference_year",
            "budget_version",
            "budget_report",
            "quota",
            "notes",
        ]
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


class MinutesSignatureSerializer(OutputSerializer[MinutesSignature]):
    role = NamedChoiceField(MinutesSigner, read_only=True)

    class Meta:
        model = MinutesSignature
        fields = ["sequence", "role", "signer_name", "sha256", "signing_time", "verified_at"]
        read_only_fields = fields


class MinutesSerializer(OutputSerializer[Minutes]):
    status = NamedChoiceField(MinutesStatus, read_only=True)
    organ = OrganRefSerializer(source="session.organ", read_only=True)
    approved_by = serializers.IntegerField(source="approved_by_id", read_only=True, allow_null=True)
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "id",
            "session",
            "organ",
            "status",
            "revision",
            "text",
            "finalized_at",
            "signed_at",
            "sent_at",
            "approved_at",
            "approved_by",
            "signatures",
        ]
        read_only_fields = fields

    def get_signatures(self, minutes: Minutes) -> list[dict[str, Any]]:
        rows = self.context.get("signatures", {}).get(minutes.pk, [])
        return list(MinutesSignatureSerializer(rows, many=True).data)


class MinutesRevisionSerializer(OutputSerializer[MinutesRevision]):
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = MinutesRevision
        fields = ["number", "text", "summary", "author", "created_at"]
        read_only_fields = fields


class PublicActSerializer(OutputSerializer[PublishedAct]):
    """The published copy only (personal data blanked): never the internal text."""

    kind = NamedChoiceField(ActKind, read_only=True)
    organ = serializers.SerializerMethodField()
    reference = serializers.CharField(read_only=True)
    on_board = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = PublishedAct
        fields = [
            "id",
            "organ",
            "kind",
            "year",
            "number",
            "reference",
            "title",
            "act_date",
            "text",
            "published_from",
            "published_until",
            "on_board",
            "pdf",
        ]
        read_only_fields = fields

    def get_organ(self, act: PublishedAct) -> dict[str, Any]:
        return {"id": act.organ_id, "name": act.organ.name}

    def get_on_board(self, act: PublishedAct) -> bool:
        return publication.on_board(act, self.context["today"])

    def get_pdf(self, act: PublishedAct) -> str:
        return reverse("assemblies:public_act_pdf", args=[act.pk])


class FindingSerializer(serializers.Serializer[Any]):
    area = serializers.CharField()
    severity = serializers.ChoiceField(choices=["late", "warning"])
    text = serializers.CharField()
    url = serializers.CharField()
    action = serializers.CharField()
    organ = serializers.IntegerField(source="organ.pk", allow_null=True, default=None)
    due = serializers.DateField(allow_null=True)


class DeadlineStateSerializer(serializers.Serializer[Any]):
    deadline = serializers.CharField()
    year = serializers.IntegerField()
    due_on = serializers.DateField()
    met = serializers.BooleanField()
    met_by = serializers.IntegerField(source="met_by.pk", allow_null=True, default=None)


class BoardSerializer(serializers.Serializer[Any]):
    today = serializers.DateField()
    late = serializers.IntegerField(source="late_count")
    findings = FindingSerializer(many=True)
    deadlines = DeadlineStateSerializer(many=True)
