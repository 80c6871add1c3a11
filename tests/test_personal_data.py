"""Personal data stays out of caches, URLs and logs, and pages run under a Content-Security-Policy."""

import logging
from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from config.logging import REDACTED, RedactTaxCodes
from governance import services
from tests.worlds import World

TAX_CODE = "YPSDAA80A41H501V"


def with_tax_code(world: World) -> None:
    services.person_update(actor=None, person=world.person_y, tax_code=TAX_CODE)


def api_client(world: World) -> Client:
    token, _created = Token.objects.get_or_create(user=world.udp)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_pages_and_api_answers_showing_a_tax_code_are_not_stored(world: World) -> None:
    with_tax_code(world)
    page = world.client_for("udp").get(world.person_y.get_absolute_url())
    assert TAX_CODE in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    answer = api_client(world).get(f"/api/v1/persons/{world.person_y.pk}/")
    assert TAX_CODE in answer.content.decode() and "no-store" in answer["Cache-Control"]


def test_the_page_searches_a_tax_code_without_putting_it_in_the_url(world: World) -> None:
    with_tax_code(world)
    client = world.client_for("udp")
    url = reverse("governance:person_list")
    page = client.get(url)
    assert 'method="post"' in page.content.decode()
    found = client.post(url, {"q": TAX_CODE.lower()})
    assert found.status_code == 200 and [p.pk for p in found.context["object_list"]] == [world.person_y.pk]
    assert "no-store" in found["Cache-Control"]
    # A name goes to the address, where it can be bookmarked and paged.
    by_name = client.post(url, {"q": "Ypsilonni"})
    assert by_name.status_code == 302 and by_name["Location"] == f"{url}?q=Ypsilonni"
    # A codice fiscale typed into the address is not searched: the page says where to type it.
    typed = client.get(url, {"q": TAX_CODE}, follow=True)
    assert typed.redirect_chain == [(url, 302)]
    assert "scrivilo nella casella di ricerca" in typed.content.decode()


def test_the_api_searches_a_tax_code_in_the_body_only(world: World) -> None:
    with_tax_code(world)
    client = api_client(world)
    refused = client.get("/api/v1/persons/", {"search": TAX_CODE})
    assert refused.status_code == 400
    assert refused.json()["errors"]["search"][0]["code"] == "tax_code_in_url"
    found = client.post("/api/v1/persons/search/", {"tax_code": TAX_CODE}, content_type="application/json")
    assert found.status_code == 200 and [row["id"] for row in found.json()] == [world.person_y.pk]
    assert client.get("/api/v1/persons/", {"search": "Ypsil"}).json()["count"] == 1
    # Another organization's user finds nobody it may not see.
    token, _created = Token.objects.get_or_create(user=world.other)
    other = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert (
        other.post("/api/v1/persons/search/", {"tax_code": TAX_CODE}, content_type="application/json").json()
        == []
    )


def test_no_tax_code_reaches_a_log_line_whoever_writes_it() -> None:
    record = logging.LogRecord(
        "pyhanko.sign.validation.generic_cms",
        logging.WARNING,
        __file__,
        1,
        "Failed to build path for Serial Number: %s, Common Name: %s",
        (f"TINIT-{TAX_CODE}", "Ada Ypsilonni"),
        None,
    )
    assert RedactTaxCodes().filter(record)
    assert (
        record.getMessage()
        == f"Failed to build path for Serial Number: TINIT-{REDACTED}, Common Name: Ada Ypsilonni"
    )
    try:
        raise ValueError(f"certificate of {TAX_CODE.lower()} untrusted")
    except ValueError:
        import sys

        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    RedactTaxCodes().filter(failing)
    assert TAX_CODE.lower() not in (failing.exc_text or "") and REDACTED in (failing.exc_text or "")
    # The handlers the project configures carry the filter.
    assert any(
        isinstance(f, RedactTaxCodes) for handler in logging.getLogger().handlers for f in handler.filters
    )


def test_pages_run_under_a_policy_without_inline_scripts(world: World, settings: Any) -> None:
    page = Client().get(reverse("login"))
    policy = page["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in policy
