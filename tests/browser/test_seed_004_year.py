"""A year of the Cremasco ambito's budget and of seed 004's co-design, on the real data bin/run loads, through the
pages: the Ufficio di Piano builds the budget 2026-2028 with the line that carries P2's ambito share (50,000 over three
years, as the act says), records its approval and ties the share to the line; then Crema's P2 call is published, the
ETS applies from its phone, is scored and chosen; the convention is approved, rendered by the real worker and signed;
the activities start; the partner reports its first quarter, the office reduces one line and pays the rest.

The amounts of the budget, the scores, the report and the people who sign are this test's own (the seeds give
neither a budget nor an application): only the procedure, the programme and its figures are seed 004's."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from budgets.models import Budget
from config.celery import app
from coprogettazione.models import Application, ExpenseReport, ExpenseStatus, Partnership, Programme
from governance import services as registry_services
from governance.models import MandateRole, Organization, Role
from tests.agreements.helpers.signing import PEOPLE
from tests.browser.co_design_steps import (
    apply,
    approve_convention,
    choose_and_draft,
    enter_scores,
    open_evaluation_and_admit,
    pay,
    pledge_and_start,
    publish_call,
    reduce_workshop_and_approve,
    sign_in_turn,
    signatory,
    start_review,
    submit_report,
)
from tests.browser.helpers import DEMO_PASSWORD, follow, login, submit, success, violations
from tests.coprogettazione.helpers import PDF

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]

CREMA = "019035"


@pytest.fixture
def seed_004(registry: None) -> Iterator[Programme]:
    """The registry, the demo users and seed 004's procedures as bin/run loads them; the real worker."""
    call_command("load_co_design", stdout=io.StringIO())
    forum = Organization.objects.get(name="Forum Cremasco del Terzo Settore")
    # The seeds give no codice fiscale for the Forum; the convention's premises need one (test data).
    registry_services.organization_update(actor=None, organization=forum, tax_code="91000120120")
    programme = Programme.objects.get(
        procedure__promoter__istat_code=CREMA, procedure__ambito__isnull=True, code="P2"
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield programme


def test_a_year_of_the_cremasco_budget_and_of_crema_s_p2(
    page: Page, phone: Page, seed_004: Programme, tmp_path: Path
) -> None:
    programme = seed_004
    procedure = programme.procedure
    crema = procedure.promoter
    forum = Organization.objects.get(name="Forum Cremasco del Terzo Settore")
    share = programme.fundings.get(funder_ambito__isnull=False)
    assert (
        share.period_amount == 50000 and share.annual_amount is None
    )  # seed 004: "AMBITO € 50.000 (triennale)"

    # --- The ambito's budget 2026-2028, approved, with the line carrying P2's share. ---
    login(page, "udp.cremasco", DEMO_PASSWORD)
    page.goto(reverse("budgets:budget_create"))
    page.get_by_label("Titolo").fill("Bilancio 2026-2028 – Piano Operativo")
    page.locator("#id_first_year").fill("2026")
    page.locator("#id_last_year").fill("2028")
    submit(page)
    budget = Budget.objects.get(title="Bilancio 2026-2028 – Piano Operativo")
    years = {2026: "20000", 2027: "20000", 2028: "10000"}
    for year, amount in years.items():
        page.goto(reverse("budgets:allocation", args=[budget.pk]))
        page.locator("#id_year").select_option(str(year))
        page.locator("#id_source").select_option("fnps")
        page.locator("#id_amount").fill(amount)
        submit(page)
    page.goto(reverse("budgets:line_create", args=[budget.pk]))
    page.get_by_label("Area del Piano di Zona").fill("Politiche giovanili")
    page.get_by_label("Azione").fill("Co-progettazione P2 del Comune di Crema")
    for year, amount in years.items():
        page.get_by_label(f"{year} – FNPS").fill(amount)
    submit(page)
    expect(page.locator("main")).to_contain_text("Ogni totale corrisponde")
    page.goto(reverse("budgets:version_approve", args=[budget.pk]))
    page.get_by_label("Atto").fill("Assemblea dei Sindaci, deliberazione n. 3/2026")
    page.get_by_label("Data").fill("2026-03-20")
    submit(page)
    expect(success(page).first).to_have_text("Versione approvata: è quella in vigore.")

    page.goto(programme.get_absolute_url())
    follow(page.locator(f"#funding-{share.pk}-budget"))
    page.get_by_label("Voce del bilancio dell'ambito").select_option(
        label="Bilancio 2026-2028 – Piano Operativo (v. 1, Approvata (in vigore)) — Politiche giovanili — "
        "Co-progettazione P2 del Comune di Crema"
    )
    submit(page)
    expect(page.locator(f"#funding-{share.pk}")).to_contain_text(
        "50.000,00 EUR stanziati negli anni 2026–2028"
    )
    expect(page.locator("main")).to_contain_text("Le cifre del programma tornano tra loro.")

    # --- Crema's call for P2: published, the Forum applies from a phone, scored and chosen. ---
    publish_call(page, procedure, [("Qualità del progetto", "70"), ("Radicamento territoriale", "30")])
    login(phone, "ets.forum", DEMO_PASSWORD)
    apply(phone, procedure, programme, "Coordinamento delle politiche giovanili con l'Orientagiovani.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    application = Application.objects.get(procedure=procedure, lead=forum)
    open_evaluation_and_admit(page, procedure, application)
    enter_scores(page, application, {"Qualità del progetto": "61", "Radicamento territoriale": "27"})
    expect(page.locator("tfoot")).to_contain_text("88")
    choose_and_draft(page, application, "294000,00", "5")
    partnership = Partnership.objects.get(application=application)
    agreement = partnership.agreement
    assert agreement is not None

    # --- The convention: approved, rendered, signed by Crema's dirigente and the Forum's legal representative. ---
    dirigente = signatory(crema, MandateRole.DIRETTORE, PEOPLE[1], Role.OPERATORE_COMUNALE)
    representative = signatory(forum, MandateRole.LEGALE_RAPPRESENTANTE, PEOPLE[2], Role.ETS)
    approve_convention(
        page,
        agreement,
        [
            (crema, dirigente, "Dirigente dell'Area Servizi al Cittadino", "Giunta Comunale", "201"),
            (forum, representative, "Legale rappresentante", "Consiglio direttivo", "7"),
        ],
    )
    sign_in_turn(page, agreement, dirigente, crema)
    sign_in_turn(phone, agreement, representative, forum)
    expect(phone.locator("main h1 + p .badge")).to_have_text("In vigore")

    # --- Activities start with the Forum's 10% (29,400); its first quarter is reported, reviewed and paid. ---
    page.context.clear_cookies()
    login(page, "udp.cremasco", DEMO_PASSWORD)
    pledge_and_start(page, partnership, "29400,00")
    receipt = tmp_path / "fattura-marzo.pdf"
    receipt.write_bytes(PDF)
    phone.context.clear_cookies()
    login(phone, "ets.forum", DEMO_PASSWORD)
    submit_report(phone, partnership, receipt, "1/2026")
    report = ExpenseReport.objects.get(partnership=partnership)
    start_review(page, report)
    reduce_workshop_and_approve(page, report)
    pay(page, report, durc_valid_until="2026-07-01")
    report.refresh_from_db()
    assert report.status == ExpenseStatus.PAID and report.liquidations.get().amount == 9000

    # What P2 shows now: budgeted, reported, approved and paid; the share still on its budget line.
    page.goto(programme.get_absolute_url())
    progress = page.locator("main table").first
    expect(progress).to_contain_text("294.000,00")
    expect(progress).to_contain_text("10.200,50")
    expect(progress).to_contain_text("9.000,00")
    expect(page.locator(f"#funding-{share.pk}")).to_contain_text("Co-progettazione P2 del Comune di Crema")
    assert violations(page) == []
    page.goto(budget.get_absolute_url())
    expect(page.locator("#co-design-shares")).to_contain_text("P2")
