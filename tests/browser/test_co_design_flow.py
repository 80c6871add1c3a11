"""A co-design call through the pages, from the call to the first report.

The Ufficio di Piano sets the criteria and publishes the call (the programmes are fixed); the ETS applies from its
phone; the office opens the evaluation, admits the application, enters the commission's scores, chooses the partner and
drafts its convention from the template. The convention is then approved and signed as any agreement: the real Celery
worker renders it, the comune's dirigente and the ETS's legal representative sign it; the office records the partner's
co-financing and starts the activities, and the ETS can report (tests/browser/test_expense_report_flow.py goes on from
there)."""

import re
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
from governance.services import mandate_create, role_assign, user_create
from tests.agreements.helpers.signing import PEOPLE
from tests.browser.helpers import (
    browser_context,
    confirm_transition,
    follow,
    login,
    phone_options,
    submit,
    success,
    violations,
)
from tests.coprogettazione.helpers import build_co_design, chosen, open_call
from tests.worlds import PASSWORD, World, make_user

PDF_TIMEOUT_MS = 60_000  # the worker renders with WeasyPrint on a shared machine

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


def signatory(
    world: World, organization: Any, role: str, person: tuple[str, str, str], account_role: str
) -> Any:
    """A person holding an office in the organization, with an account linked to them."""
    given, family, tax_code = person
    mandate = mandate_create(
        actor=None,
        organization=organization,
        role=role,
        new_person={"given_name": given, "family_name": family, "tax_code": tax_code},
    )
    user = user_create(
        actor=None, username=f"{given}.{family}".lower(), password=PASSWORD, person=mandate.person
    )
    role_assign(actor=None, user=user, organization=organization, role=account_role)
    return user


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
    dirigente = signatory(world, world.x, MandateRole.DIRETTORE, PEOPLE[1], Role.OPERATORE_COMUNALE)
    representative = signatory(world, world.ets, MandateRole.LEGALE_RAPPRESENTANTE, PEOPLE[2], Role.ETS)

    # The office names who signs for each party, has the text approved and sends it to signature.
    login(page, world.udp.username, PASSWORD)
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name=agreement.title))
    parties = {party.organization_id: party for party in agreement.parties.all()}
    people = {
        world.x.pk: (dirigente, "Dirigente del Settore Servizi Sociali"),
        world.ets.pk: (representative, "Legale rappresentante"),
    }
    for organization_id, (user, capacity) in people.items():
        party = parties[organization_id]
        follow(page.locator(f"#party-{party.pk}-update"))
        page.locator("#id_signatory").select_option(label=str(user.person))
        page.locator("#id_signatory_capacity").fill(capacity)
        submit(page)
        expect(success(page)).to_have_text("Parte aggiornata.")
    confirm_transition(page, "in_approvazione", "In approvazione")
    acts = {world.x.pk: ("Giunta Comunale", "180"), world.ets.pk: ("Consiglio di amministrazione", "4")}
    for organization_id, (organ, number) in acts.items():
        follow(page.locator(f"#party-{parties[organization_id].pk}-authorisation"))
        page.locator("#id_organ_name").fill(organ)
        page.locator("#id_act_number").fill(number)
        page.locator("#id_act_date").fill("2025-12-15")
        submit(page)
        expect(success(page)).to_have_text("Deliberazione registrata.")
    confirm_transition(page, "approvato", "Approvato")
    confirm_transition(page, "in_firma", "In firma")
    expect(
        page.locator("#document-state").get_by_role("link", name="Scarica il PDF (versione 1)")
    ).to_be_visible(timeout=PDF_TIMEOUT_MS)

    # Activities cannot start before the convention binds.
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(page.locator("main")).to_contain_text("non è ancora sottoscritta da tutte le parti")

    # Each signatory signs in turn with the test certificate: the dirigente at the desk, the ETS from its phone.
    for browser_page, user, organization in ((page, dirigente, world.x), (phone, representative, world.ets)):
        browser_page.context.clear_cookies()
        login(browser_page, user.username, PASSWORD)
        browser_page.goto(agreement.get_absolute_url())
        mine = browser_page.locator("#signatures-heading ~ ol > li").filter(has_text="è il suo turno")
        follow(mine.get_by_role("link", name="Firma con il certificato di prova"))
        follow(browser_page.locator("#confirm-sign"))
        expect(success(browser_page)).to_have_text(f"Firma di {organization} apposta e verificata.")
    expect(phone.locator("main h1 + p .badge")).to_have_text("In vigore")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE

    # The office records the partner's co-financing (10% of 240,000) and starts the activities.
    page.context.clear_cookies()
    login(page, world.udp.username, PASSWORD)
    page.goto(partnership.get_absolute_url())
    expect(page.locator("main")).to_contain_text("In vigore")
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(page.locator("main")).to_contain_text("sotto il 10% del contributo (24.000,00 EUR)")
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name="Co-finanziamento"))
    page.get_by_label("Tipo").select_option("monetario")
    page.get_by_label("Descrizione").fill("Fondi propri della cooperativa")
    page.get_by_label("Valore (EUR)").fill("24000,00")
    submit(page)
    expect(success(page)).to_have_text("Co-finanziamento registrato.")
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(success(page)).to_have_text("Attività avviate.")
    expect(page.locator("main")).to_contain_text(str(PartnershipStatus.ACTIVE.label))
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE

    # The partner can now report, from its phone.
    phone.goto(partnership.get_absolute_url())
    expect(phone.get_by_role("link", name="Nuova rendicontazione")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone_options()["viewport"]["width"]
    assert violations(phone) == []
