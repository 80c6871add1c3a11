"""Output serializers of the agreements API, one module per subject; input serializers and filters are in
agreements/api/inputs.py."""

from agreements.api.serializers.agreements import (
    AgreementDetailSerializer,
    AgreementSerializer,
    PartySerializer,
)
from agreements.api.serializers.money import (
    InstallmentSerializer,
    MoneyClauseSerializer,
    PaymentSerializer,
    ShareSerializer,
)
from agreements.api.serializers.organizations import (
    OrganizationAgreementSerializer,
    OrganizationAgreementsSerializer,
    OwnPartySerializer,
)
from agreements.api.serializers.refs import (
    MONEY,
    AgreementRefSerializer,
    AuthorisingActSerializer,
    PartyRefSerializer,
    UserRefSerializer,
    VersionRefSerializer,
)
from agreements.api.serializers.signing import (
    DocumentSerializer,
    SignatureSerializer,
    SignedCopySerializer,
    SignedCopySignerSerializer,
)
from agreements.api.serializers.texts import (
    ApprovalSerializer,
    ArticleSerializer,
    EditConflictSerializer,
    PremiseSerializer,
    VersionDetailSerializer,
    VersionSerializer,
)

__all__ = [
    "MONEY",
    "AgreementDetailSerializer",
    "AgreementRefSerializer",
    "AgreementSerializer",
    "ApprovalSerializer",
    "ArticleSerializer",
    "AuthorisingActSerializer",
    "DocumentSerializer",
    "EditConflictSerializer",
    "InstallmentSerializer",
    "MoneyClauseSerializer",
    "OrganizationAgreementSerializer",
    "OrganizationAgreementsSerializer",
    "OwnPartySerializer",
    "PartyRefSerializer",
    "PartySerializer",
    "PaymentSerializer",
    "PremiseSerializer",
    "ShareSerializer",
    "SignatureSerializer",
    "SignedCopySerializer",
    "SignedCopySignerSerializer",
    "UserRefSerializer",
    "VersionDetailSerializer",
    "VersionRefSerializer",
    "VersionSerializer",
]
