from django.urls import path

from agreements.views import reading, signing

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
