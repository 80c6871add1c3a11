"""REST API v1 (mounted at /api/v1/ by config.urls): the token endpoint and the routers of every app.

Every route is named in the "api" namespace: reverse("api:organization-list"), reverse("api:me"),
reverse("api:api-token").
"""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from governance.api.serializers import ErrorSerializer

app_name = "api"


@extend_schema_view(
    post=extend_schema(
        tags=["auth"],
        summary="Ottieni il token di un utente (username e password)",
        responses={200: AuthTokenSerializer, 400: ErrorSerializer},
    )
)
class TokenView(ObtainAuthToken):
    """DRF's token endpoint, tagged for the schema: POST username and password, get {"token": "..."}."""


urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("governance.api.urls")),
    path("", include("subambiti.api.urls")),
    path("", include("agreements.api.urls")),
]
