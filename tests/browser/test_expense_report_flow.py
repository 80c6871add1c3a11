"""A partner's expense report through the pages: the ETS logs in, submits a debit note with two lines, its
co-financing and a receipt; the Ufficio di Piano starts the review, reduces one line for an activity not carried out
with its reason and approves the other, then pays the report with its liquidation act and a DURC valid on the
payment date. The partner reads the outcome on a phone, and the partnership's chart shows the figures of its table.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from coprogettazione.models import ExpenseReport, ExpenseStatus
from tests.browser.helpers import browser_context, login, phone_options, violations
from tests.coprogettazione.helpers import PDF, active_partnership
from tests.worlds import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def partnership(committed_world: World) -> Any:
    return active_partnership(committed_world)


def test_the_partner_reports_and_the_office_reduces_one_line_and_approves_the_rest(
    page: Page, browser: Browser, live_server: Any, committed_world: World, partnership: Any, tmp_path: Path
) -> None:
    world = committed_world
    receipt = tmp_path / "fattura-marzo.pdf"
    receipt.write_bytes(PDF)
    # The partner: from its home page to its partnership, then the new report.
    login(page, partnership.ets_user.username, PASSWORD)
    page.goto(partnership.get_absolute_url())
    page.get_by_role("link", name="Nuova rendicontazione").click()
    page.get_by_label("Nota di debito n.").fill("3/2026")
    page.get_by_label("Nota di debito del").fill("2026-04-10")
    page.get_by_label("Spese dal").fill("2026-01-01")
    page.get_by_label("Spese al").fill("2026-03-31")
    page.get_by_label("Voce 1: categoria").select_option("personale")
    page.get_by_label("Voce 1: descrizione").fill("Educatrici, primo trimestre")
    page.get_by_label("Voce 1: importo (EUR)").fill("9000,00")
    page.get_by_label("Voce 2: categoria").select_option("beni")
    page.get_by_label("Voce 2: descrizione").fill("Laboratorio di marzo")
    page.get_by_label("Voce 2: importo (EUR)").fill("1200,50")
    page.get_by_label("Co-finanziamento 1: tipo").select_option("non_monetario")
    page.get_by_label("Co-finanziamento 1: descrizione").fill("Volontari: 60 ore")
    page.get_by_label("Co-finanziamento 1: valore (EUR)").fill("900,00")
    page.get_by_label("Giustificativi di spesa").set_input_files(str(receipt))
    page.get_by_role("button", name="Presenta la rendicontazione").click()
    expect(page.locator("h1")).to_contain_text("Nota di debito 3/2026")
    expect(page.locator("main")).to_contain_text("fattura-marzo.pdf")
    expect(page.locator("main")).to_contain_text("10.200,50")
    assert violations(page) == []
    report = ExpenseReport.objects.get(debit_note_number="3/2026")
    assert report.receipts.get().original_name == "fattura-marzo.pdf"

    # The Ufficio di Piano reviews it.
    with browser_context(browser, live_server) as office_context:
        office = office_context.new_page()
        login(office, world.udp.username, PASSWORD)
        office.goto(report.get_absolute_url())
        office.get_by_role("link", name="Avvia l'istruttoria").click()
        office.get_by_role("button", name="Salva").click()
        office.get_by_role("link", name="Istruttoria", exact=True).click()
        office.get_by_label("Voce 2 (Laboratorio di marzo): riconosciuto (EUR)").fill("0,00")
        office.get_by_role("button", name="Salva").click()
        expect(office.locator(".form-errors-summary")).to_contain_text("motivo della riduzione")
        office.get_by_label("Voce 2: motivo della riduzione").fill("Laboratorio non svolto")
        # Bootstrap Italia draws the checkbox on its label: the label is what a user clicks.
        office.locator("label", has_text="Voce 2: attività non realizzata").click()
        expect(office.get_by_label("Voce 2: attività non realizzata")).to_be_checked()
        office.get_by_role("button", name="Salva").click()
        expect(office.locator("main")).to_contain_text("Approvata con riduzioni")
        expect(office.locator("main")).to_contain_text("Laboratorio non svolto")
        office.get_by_role("link", name="Liquida").click()
        expect(office.get_by_label("Importo (EUR)")).to_have_value("9000,00")
        office.get_by_label("Atto di liquidazione n.").fill("Determinazione 512")
        office.get_by_label("Atto di liquidazione del").fill("2026-05-20")
        office.get_by_label("Pagato il").fill("2026-05-25")
        office.get_by_label("DURC valido fino al").fill("2026-05-24")
        office.get_by_label("DURC (protocollo)").fill("INAIL_41234567")
        office.get_by_role("button", name="Salva").click()
        expect(office.locator(".form-errors-summary")).to_contain_text("non è valido alla data del pagamento")
        office.get_by_label("DURC valido fino al").fill("2026-07-01")
        office.get_by_role("button", name="Salva").click()
        expect(office.locator("main")).to_contain_text("9.000,00")
        assert violations(office) == []
    report.refresh_from_db()
    assert report.status == ExpenseStatus.PAID

    # The partner reads the outcome on a phone; the chart is drawn from the table beside it.
    with browser_context(browser, live_server, **phone_options(360, 740)) as phone_context:
        phone = phone_context.new_page()
        login(phone, partnership.ets_user.username, PASSWORD)
        phone.goto(report.get_absolute_url())
        expect(phone.locator("main")).to_contain_text("Liquidata")
        expect(phone.locator("main")).to_contain_text("attività non realizzata")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.goto(partnership.get_absolute_url())
        expect(phone.locator("#partnership-years")).to_contain_text("9.000,00")
        drawn = phone.evaluate(
            "() => { const c = document.querySelector('canvas[data-chart-table]'); "
            "return !!(window.Chart && window.Chart.getChart(c)); }"
        )
        assert drawn
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
