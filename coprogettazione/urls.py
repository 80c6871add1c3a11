from django.urls import path

from coprogettazione.views import partners, procedures, reporting

app_name = "coprogettazione"

P = "co-progettazione/<int:pk>/"
urlpatterns = [
    path("co-progettazione/", procedures.ProcedureListView.as_view(), name="procedure_list"),
    path("co-progettazione/nuova/", procedures.ProcedureCreateView.as_view(), name="procedure_create"),
    path("co-progettazione/enti/<int:pk>/runts/", partners.EtsProfileView.as_view(), name="ets_profile"),
    path(P, procedures.ProcedureDetailView.as_view(), name="procedure_detail"),
    path(P + "modifica/", procedures.ProcedureUpdateView.as_view(), name="procedure_update"),
    path(P + "stato/<str:to>/", procedures.ProcedureTransitionView.as_view(), name="procedure_transition"),
    path(P + "tappe/nuova/", procedures.StepCreateView.as_view(), name="step_create"),
    path(P + "tappe/<int:step>/modifica/", procedures.StepUpdateView.as_view(), name="step_update"),
    path(P + "tappe/<int:step>/elimina/", procedures.StepRemoveView.as_view(), name="step_remove"),
    path(P + "programmi/nuovo/", procedures.ProgrammeCreateView.as_view(), name="programme_create"),
    path(P + "programmi/<int:programme>/", procedures.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        P + "programmi/<int:programme>/modifica/",
        procedures.ProgrammeUpdateView.as_view(),
        name="programme_update",
    ),
    path(
        P + "programmi/<int:programme>/elimina/",
        procedures.ProgrammeRemoveView.as_view(),
        name="programme_remove",
    ),
    path(
        P + "programmi/<int:programme>/quote/nuova/", procedures.FundingAddView.as_view(), name="funding_add"
    ),
    path(
        P + "programmi/<int:programme>/quote/<int:funding>/bilancio/",
        procedures.FundingBudgetLineView.as_view(),
        name="funding_budget_line",
    ),
    path(
        P + "programmi/<int:programme>/quote/<int:funding>/elimina/",
        procedures.FundingRemoveView.as_view(),
        name="funding_remove",
    ),
    path(P + "candidature/nuova/", partners.ApplicationCreateView.as_view(), name="application_create"),
    path(
        P + "candidature/<int:application>/",
        partners.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        P + "candidature/<int:application>/ammetti/",
        partners.ApplicationAdmitView.as_view(),
        name="application_admit",
    ),
    path(
        P + "candidature/<int:application>/escludi/",
        partners.ApplicationExcludeView.as_view(),
        name="application_exclude",
    ),
    path(
        P + "candidature/<int:application>/punteggi/",
        partners.ScoresView.as_view(),
        name="application_scores",
    ),
    path(
        P + "candidature/<int:application>/scegli/",
        partners.SelectionView.as_view(),
        name="application_select",
    ),
    path(P + "criteri/nuovo/", partners.CriterionCreateView.as_view(), name="criterion_create"),
    path(
        P + "commissione/nuovo/",
        partners.CommissionMemberCreateView.as_view(),
        name="commission_member_create",
    ),
    path(
        P + "partenariati/<int:partnership>/",
        partners.PartnershipDetailView.as_view(),
        name="partnership_detail",
    ),
    path(
        P + "partenariati/<int:partnership>/convenzione/",
        partners.ConventionDraftView.as_view(),
        name="convention_draft",
    ),
    path(
        P + "partenariati/<int:partnership>/avvia/",
        partners.PartnershipActivateView.as_view(),
        name="partnership_activate",
    ),
    path(
        P + "partenariati/<int:partnership>/cofinanziamento/",
        partners.CoFinancingCreateView.as_view(),
        name="co_financing_create",
    ),
    path(
        P + "partenariati/<int:partnership>/estensioni/",
        partners.ExtensionCreateView.as_view(),
        name="extension_create",
    ),
    path(
        P + "partenariati/<int:partnership>/cessazione/",
        partners.StopNoticeCreateView.as_view(),
        name="stop_notice_create",
    ),
    path(
        P + "partenariati/<int:partnership>/revisioni-ccnl/",
        partners.CostRevisionCreateView.as_view(),
        name="cost_revision_create",
    ),
    path(
        P + "partenariati/<int:partnership>/pagamenti/",
        partners.LiquidationCreateView.as_view(),
        name="liquidation_create",
    ),
    path(
        P + "partenariati/<int:partnership>/restituzioni/",
        partners.RepaymentCreateView.as_view(),
        name="repayment_create",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/",
        reporting.ExpenseReportListView.as_view(),
        name="expense_report_list",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/nuova/",
        reporting.ExpenseReportCreateView.as_view(),
        name="expense_report_create",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/<int:number>/",
        reporting.ExpenseReportDetailView.as_view(),
        name="expense_report_detail",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/<int:number>/istruttoria/avvia/",
        reporting.ReviewStartView.as_view(),
        name="expense_review_start",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/<int:number>/istruttoria/",
        reporting.ReviewView.as_view(),
        name="expense_review",
    ),
    path(
        P + "partenariati/<int:partnership>/rendicontazioni/<int:number>/giustificativi/<int:receipt>/",
        reporting.ReceiptDownloadView.as_view(),
        name="receipt_download",
    ),
]
