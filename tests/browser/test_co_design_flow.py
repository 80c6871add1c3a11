"""A co-design call through the pages, from the call to the first report.

The Ufficio di Piano sets the criteria and publishes the call (the programmes are fixed); the ETS applies from its
phone; the office opens the evaluation, admits the application, enters the commission's scores, chooses the partner and
drafts its convention from the template. The convention is then approved and signed as any agreement: the real Celery
worker renders it, the comune's dirigente and the ETS's legal representative sign it; the office records the partner's
co-financing and starts the activities, and the ETS can report (tests/browser/test_expense_report_flow.py goes on from
there)."""

from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Browser, Page, expect

from agreements.models import AgreementKind, AgreementStatus
from config.celery import app
from coprogettazione import services
from coprogettazione.loaders import load_partnership_template
from coprogettazione.models import Application, Partnership, PartnershipStatus, ProcedureStatus
from governance import services as registry
from governance.models import MandateRole, Role
from tests.agreements.helpers.signing import PEOPLE
from tests.browser.co_design_steps import (
    apply,
    approve_convention,
    choose_and_draft,
    enter_scores,
    open_evaluation_and_admit,
    pledge_and_start,
    publish_call,
    sign_in_turn,
    signatory,
)
from tests.browser.helpers import (
    browser_context,
    follow,
    login,
    phone_options,
    submit,
    violations,
)
from tests.coprogettazione.helpers import build_co_design, chosen, open_call
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
    publish_call(page, procedure, [("Qualità del progetto", "60"), ("Radicamento territoriale", "40")])
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.CALL_OPEN and procedure.extension_cap > 0

    # The ETS applies from its phone.
    with browser_context(browser, live_server, **phone_options(360, 740)) as phone_context:
        phone = phone_context.new_page()
        login(phone, ets_user.username, PASSWORD)
        apply(phone, procedure, built.programme, "Rete dei servizi 0-6 con le famiglie del quartiere.")
        expect(phone.locator("h1")).to_contain_text("Cooperativa Alfa")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        assert violations(phone) == []
    application = Application.objects.get(lead=world.ets)

    # The office evaluates and chooses.
    open_evaluation_and_admit(page, procedure, application)
    enter_scores(page, application, {"Qualità del progetto": "52", "Radicamento territoriale": "45"})
    # 45 is above the criterion's maximum: refused next to its field, nothing saved.
    expect(page.locator(".form-errors-summary")).to_contain_text("Da 0 a 40,00 punti")
    enter_scores(page, application, {"Qualità del progetto": "52", "Radicamento territoriale": "38"})
    expect(page.locator("tfoot")).to_contain_text("90")
    choose_and_draft(page, application, "300000,00", "7")
    expect(page.locator("main")).to_contain_text("30.000,00")  # the co-financing the partner owes: 10%
    partnership = Partnership.objects.get(application=application)
    assert partnership.agreement is not None
    assert partnership.agreement.kind == AgreementKind.CONVENZIONE_COPROGETTAZIONE
    follow(page.get_by_role("link", name=partnership.agreement.title))
    expect(page.locator("main")).to_contain_text("300.000,00 EUR")
    assert violations(page) == []


@pytest.fixture
def drafted(committed_world: World) -> Iterator[Partnership]:
    """Where the call above ends: Alfa chosen, its convention drafted from the template (by the services)."""
    world = committed_world
    load_partnership_template()
    # The partner's codice fiscale fills the convention's premises (test_templates covers a missing one).
    registry.organization_update(actor=None, organization=world.ets, tax_code="91000120120")
    partnership = chosen(world, open_call(world))
    services.convention_draft(actor=world.udp, partnership=partnership)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield partnership


def test_the_convention_signed_and_the_activities_started(
    page: Page, phone: Page, committed_world: World, drafted: Partnership
) -> None:
    world, partnership = committed_world, drafted
    agreement = partnership.agreement
    assert agreement is not None
    dirigente = signatory(world.x, MandateRole.DIRETTORE, PEOPLE[1], Role.OPERATORE_COMUNALE)
    representative = signatory(world.ets, MandateRole.LEGALE_RAPPRESENTANTE, PEOPLE[2], Role.ETS)

    # The office names who signs for each party, has the text approved and sends it to signature.
    login(page, world.udp.username, PASSWORD)
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name=agreement.title))
    approve_convention(
        page,
        agreement,
        [
            (world.x, dirigente, "Dirigente del Settore Servizi Sociali", "Giunta Comunale", "180"),
            (world.ets, representative, "Legale rappresentante", "Consiglio di amministrazione", "4"),
        ],
    )

    # Activities cannot start before the convention binds.
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(page.locator("main")).to_contain_text("non è ancora sottoscritta da tutte le parti")

    # Each signatory signs in turn with the test certificate: the dirigente at the desk, the ETS from its phone.
    sign_in_turn(page, agreement, dirigente, world.x)
    sign_in_turn(phone, agreement, representative, world.ets)
    expect(phone.locator("main h1 + p .badge")).to_have_text("In vigore")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE

    # Without the partner's 10% co-financing (24,000 of 240,000) the activities do not start; with it, they do.
    page.context.clear_cookies()
    login(page, world.udp.username, PASSWORD)
    page.goto(partnership.get_absolute_url())
    expect(page.locator("main")).to_contain_text("In vigore")
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(page.locator("main")).to_contain_text("sotto il 10% del contributo (24.000,00 EUR)")
    pledge_and_start(page, partnership, "24000,00")
    expect(page.locator("main")).to_contain_text(str(PartnershipStatus.ACTIVE.label))
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE

    # The partner can now report, from its phone.
    phone.goto(partnership.get_absolute_url())
    expect(phone.get_by_role("link", name="Nuova rendicontazione")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone_options()["viewport"]["width"]
    assert violations(phone) == []
