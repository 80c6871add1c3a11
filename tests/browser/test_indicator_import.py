"""The Ufficio di Piano's own indicator, in a browser: the Cremasco's office defines a count of people assisted,
loads a CSV that has a bad line (told which, nothing saved), then the corrected file, and reads its values with the
small counts hidden."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.helpers import DEMO_PASSWORD, follow, login, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def population(registry: None) -> None:
    call_command("load_population", stdout=io.StringIO())


def test_the_office_defines_its_indicator_and_loads_it(page: Page, population: Any) -> None:
    login(page, "udp.cremasco", DEMO_PASSWORD)
    page.goto("/profilo/")
    follow(page.get_by_role("link", name="Indicatori", exact=True))
    follow(page.get_by_role("link", name="Nuovo indicatore"))
    page.get_by_label("Nome").fill("Utenti del servizio di assistenza domiciliare")
    page.get_by_label("Codice").fill("utenti_sad")
    page.get_by_label("Unità di misura").fill("persone")
    page.get_by_label("Fonte").fill("ASST Crema, rendicontazione 2023")
    page.get_by_label("Licenza").fill("uso interno")
    # Bootstrap Italia draws the box over its label: a user clicks the label.
    page.locator("label[for=id_people_assisted]").click()
    expect(page.get_by_label("Conta persone assistite")).to_be_checked()
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importa i valori")

    # Made-up counts for three comuni of the ambito (Crema, Soncino, Pandino); the second line has a typo.
    page.get_by_label("File CSV").set_input_files(
        {
            "name": "sad.csv",
            "mimeType": "text/csv",
            "buffer": b"codice_istat;anno;valore\n019035;2023;41\n019097;2023;l2\n",
        }
    )
    submit(page)
    expect(page.locator("#form-errors")).to_contain_text("riga 3")
    page.get_by_label("File CSV").set_input_files(
        {"name": "sad.csv", "mimeType": "text/csv",
         "buffer": b"codice_istat;anno;valore\n019035;2023;41\n019097;2023;12\n019067;2023;2\n"}
    )  # fmt: skip
    submit(page)
    expect(page.locator(".alert-success")).to_contain_text("Importati 3 valori per 2023.")
    table = page.locator("table").first
    expect(table).to_contain_text("Crema")
    pandino = page.get_by_role("row").filter(has_text="Pandino")
    expect(pandino).to_contain_text("<3")
    expect(page.get_by_role("row").filter(has_text="Soncino")).to_contain_text("12")
