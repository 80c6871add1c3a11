"""Output serializers of the agreements API (same conventions, and the same typing note, as
governance.api.serializers): they render what the agreements selectors loaded, read-only, with no query per
row. Input serializers and filters are in agreements/api/inputs.py."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements import rules, selectors
from agreements.calendar import validity_mismatch
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    AgreementVersion,
    AmendmentApproval,
    Article,
    DocumentStatus,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Payment,
    Premise,
    PremiseSection,
    Share,
    Signature,
    SignatureMethod,
    SignedCopy,
    SignedCopySigner,
    SplitCriterion,
    VersionStatus,
)
from core.api.serializers import ErrorSerializer, NamedChoiceField, OutputSerializer
from governance.api.references import AmbitoRefSerializer, OrganizationRefSerializer, PersonRefSerializer
from governance.models import User

MONEY = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)


def _money_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


# --- small shapes ----------------------------------------------------------------------------------------


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


class VersionRefSerializer(OutputSerializer[AgreementVersion]):
    status = NamedChoiceField(VersionStatus, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "status", "status_label"]
        read_only_fields = fields


# --- money -----------------------------------------------------------------------------------------------


class InstallmentSerializer(OutputSerializer[Installment]):
    class Meta:
        model = Installment
        fields = ["id", "sequence", "due_date", "amount"]
        read_only_fields = fields


class PaymentSerializer(OutputSerializer[Payment]):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "reference", "created_at"]
        read_only_fields = fields


class ShareSerializer(OutputSerializer[Share]):
    """A party's share with its balance (selectors.share_balance): nothing is due before the agreement binds."""

    party = PartyRefSerializer(read_only=True)
    due = serializers.SerializerMethodField(help_text=_("Dovuto finora: le rate scadute, o l'intera quota."))
    paid = serializers.SerializerMethodField(help_text=_("Pagato."))
    owed = serializers.SerializerMethodField(help_text=_("Ancora da pagare di quanto è dovuto."))
    installments = InstallmentSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Share
        fields = ["id", "party", "weight", "amount", "due", "paid", "owed", "installments", "payments"]
        read_only_fields = fields

    def _balance(self, share: Share) -> dict[str, Any]:
        # The clause and its agreement are the prefetch's parents: no query.
        binding = share.clause.agreement.status in selectors.BINDING
        return selectors.share_balance(share, binding=binding)

    @extend_schema_field(MONEY)
    def get_due(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["due"])

    @extend_schema_field(MONEY)
    def get_paid(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["paid"])

    @extend_schema_field(MONEY)
    def get_owed(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["owed"])


class MoneyClauseSerializer(OutputSerializer[MoneyClause]):
    criterion = NamedChoiceField(SplitCriterion, read_only=True)
    criterion_label = serializers.CharField(source="get_criterion_display", read_only=True)
    shares = ShareSerializer(many=True, read_only=True)

    class Meta:
        model = MoneyClause
        fields = [
            "id",
            "description",
            "total",
            "vat_excluded",
            "criterion",
            "criterion_label",
            "population_year",
            "installments_every_months",
            "installments_in_advance",
            "shares",
            "updated_at",
        ]
        read_only_fields = fields


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


# --- the printed agreement -------------------------------------------------------------------------------


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


# --- signatures ------------------------------------------------------------------------------------------


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


# --- what an organization owes ---------------------------------------------------------------------------


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
