"""Routes of the registry API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from governance.api import views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("ambiti", views.AmbitoViewSet, basename="ambito")
router.register("ambito-memberships", views.AmbitoMembershipViewSet, basename="ambito-membership")
router.register("persons", views.PersonViewSet, basename="person")
router.register("mandates", views.MandateViewSet, basename="mandate")
router.register("organs", views.OrganViewSet, basename="organ")
router.register("seats", views.SeatViewSet, basename="seat")
router.register("population-figures", views.PopulationFigureViewSet, basename="population-figure")

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
]
