from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("accordi/", views.AgreementListView.as_view(), name="agreement_list"),
    path("accordi/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("accordi/<int:pk>/confronto/", views.AgreementCompareView.as_view(), name="agreement_compare"),
]
