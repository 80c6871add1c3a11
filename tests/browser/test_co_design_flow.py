"""A co-design call through the pages: the Ufficio di Piano sets the criteria and publishes the call (the programmes
are fixed); the ETS applies from its phone; the office opens the evaluation, admits the application, enters the
commission's scores, chooses the partner and drafts its convention from the template, which then lives among the
agreements to be approved and signed."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from agreements.models import AgreementKind
from coprogettazione.loaders import load_partnership_template
from coprogettazione.models import Application, Partnership, ProcedureStatus
from governance.models import Role
from tests.browser.helpers import browser_context, login, phone_options, violations
from tests.coprogettazione.helpers import build_co_design
from tests.worlds import PASSWORD, World, make_user

pytestmark = [pytest.mark.browser]


@pytest.fixture
def built(committed_world: World) -> Any:
    load_partnership_template()
    return build_co_design(committed_world)


def test_from_the_call_to_the_partners_convention(
    page: Page, browser: Browser, live_server: Any, committed_world: World, built: Any
) -> None:
    world = committed_world
    procedure = built.comune
    ets_user = make_user("ets.alfa", world.ets, Role.ETS)
    login(page, world.udp.username, PASSWORD)
    page.goto(procedure.get_absolute_url())
    for name, points in (("Qualità del progetto", "60"), ("Radicamento territoriale", "40")):
        page.get_by_role("link", name="Nuovo criterio").click()
        page.get_by_label("Criterio").fill(name)
        page.get_by_label("Punteggio massimo").fill(points)
        page.get_by_role("button", name="Salva").click()
    page.get_by_role("link", name="Avviso pubblicato: candidature aperte").click()
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("Avviso pubblicato: candidature aperte")
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.CALL_OPEN and procedure.extension_cap > 0

    # The ETS applies from its phone.
    with browser_context(browser, live_server, **phone_options(360, 740)) as phone_context:
        phone = phone_context.new_page()
        login(phone, ets_user.username, PASSWORD)
        phone.goto(procedure.get_absolute_url())
        phone.get_by_role("link", name="Presenta una candidatura").click()
        phone.get_by_label("Programma").select_option(label=str(built.programme))
        phone.get_by_label("Proposta progettuale").fill("Rete dei servizi 0-6 con le famiglie del quartiere.")
        phone.get_by_role("button", name="Salva").click()
        expect(phone.locator("h1")).to_contain_text("Cooperativa Alfa")
        expect(phone.locator("main")).to_contain_text("Presentata")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert violations(phone) == []
    application = Application.objects.get(lead=world.ets)

    # The office evaluates and chooses.
    page.goto(procedure.get_absolute_url())
    page.get_by_role("link", name="Valutazione delle candidature").click()
    page.get_by_role("button", name="Salva").click()
    page.goto(application.get_absolute_url())
    page.get_by_role("link", name="Ammetti").click()
    page.get_by_role("button", name="Salva").click()
    page.get_by_role("link", name="Punteggi").click()
    page.get_by_label(re.compile("Qualità del progetto")).fill("52")
    page.get_by_label(re.compile("Radicamento territoriale")).fill("45")
    page.get_by_role("button", name="Salva").click()
    # 45 is above the criterion's maximum: refused next to its field, nothing saved.
    expect(page.locator(".form-errors-summary")).to_contain_text("Da 0 a 40,00 punti")
    page.get_by_label(re.compile("Radicamento territoriale")).fill("38")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("tfoot")).to_contain_text("90")
    page.get_by_role("link", name="Scegli come partner").click()
    page.get_by_label("Contributo comunale per il periodo (EUR)").fill("300000,00")
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2028-12-31")
    page.get_by_label("Quota forfettaria per spese gestionali (%)").fill("7")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("Convenzione in negoziazione")
    expect(page.locator("main")).to_contain_text("30.000,00")  # the co-financing the partner owes: 10%
    page.get_by_role("link", name="Predisponi la convenzione").click()
    page.get_by_role("button", name="Salva").click()
    partnership = Partnership.objects.get(application=application)
    assert partnership.agreement is not None
    assert partnership.agreement.kind == AgreementKind.CONVENZIONE_COPROGETTAZIONE
    page.get_by_role("link", name=partnership.agreement.title).click()
    expect(page.locator("main")).to_contain_text("300.000,00 EUR")
    assert violations(page) == []
