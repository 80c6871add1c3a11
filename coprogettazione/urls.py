from django.urls import path

from coprogettazione import views

app_name = "coprogettazione"

P = "co-progettazione/<int:pk>/"
urlpatterns = [
    path("co-progettazione/", views.ProcedureListView.as_view(), name="procedure_list"),
    path("co-progettazione/nuova/", views.ProcedureCreateView.as_view(), name="procedure_create"),
    path(P, views.ProcedureDetailView.as_view(), name="procedure_detail"),
    path(P + "modifica/", views.ProcedureUpdateView.as_view(), name="procedure_update"),
    path(P + "stato/<str:to>/", views.ProcedureTransitionView.as_view(), name="procedure_transition"),
    path(P + "tappe/nuova/", views.StepCreateView.as_view(), name="step_create"),
    path(P + "tappe/<int:step>/modifica/", views.StepUpdateView.as_view(), name="step_update"),
    path(P + "tappe/<int:step>/elimina/", views.StepRemoveView.as_view(), name="step_remove"),
    path(P + "programmi/nuovo/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path(P + "programmi/<int:programme>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(
        P + "programmi/<int:programme>/modifica/",
        views.ProgrammeUpdateView.as_view(),
        name="programme_update",
    ),
    path(
        P + "programmi/<int:programme>/elimina/", views.ProgrammeRemoveView.as_view(), name="programme_remove"
    ),
    path(P + "programmi/<int:programme>/quote/nuova/", views.FundingAddView.as_view(), name="funding_add"),
    path(
        P + "programmi/<int:programme>/quote/<int:funding>/elimina/",
        views.FundingRemoveView.as_view(),
        name="funding_remove",
    ),
]
