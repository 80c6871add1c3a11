"""Serializers of what is signed: the agreement's PDF, its signatures, and the signed copies of registered acts."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.api.serializers.refs import PartyRefSerializer, UserRefSerializer
from agreements.models import (
    AgreementDocument,
    DocumentStatus,
    Party,
    Signature,
    SignatureMethod,
    SignedCopy,
    SignedCopySigner,
)
from core.api.serializers import NamedChoiceField, OutputSerializer


class SignedCopySignerSerializer(OutputSerializer[SignedCopySigner]):
    party = serializers.PrimaryKeyRelatedField[Party](read_only=True, allow_null=True)

    class Meta:
        model = SignedCopySigner
        fields = [
            "id",
            "name",
            "tax_code",
            "certificate_subject",
            "signing_time",
            "intact",
            "trusted",
            "party",
        ]
        read_only_fields = fields


class SignedCopySerializer(OutputSerializer[SignedCopy]):
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    problems = serializers.SerializerMethodField(help_text=_("Avvertenze della verifica: {code, message}."))
    signers = SignedCopySignerSerializer(many=True, read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = SignedCopy
        fields = [
            "id",
            "original_name",
            "format",
            "format_label",
            "sha256",
            "size",
            "verified",
            "problems",
            "signers",
            "file_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_problems(self, copy: SignedCopy) -> list[dict[str, str]]:
        return list(copy.report.get("problems", []))

    def get_file_url(self, copy: SignedCopy) -> str:
        return reverse("api:agreement-signed-copy-file", args=[copy.agreement_id, copy.pk])


class DocumentSerializer(OutputSerializer[AgreementDocument]):
    version = serializers.IntegerField(source="version.number", read_only=True)
    status = NamedChoiceField(DocumentStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    download = serializers.SerializerMethodField(help_text=_("Indirizzo del PDF, quando è pronto."))

    class Meta:
        model = AgreementDocument
        fields = [
            "id",
            "version",
            "status",
            "status_label",
            "error",
            "sha256",
            "page_count",
            "rendered_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, document: AgreementDocument) -> str | None:
        if document.status != DocumentStatus.READY:
            return None
        path = reverse("api:agreement-document-pdf", args=[document.agreement_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SignatureSerializer(OutputSerializer[Signature]):
    """A verified signature: who signed (from the certificate), when, with which certificate, and the signed
    file's SHA-256. `report` is the whole verification report of the file as uploaded."""

    party = PartyRefSerializer(read_only=True)
    version = serializers.IntegerField(source="document.version.number", read_only=True)
    method = NamedChoiceField(SignatureMethod, read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    uploaded_by = UserRefSerializer(read_only=True, allow_null=True)
    report = serializers.JSONField(read_only=True, help_text=_("Esito della verifica del file caricato."))
    download = serializers.SerializerMethodField(help_text=_("Indirizzo del file firmato."))

    class Meta:
        model = Signature
        fields = [
            "id",
            "sequence",
            "party",
            "version",
            "method",
            "method_label",
            "signer_name",
            "signer_tax_code",
            "certificate_subject",
            "certificate_not_before",
            "certificate_not_after",
            "signing_time",
            "verified_at",
            "sha256",
            "size",
            "uploaded_by",
            "created_at",
            "report",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, signature: Signature) -> str:
        path = reverse("api:agreement-signature-pdf", args=[signature.document.agreement_id, signature.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
