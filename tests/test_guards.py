"""Guards over the whole project: no pending migrations; every named page renders with exactly one <h1>, no
inline script (the Content-Security-Policy forbids them) and no-store caching."""

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.helpers import ADMINISTRATOR_PAGES, named_urls, page_kwargs
from tests.worlds import World


def test_no_pending_migrations(db: Any) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_named_url_renders_with_one_h1(world: World) -> None:
    kwargs = page_kwargs(world)
    missing = named_urls() - kwargs.keys()
    assert not missing, f"add these URLs to the page tests: {sorted(missing)}"
    client = world.client_for("udp")
    administrator = Client()
    administrator.force_login(get_user_model().objects.create_superuser(username="guardia", password="x"))
    for name, arguments in kwargs.items():
        response = (administrator if name in ADMINISTRATOR_PAGES else client).get(
            reverse(name, kwargs=arguments)
        )
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
