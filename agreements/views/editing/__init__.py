"""The Ufficio di Piano's pages for drafting and managing agreements.

Every page is a form whose valid data goes to one service (core.ui.ServiceFormView): an agreement the
user cannot see answers 404, one they see but do not manage answers 403, and a service's refusal is shown
next to the fields with nothing saved. Actions that cannot be undone ask for a confirmation first."""

from agreements.views.editing.drafting import (
    AgreementCreateView,
    AgreementFromTemplateView,
    AgreementRenewView,
    AgreementTransitionView,
    AgreementUpdateView,
)
from agreements.views.editing.money import (
    ClauseCreateView,
    InstallmentsView,
    PaymentCreateView,
)
from agreements.views.editing.parties import (
    PartyAdhereView,
    PartyAuthorisationView,
    PartyCreateView,
    PartyRemoveView,
    PartyUpdateView,
    PartyWithdrawView,
)
from agreements.views.editing.registration import (
    AgreementRegisterSignedView,
    SignedCopyAddView,
    SignedCopyDownloadView,
)
from agreements.views.editing.text import (
    AmendmentApproveView,
    AmendmentProposeView,
    ArticleCreateView,
    ArticleDeleteView,
    ArticleUpdateView,
    BlanksView,
    PremiseCreateView,
    PremiseDeleteView,
    PremiseUpdateView,
)

__all__ = [
    "AgreementCreateView",
    "AgreementFromTemplateView",
    "AgreementRegisterSignedView",
    "AgreementRenewView",
    "AgreementTransitionView",
    "AgreementUpdateView",
    "AmendmentApproveView",
    "AmendmentProposeView",
    "ArticleCreateView",
    "ArticleDeleteView",
    "ArticleUpdateView",
    "BlanksView",
    "ClauseCreateView",
    "InstallmentsView",
    "PartyAdhereView",
    "PartyAuthorisationView",
    "PartyCreateView",
    "PartyRemoveView",
    "PartyUpdateView",
    "PartyWithdrawView",
    "PaymentCreateView",
    "PremiseCreateView",
    "PremiseDeleteView",
    "PremiseUpdateView",
    "SignedCopyAddView",
    "SignedCopyDownloadView",
]
