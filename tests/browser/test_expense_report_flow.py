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
from tests.browser.co_design_steps import pay, reduce_workshop_and_approve, start_review, submit_report
from tests.browser.helpers import browser_context, follow, login, phone_options, submit, violations
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
    submit_report(page, partnership, receipt, "3/2026")
    expect(page.locator("main")).to_contain_text("fattura-marzo.pdf")
    expect(page.locator("main")).to_contain_text("10.200,50")
    assert violations(page) == []
    report = ExpenseReport.objects.get(debit_note_number="3/2026")
    assert report.receipts.get().original_name == "fattura-marzo.pdf"

    # The Ufficio di Piano reviews it: a reduction needs its reason, and a payment a DURC valid on its date.
    with browser_context(browser, live_server) as office_context:
        office = office_context.new_page()
        login(office, world.udp.username, PASSWORD)
        start_review(office, report)
        follow(office.get_by_role("link", name="Istruttoria", exact=True))
        office.get_by_label("Voce 2 (Laboratorio di marzo): riconosciuto (EUR)").fill("0,00")
        submit(office)
        expect(office.locator(".form-errors-summary")).to_contain_text("motivo della riduzione")
        report.refresh_from_db()
        assert report.status == ExpenseStatus.UNDER_REVIEW
        reduce_workshop_and_approve(office, report)
        expect(office.locator("main")).to_contain_text("Laboratorio non svolto")
        pay(office, report, durc_valid_until="2026-05-24")
        expect(office.locator(".form-errors-summary")).to_contain_text("non è valido alla data del pagamento")
        pay(office, report, durc_valid_until="2026-07-01")
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
