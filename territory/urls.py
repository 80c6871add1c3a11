from django.urls import path

from territory import views

app_name = "territory"

urlpatterns = [
    path("profilo/", views.ProfileView.as_view(), name="profile"),
    path("profilo/mappa/", views.MapView.as_view(), name="map"),
    path("profilo/confini/<str:region>.json", views.BoundariesView.as_view(), name="boundaries"),
    path("profilo/<str:level>/<int:pk>/", views.AreaView.as_view(), name="area"),
]
