"""The co-design year through the pages, step by step, as its users do it: the tests on the small world
(test_co_design_flow, test_expense_report_flow) and the one on seed 004's real procedure (test_seed_004_year) walk the
same steps, each adding its own refusals and checks."""

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from governance.services import mandate_create, role_assign, user_create
from tests.browser.helpers import confirm_transition, follow, login, submit, success
from tests.worlds import PASSWORD

PDF_TIMEOUT_MS = 60_000  # the worker renders with WeasyPrint on a shared machine


def signatory(organization: Any, role: str, person: tuple[str, str, str], account_role: str) -> Any:
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


def publish_call(page: Page, procedure: Any, criteria: list[tuple[str, str]]) -> None:
    """The office sets the evaluation criteria and publishes the call (the programmes are then fixed)."""
    page.goto(procedure.get_absolute_url())
    for name, points in criteria:
        follow(page.get_by_role("link", name="Nuovo criterio"))
        page.get_by_label("Criterio").fill(name)
        page.get_by_label("Punteggio massimo").fill(points)
        submit(page)
    follow(page.get_by_role("link", name="Avviso pubblicato: candidature aperte"))
    submit(page)
    expect(page.locator("main")).to_contain_text("Avviso pubblicato: candidature aperte")


def apply(phone: Page, procedure: Any, programme: Any, proposal: str) -> None:
    """The third-sector body applies, alone, for one programme."""
    phone.goto(procedure.get_absolute_url())
    follow(phone.get_by_role("link", name="Presenta una candidatura"))
    phone.get_by_label("Programma").select_option(label=str(programme))
    phone.get_by_label("Proposta progettuale").fill(proposal)
    submit(phone)
    expect(phone.locator("main")).to_contain_text("Presentata")


def open_evaluation_and_admit(page: Page, procedure: Any, application: Any) -> None:
    page.goto(procedure.get_absolute_url())
    follow(page.get_by_role("link", name="Valutazione delle candidature"))
    submit(page)
    page.goto(application.get_absolute_url())
    follow(page.get_by_role("link", name="Ammetti"))
    submit(page)


def enter_scores(page: Page, application: Any, scores: dict[str, str]) -> None:
    """The commission's scores, criterion by criterion (the caller checks the outcome)."""
    page.goto(application.get_absolute_url())
    follow(page.get_by_role("link", name="Punteggi"))
    for criterion, points in scores.items():
        page.get_by_label(re.compile(criterion)).fill(points)
    submit(page)


def choose_and_draft(page: Page, application: Any, contribution: str, management_share: str) -> None:
    """The best-scored application chosen for the period, and its convention drafted from the template."""
    page.goto(application.get_absolute_url())
    follow(page.get_by_role("link", name="Scegli come partner"))
    page.get_by_label("Contributo comunale per il periodo (EUR)").fill(contribution)
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_end_date").fill("2028-12-31")
    page.get_by_label("Quota forfettaria per spese gestionali (%)").fill(management_share)
    submit(page)
    expect(page.locator("main")).to_contain_text("Convenzione in negoziazione")
    follow(page.get_by_role("link", name="Predisponi la convenzione"))
    submit(page)


def approve_convention(page: Page, agreement: Any, signatories: list[tuple[Any, Any, str, str, str]]) -> None:
    """From the drafted convention to signature: for each party (organization, signing user, capacity, authorising
    organ, act number) its signatory and the deliberation; then approved and sent to signature, and the worker
    renders the PDF to sign."""
    page.goto(agreement.get_absolute_url())
    parties = {party.organization_id: party for party in agreement.parties.all()}
    for organization, user, capacity, _organ, _number in signatories:
        follow(page.locator(f"#party-{parties[organization.pk].pk}-update"))
        page.locator("#id_signatory").select_option(label=str(user.person))
        page.locator("#id_signatory_capacity").fill(capacity)
        submit(page)
        expect(success(page)).to_have_text("Parte aggiornata.")
    confirm_transition(page, "in_approvazione", "In approvazione")
    for organization, _user, _capacity, organ, number in signatories:
        follow(page.locator(f"#party-{parties[organization.pk].pk}-authorisation"))
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


def sign_in_turn(page: Page, agreement: Any, user: Any, organization: Any) -> None:
    """The signatory logs in and signs their turn with the test certificate."""
    page.context.clear_cookies()
    login(page, user.username, PASSWORD)
    page.goto(agreement.get_absolute_url())
    mine = page.locator("#signatures-heading ~ ol > li").filter(has_text="è il suo turno")
    follow(mine.get_by_role("link", name="Firma con il certificato di prova"))
    follow(page.locator("#confirm-sign"))
    expect(success(page)).to_have_text(f"Firma di {organization} apposta e verificata.")


def pledge_and_start(page: Page, partnership: Any, amount: str) -> None:
    """The partner's co-financing recorded, then the activities started."""
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name="Co-finanziamento"))
    page.get_by_label("Tipo").select_option("monetario")
    page.get_by_label("Descrizione").fill("Fondi propri")
    page.get_by_label("Valore (EUR)").fill(amount)
    submit(page)
    expect(success(page)).to_have_text("Co-finanziamento registrato.")
    follow(page.get_by_role("link", name="Avvia le attività"))
    submit(page)
    expect(success(page)).to_have_text("Attività avviate.")


def submit_report(page: Page, partnership: Any, receipt: Path, number: str) -> None:
    """A debit note for January-March 2026: staff 9,000.00 and a workshop 1,200.50, 900.00 of volunteers' hours as
    co-financing, one receipt."""
    page.goto(partnership.get_absolute_url())
    follow(page.get_by_role("link", name="Nuova rendicontazione"))
    page.get_by_label("Nota di debito n.").fill(number)
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
    follow(page.get_by_role("button", name="Presenta la rendicontazione"))
    expect(page.locator("h1")).to_contain_text(f"Nota di debito {number}")


def start_review(office: Page, report: Any) -> None:
    office.goto(report.get_absolute_url())
    follow(office.get_by_role("link", name="Avvia l'istruttoria"))
    submit(office)


def reduce_workshop_and_approve(office: Page, report: Any) -> None:
    """The review: the workshop was not held, reduced to zero with its reason; the rest approved."""
    office.goto(report.get_absolute_url())
    follow(office.get_by_role("link", name="Istruttoria", exact=True))
    office.get_by_label("Voce 2 (Laboratorio di marzo): riconosciuto (EUR)").fill("0,00")
    office.get_by_label("Voce 2: motivo della riduzione").fill("Laboratorio non svolto")
    # Bootstrap Italia draws the checkbox on its label: the label is what a user clicks.
    office.locator("label", has_text="Voce 2: attività non realizzata").click()
    submit(office)
    expect(office.locator("main")).to_contain_text("Approvata con riduzioni")


def pay(office: Page, report: Any, durc_valid_until: str) -> None:
    """The payment of what was approved, with its liquidation act and the partner's DURC (the caller checks)."""
    office.goto(report.get_absolute_url())
    follow(office.get_by_role("link", name="Liquida"))
    office.get_by_label("Atto di liquidazione n.").fill("Determinazione 512")
    office.get_by_label("Atto di liquidazione del").fill("2026-05-20")
    office.get_by_label("Pagato il").fill("2026-05-25")
    office.get_by_label("DURC valido fino al").fill(durc_valid_until)
    office.get_by_label("DURC (protocollo)").fill("INAIL_41234567")
    submit(office)
