"""Guards over the whole project: no pending migrations; every named page renders with exactly one <h1>, no
inline script (the Content-Security-Policy forbids them) and no-store caching."""

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.agreements.test_editing_views import editing_page_kwargs
from tests.agreements.test_services import draft
from tests.conftest import World
from tests.governance.test_views import PAGES

# Named URLs that are not HTML pages of ours (API, admin, auth actions, language switch).
NOT_PAGES = {
    "logout",
    "set_language",
    "api-token",
    "api-schema",
    "api-docs",
    "api-redoc",
    # An action (POST), a JSON state and a file download: tested in tests/agreements/test_documents.py.
    "agreements:document_request",
    "agreements:document_status",
    "agreements:document_download",
    # Signed-file downloads and the signatory-only test signer: tested in tests/agreements/test_signing_views.py.
    "agreements:signing_state_download",
    "agreements:signed_file_download",
    "agreements:signature_test_sign",
    # A registered act's signed file: tested in tests/agreements/test_registration.py.
    "agreements:signed_copy_download",
}


def named_urls() -> set[str]:
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name in {"admin"} or str(pattern.pattern).startswith("api/"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return found - NOT_PAGES


def test_no_pending_migrations(db: Any) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    """The arguments of every named page, on the test world (a missing one fails the guard below)."""
    membership = world.ambito_a.memberships.get(organization=world.z)
    sub_membership = world.subambito.memberships.get(organization=world.z)
    kwargs = {name: make(world) for name, make, _expected in PAGES}
    kwargs["login"] = {}
    kwargs["governance:ambito_member_end"] = {"pk": world.ambito_a.pk, "membership_pk": membership.pk}
    kwargs["subambiti:member_end"] = {"pk": world.subambito.pk, "membership_pk": sub_membership.pk}
    agreement = draft(world)
    kwargs["agreements:agreement_list"] = {}
    kwargs["agreements:agreement_detail"] = {"pk": agreement.pk}
    kwargs["agreements:agreement_compare"] = {"pk": agreement.pk}
    kwargs.update(editing_page_kwargs(world))
    kwargs["agreements:to_sign"] = {}
    kwargs["agreements:signature_report"] = {"pk": agreement.pk}
    kwargs["agreements:signature_upload"] = {"pk": agreement.pk, "party_pk": agreement.parties.all()[0].pk}
    return kwargs


def test_every_named_url_renders_with_one_h1(world: World) -> None:
    kwargs = page_kwargs(world)
    missing = named_urls() - kwargs.keys()
    assert not missing, f"add these URLs to the page tests: {sorted(missing)}"
    client = world.client_for("udp")
    for name, arguments in kwargs.items():
        response = client.get(reverse(name, kwargs=arguments))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", body)) == 1, name
        assert '<main id="main-content"' in body and "<html lang=" in body, name
        # The Content-Security-Policy allows no inline script, so none may be written; nothing is cached.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), f"{name}: inline <script>"
        assert not re.search(r"<[^>]+\son[a-z]+=", body), f"{name}: inline event handler"
        assert "script-src 'self'" in response["Content-Security-Policy"], name
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize("language", ["it", "en"])
def test_pages_render_in_both_languages(world: World, language: str) -> None:
    client = world.client_for("owner")
    client.cookies["django_language"] = language
    body = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in body
