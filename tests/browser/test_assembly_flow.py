"""A session from the convocation to a numbered deliberation, through the pages, as the people who do it.

The Ufficio di Piano convenes the session and, as secretary, records who arrives; the president (the mayor of the
capofila) opens it and puts an item to the vote from the console; three mayors vote from phone-sized pages; the
console counts the ballots without being reloaded, and closes the vote: the outcome and the deliberation's number.
"""

from contextlib import ExitStack
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.assemblies.helpers import Assembly, build_assembly
from tests.browser.helpers import assert_touch_targets, browser_context, login, phone_options, violations
from tests.worlds import PASSWORD, World

pytestmark = pytest.mark.browser


@pytest.fixture
def assembly(committed_world: World) -> Assembly:
    return build_assembly(committed_world)


def test_a_session_from_convocation_to_deliberation(
    page: Page, browser: Browser, live_server: Any, assembly: Assembly
) -> None:
    world, session = assembly.world, assembly.session
    # The Ufficio di Piano convenes.
    login(page, world.udp.username, PASSWORD)
    page.goto(session.get_absolute_url())
    page.get_by_test_id("to-convocata").click()
    page.get_by_role("button", name="Conferma: «Convocata»").click()
    expect(page.locator("#session-status")).to_have_text("Convocata")
    # The secretary records the arrivals; the quorum box follows.
    page.get_by_role("link", name="Presenze e deleghe").click()
    for body in (world.x, world.y, world.z):
        page.get_by_label("Ente").select_option(value=str(body.pk))
        page.get_by_role("button", name="Registra l'arrivo").click()
        expect(page.locator(".alert-success")).to_contain_text("Arrivo registrato")
        expect(page.get_by_role("rowheader", name=str(body))).to_be_visible()
    expect(page.locator("#quorum-box")).to_contain_text("Il numero legale c'è")
    assert violations(page) == []
    # The president opens the sitting and the vote.
    with ExitStack() as stack:
        chair = stack.enter_context(
            browser_context(browser, live_server, viewport={"width": 1280, "height": 900})
        )
        console = chair.new_page()
        login(console, assembly.mayor_x.username, PASSWORD)
        console.goto(session.get_absolute_url())
        console.get_by_test_id("to-aperta").click()
        console.get_by_role("button", name="Conferma: «In corso»").click()
        expect(console.get_by_role("heading", name="Console del presidente")).to_be_visible()
        console.get_by_role("button", name="Apri voto palese — Approvazione del verbale").click()
        expect(console.get_by_test_id("ballots-cast")).to_have_text("Hanno votato 0 su 3")
        # Three mayors vote from their phones.
        for mayor, choice in (
            (assembly.mayor_x, "Favorevole"),
            (assembly.mayor_y, "Favorevole"),
            (assembly.mayor_z, "Contrario"),
        ):
            phone_context = stack.enter_context(
                browser_context(browser, live_server, **phone_options(360, 740))
            )
            phone = phone_context.new_page()
            login(phone, mayor.username, PASSWORD)
            phone.goto(f"/assemblee/sedute/{session.pk}/voto/")
            expect(phone.get_by_role("heading", name="Approvazione del verbale")).to_be_visible()
            assert_touch_targets(phone)
            phone.get_by_role("button", name=choice).click()
            expect(phone.get_by_test_id("ballot-recorded")).to_be_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        # The console counted them live, without a reload.
        expect(console.get_by_test_id("ballots-cast")).to_have_text("Hanno votato 3 su 3", timeout=10_000)
        console.get_by_role("button", name="Chiudi la votazione").click()
        expect(console.locator(".alert-success")).to_contain_text(
            "Votazione chiusa: Approvata. Deliberazione n. 1/"
        )
        expect(console.get_by_test_id("outcome")).to_have_text("Approvata")
        expect(console.locator("#board")).to_contain_text("Zeta: Contrario")
