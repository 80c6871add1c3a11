"""From the end of a session to its minutes approved and published, through the pages, with the real worker.

The Ufficio di Piano closes the session; the worker drafts the minutes; the office names the secretary, edits the
text (a revision with its change shown), makes it final; the worker prints the PDF/A; the president's and the
secretary's signatures are added with the test signer; the next session approves the minutes by a vote closed from
the president's console; the office publishes them with an assisted person's name blanked; anyone reads the copy on
the public notice board, on a phone, without logging in.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Browser, Page, expect

from assemblies.models import Minutes
from config.celery import app
from tests.assemblies.helpers import Assembly, build_assembly
from tests.assemblies.minutes_helpers import ASSISTED, ASSISTED_TAX_CODE, approval_vote, run_to_close
from tests.browser.helpers import browser_context, login, phone_options, violations
from tests.worlds import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]
WORKER_MS = 60_000  # the worker renders with WeasyPrint on a shared machine


@pytest.fixture
def assembly(committed_world: World, settings: Any) -> Assembly:
    settings.EMAIL_BACKEND = "core.mail.KeptEmailBackend"
    return build_assembly(committed_world)


@pytest.fixture
def worker(assembly: Assembly) -> Iterator[None]:
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def until_text(page: Page, selector: str, text: str) -> None:
    """The page polls the worker and reloads itself; wait for what it shows when done."""
    expect(page.locator(selector)).to_contain_text(text, timeout=WORKER_MS)


def test_from_the_close_to_the_minutes_published(
    page: Page, browser: Browser, live_server: Any, assembly: Assembly, worker: None
) -> None:
    world = assembly.world
    # The sitting happened (attendance, a proxy, an open and a secret vote, notes naming an assisted person);
    # the session is closed: here through services, up to the last step.
    session = run_to_close(assembly, actor=world.udp)
    login(page, world.udp.username, PASSWORD)
    page.goto(session.get_absolute_url())
    page.locator("#minutes-link").click()
    until_text(page, "#minutes-status", "Bozza")
    expect(page.locator("#id_text")).to_contain_text("favorevoli 2, contrari 1, astenuti 0")
    # Edit: a new revision, with its change shown in the history.
    text = page.locator("#id_text").input_value()
    page.locator("#id_text").fill(text + "\nLetto, confermato e sottoscritto.")
    page.get_by_label("Cosa hai cambiato").fill("Formula di chiusura")
    page.locator("#save-minutes").click()
    expect(page.locator(".alert-success")).to_contain_text("nuova revisione registrata")
    page.get_by_role("link", name="2", exact=True).click()
    expect(page.locator("#minutes-diff ins").last).to_have_text("Letto, confermato e sottoscritto.")
    page.get_by_role("link", name="Torna al verbale").click()
    # Final: the worker prints the PDF/A; the president, then the secretary, sign.
    page.locator("#finalize-minutes").click()
    page.locator("#submit-button").click()
    until_text(page, "#document-state", "Scarica il PDF/A")
    assert violations(page) == []
    page.locator("#minutes-test-sign").click()
    expect(page.locator(".alert-success")).to_contain_text("certificato di prova")
    expect(page.locator("#document-state")).to_contain_text("Presidente: firmato da Xenia Xanadi")
    page.locator("#minutes-test-sign").click()
    expect(page.locator("#minutes-status")).to_have_text("Firmato: da approvare")
    expect(page.locator("#document-state")).to_contain_text(
        "Segretario verbalizzante: firmato da Sara Segreti"
    )

    # The next session approves them: the president closes the vote from the console.
    vote = approval_vote(assembly, Minutes.objects.get(session=session))
    following = vote.item.session
    with browser_context(browser, live_server, viewport={"width": 1280, "height": 900}) as chair_context:
        console = chair_context.new_page()
        login(console, assembly.mayor_x.username, PASSWORD)
        console.goto(f"/assemblee/sedute/{following.pk}/console/")
        console.get_by_role("button", name="Chiudi la votazione").click()
        expect(console.locator(".alert-success")).to_contain_text("Votazione chiusa: Approvata")

    # Published with the assisted person blanked.
    page.goto(f"/assemblee/sedute/{session.pk}/verbale/")
    expect(page.locator("#minutes-status")).to_have_text("Approvato")
    page.locator("#publish-minutes").click()
    page.get_by_label("Nomi delle persone assistite da oscurare").fill(ASSISTED)
    page.locator("#preview-button").click()
    expect(page.locator("#publish-preview")).not_to_contain_text(ASSISTED)
    expect(page.locator("#publish-preview")).not_to_contain_text(ASSISTED_TAX_CODE)
    page.locator("label[for=id_confirm]").click()  # Bootstrap Italia's checkbox: its label is what one clicks
    expect(page.locator("#id_confirm")).to_be_checked()
    page.locator("#submit-button").click()
    expect(page.locator(".alert-success")).to_contain_text("Atto pubblicato")

    # Anyone, on a phone, without logging in.
    with browser_context(browser, live_server, **phone_options(360, 740)) as phone_context:
        phone = phone_context.new_page()
        phone.goto(f"/albo/organi/{assembly.organ.pk}/")
        for _attempt in range(60):  # the copy is listed once the worker has printed it
            if phone.get_by_role("link", name="Verbale della seduta").count():
                break
            phone.wait_for_timeout(1000)
            phone.reload()
        phone.get_by_role("link", name="Verbale della seduta").first.click()
        expect(phone.locator("#act-text")).to_contain_text("omissis")
        expect(phone.locator("#act-text")).not_to_contain_text(ASSISTED)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert violations(phone) == []
