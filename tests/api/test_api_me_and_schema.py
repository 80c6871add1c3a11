"""me/, the token endpoint, the OpenAPI schema and the Swagger page."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance import services
from tests.api.helpers import API, ApiFor, Registry, assert_error, assert_unauthenticated, body


def test_me_lists_the_role_assignments(registry: Registry, api: ApiFor) -> None:
    data = body(api("owner").get(f"{API}/me/"))
    assert data["username"] == "owner"
    assert data["roles"] == [
        {
            "organization": {"id": registry.y.pk, "name": "Ypsilon"},
            "role": "operatore_comunale",
            "role_label": "Operatore comunale",
        }
    ]
    assert body(api("udp").get(f"{API}/me/"))["roles"][0]["role"] == "ufficio_di_piano"


def test_me_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(f"{API}/me/"))


def test_me_is_read_only(api: ApiFor) -> None:
    assert_error(api("owner").post(f"{API}/me/", {}, format="json"), 405)


def test_a_wrong_token_is_401(registry: Registry) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(client.get(f"{API}/organizations/"), 401, "authentication_failed")


def test_token_endpoint_returns_the_users_token(registry: Registry) -> None:
    services.user_create(actor=None, username="mario", password="una-password-lunga-42")
    response = APIClient().post(
        reverse("api:api-token"), {"username": "mario", "password": "una-password-lunga-42"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert body(response)["token"] == Token.objects.get(user__username="mario").key


def test_named_routes_live_in_the_api_namespace() -> None:
    assert reverse("api:organization-list") == f"{API}/organizations/"
    assert reverse("api:ambito-membership-end", args=[7]) == f"{API}/ambito-memberships/7/end/"
    assert reverse("api:subambito-detail", args=[3]) == f"{API}/subambiti/3/"
    assert reverse("api:me") == f"{API}/me/"


def test_openapi_schema_answers_an_authenticated_user(api: ApiFor) -> None:
    response = api("owner").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    for path in (
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/ambiti/{id}/",
        "/api/v1/ambito-memberships/{id}/end/",
        "/api/v1/persons/{id}/",
        "/api/v1/mandates/",
        "/api/v1/organs/{id}/",
        "/api/v1/seats/{id}/",
        "/api/v1/population-figures/",
        "/api/v1/subambiti/{id}/",
        "/api/v1/subambito-memberships/{id}/end/",
        "/api/v1/me/",
    ):
        assert path in paths, path
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert not methods & {"put", "delete"}
    assert "Error" in schema["components"]["schemas"]


def test_swagger_page_renders(registry: Registry) -> None:
    client = APIClient()
    client.force_login(registry.owner)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Its start-up script is a file of its own (the Content-Security-Policy allows no inline script).
    assert '<script src="/api/docs/?script="></script>' in html
    assert "/api/schema/" in client.get("/api/docs/?script=").content.decode()
