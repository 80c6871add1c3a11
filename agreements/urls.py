from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("accordi/", views.AgreementListView.as_view(), name="agreement_list"),
    path("accordi/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("accordi/<int:pk>/confronto/", views.AgreementCompareView.as_view(), name="agreement_compare"),
    path(
        "accordi/<int:pk>/documento/", views.AgreementDocumentRequestView.as_view(), name="document_request"
    ),
    path(
        "accordi/<int:pk>/documento/stato/",
        views.AgreementDocumentStatusView.as_view(),
        name="document_status",
    ),
    path(
        "accordi/<int:pk>/documento/<int:document_pk>/pdf/",
        views.AgreementDocumentDownloadView.as_view(),
        name="document_download",
    ),
]
