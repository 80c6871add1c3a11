from django.urls import path

from agreements.views import reading

app_name = "agreements"

urlpatterns = [
    path("accordi/", reading.AgreementListView.as_view(), name="agreement_list"),
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
