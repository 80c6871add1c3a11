"""Routes of the co-design API (mounted under /api/v1/ by config.api_urls, namespace "api")."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from coprogettazione.api import views

router = SimpleRouter()
router.register("procedures", views.ProcedureViewSet, basename="procedure")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("expense-reports", views.ExpenseReportViewSet, basename="expense-report")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
