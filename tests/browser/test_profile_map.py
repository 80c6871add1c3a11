"""The profile's map in a browser, on the real offline data of Lombardy: the office opens it from the profile, every
comune is drawn and coloured by the index, the legend has its five classes, and clicking a comune opens its profile."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.helpers import DEMO_PASSWORD, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def population(registry: None) -> None:
    call_command("load_population", stdout=io.StringIO())


def test_the_map_colours_the_comuni_and_opens_one(page: Page, population: Any) -> None:
    login(page, "udp.seregno", DEMO_PASSWORD)
    page.goto("/profilo/")
    follow(page.get_by_role("link", name="Mappa"))
    expect(page.locator("#profile-map")).to_have_attribute("data-drawn", "1503", timeout=15_000)
    # Every comune of the seed provinces has a colour from the scale; the legend shows the five classes.
    expect(page.locator("#map-legend .map-legend-item")).to_have_count(5)
    coloured = page.evaluate(
        """() => [...document.querySelectorAll("#profile-map path.leaflet-interactive")]
              .filter((path) => path.getAttribute("fill") !== "#cccccc").length"""
    )
    assert coloured > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # Seregno on the map: a click on it opens its profile.
    row = page.locator('#map-values tbody tr[data-istat="108039"]')
    assert (row.locator("th").text_content() or "").strip() == "Seregno"
    assert page.locator("path.comune-108039").get_attribute("fill") != "#cccccc"
    with page.expect_navigation():
        page.locator("path.comune-108039").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seregno")
    # Its pyramid and its residents over the loaded years are drawn from the tables beside them.
    for table in ("pyramid", "trend"):
        drawn = f"() => window.Chart.getChart(document.querySelector('canvas[data-chart-table={table}]')) !== undefined"
        assert page.evaluate(drawn), table


def test_the_map_colours_the_comuni_by_sub_ambito_with_both_outlines(page: Page, population: Any) -> None:
    login(page, "udp.cremasco", DEMO_PASSWORD)
    page.goto("/profilo/mappa/")
    page.get_by_label("Oppure per appartenenza").select_option("sub_ambito")
    follow(page.get_by_role("button", name="Mostra"))
    expect(page.locator("#profile-map")).to_have_attribute("data-drawn", "1503", timeout=15_000)
    # The Cremasco's six sub-ambiti (seed 002, art. 12), each with its colour and its dashed outline.
    legend = page.locator("#map-legend .map-legend-item")
    expect(legend).to_have_count(6)
    expect(legend.first).to_have_text("Sub-ambito 1 – Pandino")
    ambiti, subambiti = (page.get_attribute("#profile-map", "data-outlines") or "").split(",")
    assert int(ambiti) >= 2 and subambiti == "6"
    crema, pandino = page.locator("path.comune-019035"), page.locator("path.comune-019067")
    assert crema.get_attribute("fill") not in (None, "#cccccc", pandino.get_attribute("fill"))
    # Seregno belongs to no sub-ambito: grey.
    assert page.locator("path.comune-108039").get_attribute("fill") == "#cccccc"
