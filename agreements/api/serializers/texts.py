"""Serializers of an agreement's text: versions, premises, articles, the parties' approvals, the edit conflict."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.api.serializers.refs import PartyRefSerializer, UserRefSerializer
from agreements.models import (
    AgreementVersion,
    AmendmentApproval,
    Article,
    Premise,
    PremiseSection,
    VersionStatus,
)
from core.api.serializers import ErrorSerializer, NamedChoiceField, OutputSerializer


class PremiseSerializer(OutputSerializer[Premise]):
    section = NamedChoiceField(PremiseSection, read_only=True)
    section_label = serializers.CharField(source="get_section_display", read_only=True)

    class Meta:
        model = Premise
        fields = ["id", "section", "section_label", "position", "text"]
        read_only_fields = fields


class ArticleSerializer(OutputSerializer[Article]):
    updated_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "number", "title", "body", "revision", "updated_at", "updated_by"]
        read_only_fields = fields
        extra_kwargs = {
            "revision": {"help_text": _("Da rimandare con la modifica: se nel frattempo è cambiata, 409.")}
        }


class ApprovalSerializer(OutputSerializer[AmendmentApproval]):
    party = PartyRefSerializer(read_only=True)

    class Meta:
        model = AmendmentApproval
        fields = ["id", "party", "organ_name", "act_number", "act_date", "created_at"]
        read_only_fields = fields


class VersionSerializer(OutputSerializer[AgreementVersion]):
    status = NamedChoiceField(VersionStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    created_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    premises = PremiseSerializer(many=True, read_only=True)
    articles = ArticleSerializer(many=True, read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "premises", "articles", "approvals"]
        read_only_fields = fields


class EditConflictSerializer(ErrorSerializer):
    """409: someone saved the article after the revision the client edited; nothing was overwritten."""

    current = ArticleSerializer(
        allow_null=True,
        help_text=_(
            "L'articolo come è ora (testo, revisione, chi lo ha modificato e quando); null se eliminato."
        ),
    )
