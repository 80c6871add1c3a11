"""Routes of the assemblies API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from assemblies.api import views

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")
router.register("votes", views.VoteViewSet, basename="vote")
router.register("deliberations", views.DeliberationViewSet, basename="deliberation")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
