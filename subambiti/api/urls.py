"""Routes of the sub-ambiti API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from subambiti.api import views

router = SimpleRouter()
router.register("subambiti", views.SubAmbitoViewSet, basename="subambito")
router.register("subambito-memberships", views.SubAmbitoMembershipViewSet, basename="subambito-membership")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
