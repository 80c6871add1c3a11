from django.urls import path

from agreements.views import editing, reading, signing

app_name = "agreements"

urlpatterns = [
    path("accordi/", reading.AgreementListView.as_view(), name="agreement_list"),
    path("accordi/da-firmare/", signing.ToSignListView.as_view(), name="to_sign"),
    path("accordi/<int:pk>/firme/", signing.SignatureReportView.as_view(), name="signature_report"),
    path(
        "accordi/<int:pk>/firme/da-firmare.pdf",
        signing.SigningStateDownloadView.as_view(),
        name="signing_state_download",
    ),
    path(
        "accordi/<int:pk>/firme/<int:signature_pk>/pdf/",
        signing.SignedFileDownloadView.as_view(),
        name="signed_file_download",
    ),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/firma/",
        signing.SignatureUploadView.as_view(),
        name="signature_upload",
    ),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/firma-di-prova/",
        signing.SignatureTestSignView.as_view(),
        name="signature_test_sign",
    ),
    path("accordi/<int:pk>/", reading.AgreementDetailView.as_view(), name="agreement_detail"),
    path("accordi/<int:pk>/confronto/", reading.AgreementCompareView.as_view(), name="agreement_compare"),
    path(
        "accordi/<int:pk>/documento/", reading.AgreementDocumentRequestView.as_view(), name="document_request"
    ),
    path(
        "accordi/<int:pk>/documento/stato/",
        reading.AgreementDocumentStatusView.as_view(),
        name="document_status",
    ),
    path(
        "accordi/<int:pk>/documento/<int:document_pk>/pdf/",
        reading.AgreementDocumentDownloadView.as_view(),
        name="document_download",
    ),
]

# Drafting and managing agreements (the Ufficio di Piano of the agreement's ambito).
urlpatterns += [
    path("accordi/nuovo/", editing.AgreementCreateView.as_view(), name="agreement_create"),
    path(
        "accordi/nuovo/modello/<int:template_pk>/",
        editing.AgreementFromTemplateView.as_view(),
        name="agreement_from_template",
    ),
    path("accordi/<int:pk>/modifica/", editing.AgreementUpdateView.as_view(), name="agreement_update"),
    path("accordi/<int:pk>/rinnova/", editing.AgreementRenewView.as_view(), name="agreement_renew"),
    path(
        "accordi/<int:pk>/registra-firmato/",
        editing.AgreementRegisterSignedView.as_view(),
        name="agreement_register_signed",
    ),
    path("accordi/<int:pk>/atto-firmato/", editing.SignedCopyAddView.as_view(), name="signed_copy_add"),
    path(
        "accordi/<int:pk>/atto-firmato/<int:copy_pk>/",
        editing.SignedCopyDownloadView.as_view(),
        name="signed_copy_download",
    ),
    path(
        "accordi/<int:pk>/stato/<slug:to>/",
        editing.AgreementTransitionView.as_view(),
        name="agreement_transition",
    ),
    path("accordi/<int:pk>/parti/nuova/", editing.PartyCreateView.as_view(), name="party_create"),
    path("accordi/<int:pk>/parti/adesione/", editing.PartyAdhereView.as_view(), name="party_adhere"),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/elimina/",
        editing.PartyRemoveView.as_view(),
        name="party_remove",
    ),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/modifica/",
        editing.PartyUpdateView.as_view(),
        name="party_update",
    ),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/deliberazione/",
        editing.PartyAuthorisationView.as_view(),
        name="party_authorisation",
    ),
    path(
        "accordi/<int:pk>/parti/<int:party_pk>/recesso/",
        editing.PartyWithdrawView.as_view(),
        name="party_withdraw",
    ),
    path("accordi/<int:pk>/premesse/nuova/", editing.PremiseCreateView.as_view(), name="premise_create"),
    path(
        "accordi/<int:pk>/premesse/<int:premise_pk>/modifica/",
        editing.PremiseUpdateView.as_view(),
        name="premise_update",
    ),
    path(
        "accordi/<int:pk>/premesse/<int:premise_pk>/elimina/",
        editing.PremiseDeleteView.as_view(),
        name="premise_delete",
    ),
    path(
        "accordi/<int:pk>/articoli/<int:number>/elimina/",
        editing.ArticleDeleteView.as_view(),
        name="article_delete",
    ),
    path("accordi/<int:pk>/articoli/nuovo/", editing.ArticleCreateView.as_view(), name="article_create"),
    path(
        "accordi/<int:pk>/articoli/<int:number>/modifica/",
        editing.ArticleUpdateView.as_view(),
        name="article_update",
    ),
    path("accordi/<int:pk>/spazi/", editing.BlanksView.as_view(), name="blanks"),
    path(
        "accordi/<int:pk>/modifiche/nuova/", editing.AmendmentProposeView.as_view(), name="amendment_propose"
    ),
    path(
        "accordi/<int:pk>/versioni/<int:number>/approvazioni/",
        editing.AmendmentApproveView.as_view(),
        name="amendment_approve",
    ),
    path("accordi/<int:pk>/clausole/nuova/", editing.ClauseCreateView.as_view(), name="clause_create"),
    path(
        "accordi/<int:pk>/clausole/<int:clause_pk>/rate/",
        editing.InstallmentsView.as_view(),
        name="installments",
    ),
    path(
        "accordi/<int:pk>/clausole/<int:clause_pk>/pagamenti/nuovo/",
        editing.PaymentCreateView.as_view(),
        name="payment_create",
    ),
]
