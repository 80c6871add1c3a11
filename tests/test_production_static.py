"""Pages render with production's static files storage (hashed names from a manifest, as collectstatic writes
it): a `{% static %}` of anything that is not a collected file would be a server error on every page there."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.worlds import World

# Production's storage without the compression (config/settings/production.py): the same manifest lookups,
# in a fraction of the time.
MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def test_pages_render_with_the_manifest_storage(world: World, settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = MANIFEST
    call_command("collectstatic", interactive=False, verbosity=0)
    assert Client().get(reverse("login")).status_code == 200
    page = world.client_for("udp").get(reverse("home"))
    assert page.status_code == 200 and 'data-fonts="/static/fonts"' in page.content.decode()
