from django.urls import path

from territory import compare_views, indicator_views, istat_views, views

app_name = "territory"

urlpatterns = [
    path("profilo/", views.ProfileView.as_view(), name="profile"),
    path("profilo/confronto/", compare_views.CompareView.as_view(), name="compare"),
    path("profilo/mappa/", views.MapView.as_view(), name="map"),
    path("profilo/confini/<str:region>.json", views.BoundariesView.as_view(), name="boundaries"),
    path("profilo/dati-istat/", istat_views.IstatDataView.as_view(), name="istat_data"),
    path(
        "profilo/dati-istat/popolazione/",
        istat_views.PopulationImportView.as_view(),
        name="population_import",
    ),
    path(
        "profilo/dati-istat/popolazione/<int:pk>/",
        istat_views.PopulationUploadView.as_view(),
        name="population_upload",
    ),
    path("profilo/dati-istat/variazioni/", istat_views.ChangesImportView.as_view(), name="changes_import"),
    path("profilo/indicatori/", indicator_views.MeasureListView.as_view(), name="measures"),
    path("profilo/indicatori/nuovo/", indicator_views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("profilo/rapporti/nuovo/", indicator_views.RatioCreateView.as_view(), name="ratio_create"),
    path("profilo/compositi/nuovo/", indicator_views.CompositeCreateView.as_view(), name="composite_create"),
    path(
        "profilo/indicatori/<int:pk>/importa/",
        indicator_views.IndicatorImportView.as_view(),
        name="indicator_import",
    ),
    path(
        "profilo/indicatori/<int:pk>/modifica/",
        indicator_views.IndicatorEditView.as_view(),
        name="indicator_edit",
    ),
    path(
        "profilo/<str:kind>/<int:pk>/elimina/",
        indicator_views.MeasureDeleteView.as_view(),
        name="measure_delete",
    ),
    path("profilo/<str:kind>/<int:pk>/valori/", indicator_views.MeasureView.as_view(), name="measure"),
    path("profilo/<str:level>/<int:pk>/", views.AreaView.as_view(), name="area"),
]
