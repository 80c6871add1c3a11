"""REST API v1 (mounted at /api/v1/ by config.urls): the token endpoint and the routers of every app.

Every route is named in the "api" namespace: reverse("api:organization-list"), reverse("api:me"),
reverse("api:api-token").
"""

from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.lockout import lockout_response
from core.api.serializers import ErrorSerializer

app_name = "api"


@extend_schema_view(
    post=extend_schema(
        tags=["auth"],
        summary="Ottieni il token di un utente (username e password)",
        responses={200: AuthTokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        description="Dopo troppi tentativi falliti per lo stesso utente o dallo stesso indirizzo risponde 429 "
        "con Retry-After (secondi) finché il blocco dura.",
    )
)
class TokenView(ObtainAuthToken):
    """DRF's token endpoint, tagged for the schema: POST username and password, get {"token": "..."}."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes flags the DRF request, which its middleware does not see: answer the lockout here.
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request._request)  # type: ignore[return-value]  # a plain response
            raise


urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("governance.api.urls")),
    path("", include("subambiti.api.urls")),
    path("", include("territory.api.urls")),
    path("", include("agreements.api.urls")),
    path("", include("budgets.api.urls")),
    path("", include("coprogettazione.api.urls")),
    path("", include("assemblies.api.urls")),
]
