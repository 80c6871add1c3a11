"""Routes of the budgets API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from budgets.api import views

router = SimpleRouter()
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("subambito-quotas", views.QuotaViewSet, basename="subambito-quota")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
