from django.urls import path

from territory.api import views

urlpatterns = [
    path("territory/areas/", views.AreaListView.as_view(), name="territory-areas"),
    path("territory/areas/<str:level>/<int:pk>/", views.AreaDetailView.as_view(), name="territory-area"),
    path("territory/indices/", views.IndexListView.as_view(), name="territory-indices"),
]
