"""Routes of the assemblies API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from assemblies.api import minutes, views

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")
router.register("votes", views.VoteViewSet, basename="vote")
router.register("deliberations", views.DeliberationViewSet, basename="deliberation")
router.register("minutes", minutes.MinutesViewSet, basename="minutes")
router.register("public-acts", minutes.PublicActViewSet, basename="public-act")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path("compliance/ambiti/<int:pk>/", minutes.AmbitoBoardView.as_view(), name="compliance-ambito"),
    path("compliance/organs/<int:pk>/", minutes.OrganBoardView.as_view(), name="compliance-organ"),
]
