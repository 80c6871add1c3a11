from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("bilanci/", views.BudgetListView.as_view(), name="budget_list"),
    path("bilanci/nuovo/", views.BudgetCreateView.as_view(), name="budget_create"),
    path("bilanci/<int:pk>/", views.BudgetDetailView.as_view(), name="budget_detail"),
    path("bilanci/<int:pk>/versioni/<int:number>/", views.BudgetDetailView.as_view(), name="version_detail"),
    path("bilanci/<int:pk>/stanziamenti/", views.AllocationView.as_view(), name="allocation"),
    path("bilanci/<int:pk>/voci/nuova/", views.LineCreateView.as_view(), name="line_create"),
    path("bilanci/<int:pk>/voci/<int:line>/modifica/", views.LineUpdateView.as_view(), name="line_update"),
    path("bilanci/<int:pk>/voci/<int:line>/elimina/", views.LineRemoveView.as_view(), name="line_remove"),
    path("bilanci/<int:pk>/fsol/", views.FsolSplitView.as_view(), name="fsol_split"),
    path("bilanci/<int:pk>/approva/", views.VersionApproveView.as_view(), name="version_approve"),
    path("bilanci/<int:pk>/variazione/", views.VariationStartView.as_view(), name="variation_start"),
    path(
        "bilanci/<int:pk>/variazione/scarta/", views.VariationDiscardView.as_view(), name="variation_discard"
    ),
    path("bilanci/<int:pk>/elimina/", views.BudgetDeleteView.as_view(), name="budget_delete"),
    path("bilanci/<int:pk>/relazioni/nuova/", views.ReportStartView.as_view(), name="report_start"),
    path("bilanci/<int:pk>/relazioni/<int:year>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "bilanci/<int:pk>/relazioni/<int:year>/modifica/", views.ReportEditView.as_view(), name="report_edit"
    ),
    path(
        "bilanci/<int:pk>/relazioni/<int:year>/approva/",
        views.ReportApproveView.as_view(),
        name="report_approve",
    ),
    path("quote-sub-ambito/", views.QuotaListView.as_view(), name="quota_list"),
    path("quote-sub-ambito/<int:pk>/", views.QuotaDetailView.as_view(), name="quota_detail"),
    path("quote-sub-ambito/<int:pk>/modifica/", views.QuotaUpdateView.as_view(), name="quota_update"),
    path("quote-sub-ambito/<int:pk>/delibera/", views.QuotaDecideView.as_view(), name="quota_decide"),
    path("quote-sub-ambito/<int:pk>/elimina/", views.QuotaDeleteView.as_view(), name="quota_delete"),
    path("quote-sub-ambito/<int:pk>/pagamenti/", views.QuotaPaymentView.as_view(), name="quota_payment"),
    path("sub-ambiti/<int:pk>/quote/nuova/", views.QuotaCreateView.as_view(), name="quota_create"),
]
