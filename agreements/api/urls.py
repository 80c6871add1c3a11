"""Routes of the agreements API (mounted under /api/v1/ by config.api_urls, namespace "api").

The parts of one agreement are nested under it: reverse("api:agreement-party-list", args=[agreement_pk]),
reverse("api:agreement-article-detail", args=[agreement_pk, number]).
"""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from agreements.api import parts, views

# Ids are checked by the views (a malformed one is the structured 404, not the HTML page of an unknown URL).
ONE = r"agreements/(?P<agreement_pk>[^/.]+)"

router = SimpleRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register(f"{ONE}/parties", parts.PartyViewSet, basename="agreement-party")
router.register(f"{ONE}/versions", parts.VersionViewSet, basename="agreement-version")
router.register(f"{ONE}/articles", parts.ArticleViewSet, basename="agreement-article")
router.register(f"{ONE}/premises", parts.PremiseViewSet, basename="agreement-premise")
router.register(f"{ONE}/money-clauses", parts.MoneyClauseViewSet, basename="agreement-money-clause")
router.register(f"{ONE}/signatures", parts.SignatureViewSet, basename="agreement-signature")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "organizations/<str:id>/agreements/",
        views.OrganizationAgreementsView.as_view(),
        name="organization-agreements",
    ),
    *router.urls,
]
