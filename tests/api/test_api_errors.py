"""Every API error, whatever raised it, comes in the API's structured format (never Django's HTML pages)."""

import json

from django.test import Client
from rest_framework.authtoken.models import Token

from tests.api.helpers import API, Registry


def token_client(registry: Registry) -> Client:
    token, _created = Token.objects.get_or_create(user=registry.udp)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def assert_structured(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.content[:300]  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("application/json")  # type: ignore[index]
    data = json.loads(response.content)  # type: ignore[attr-defined]
    assert set(data) == {"status", "code", "message", "errors"} and data["status"] == status
    assert data["code"] == code and data["message"]
    return data


def test_a_10_mb_json_body_gets_a_structured_413(registry: Registry) -> None:
    payload = json.dumps({"name": "x" * (10 * 1024 * 1024)})
    response = token_client(registry).patch(
        f"{API}/organizations/{registry.y.pk}/", payload, content_type="application/json"
    )
    data = assert_structured(response, 413, "request_too_large")
    assert "MB" in str(data["message"])
    registry.y.refresh_from_db()
    assert registry.y.name != "x"


def test_an_unknown_api_address_gets_a_structured_404(registry: Registry) -> None:
    assert_structured(token_client(registry).get(f"{API}/no-such-thing/"), 404, "not_found")


def test_malformed_json_gets_a_structured_400(registry: Registry) -> None:
    response = token_client(registry).patch(
        f"{API}/organizations/{registry.y.pk}/", "{not json", content_type="application/json"
    )
    assert_structured(response, 400, "parse_error")
