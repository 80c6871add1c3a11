from django.urls import path

from territory.api import measure_views, views

urlpatterns = [
    path("territory/areas/", views.AreaListView.as_view(), name="territory-areas"),
    path("territory/areas/<str:level>/<int:pk>/", views.AreaDetailView.as_view(), name="territory-area"),
    path("territory/indices/", views.IndexListView.as_view(), name="territory-indices"),
    path("territory/measures/", measure_views.MeasureListView.as_view(), name="territory-measures"),
    path(
        "territory/measures/<str:kind>/<int:pk>/values/",
        measure_views.MeasureValuesView.as_view(),
        name="territory-measure-values",
    ),
    path(
        "territory/indicators/<int:pk>/imports/",
        measure_views.IndicatorImportsView.as_view(),
        name="territory-indicator-imports",
    ),
]
