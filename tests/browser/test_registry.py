"""The registry through a real browser, with the real seed data and the demo users.

Each test does a user's task through the pages (links, forms, buttons) and checks the database where
the page alone could hide a problem (nothing saved after an error, the right row saved after success).
"""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from governance import services
from governance.models import Ambito, Organ, Organization, OrganizationKind, Role, Seat
from subambiti.models import SubAmbitoMembership
from tests.browser.helpers import login

pytestmark = pytest.mark.browser

CREMASCO = "Ambito distrettuale Cremasco"


def comune(name: str) -> Organization:
    return Organization.objects.get(kind=OrganizationKind.COMUNE, name=name)


def save_button(page: Page, name: str = "Salva") -> Locator:
    return page.locator("main form[method=post]").get_by_role("button", name=name)


def field_error(page: Page, field_id: str) -> Locator:
    """The error shown inside the same form group as the field (not only in the summary on top)."""
    group = page.locator("main form[method=post] div.mb-3, main form[method=post] div.form-check").filter(
        has=page.locator(f"#{field_id}")
    )
    return group.locator(f"#{field_id}_error")


def results_table(page: Page) -> Locator:
    return page.locator("main table.registry-table")


# --- 1. operatore comunale -------------------------------------------------------------------------


def test_soncino_officer_sees_only_its_comune_and_updates_its_pec(page: Page, registry: None) -> None:
    soncino, crema = comune("Soncino"), comune("Crema")
    original_pec = soncino.pec

    login(page, "operatore.soncino")
    card = page.locator("main section.card-wrapper")
    expect(card.get_by_role("heading", name="Comune di Soncino")).to_be_visible()
    expect(card.get_by_role("link", name=CREMASCO)).to_be_visible()
    expect(card.get_by_role("listitem").filter(has_text="Sub-ambito 4 – Soncino")).to_contain_text(
        "comune referente: Comune di Soncino"
    )
    organs = card.locator('h3:has-text("Organi in cui l\'ente siede") + ul')
    for organ in (
        "Assemblea dei Sindaci dell'Ambito Cremasco",
        "Assemblea dei Sindaci del Sub-ambito di Soncino",
        "Ufficio di Piano dell'Ambito Cremasco",
    ):
        expect(organs.get_by_role("link", name=organ, exact=True)).to_be_visible()

    # "Comuni ed enti": its own comune and nothing else.
    page.get_by_role("navigation", name="Menu principale").get_by_role("link", name="Comuni ed enti").click()
    expect(page.get_by_role("heading", name="Comuni ed enti", level=1)).to_be_visible()
    rows = results_table(page).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link")).to_have_text("Soncino")
    expect(results_table(page)).not_to_contain_text("Crema")
    expect(results_table(page)).not_to_contain_text("Offanengo")

    # Another comune's page, typed by hand: not found, not forbidden (no hint that it exists).
    response = page.goto(f"/enti/{crema.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Pagina non trovata")).to_be_visible()

    # The ambito: all 48 members listed, only its own comune is a link.
    page.goto("/")
    page.locator("main").get_by_role("link", name=CREMASCO).click()
    expect(page.get_by_role("heading", name=CREMASCO, level=1)).to_be_visible()
    members = page.locator("section[aria-labelledby=members-heading]")
    expect(members.get_by_role("heading", name="48 comuni membri")).to_be_visible()
    expect(members.locator("tbody tr")).to_have_count(48)
    expect(members.get_by_role("link")).to_have_count(1)
    expect(members.get_by_role("link")).to_have_text("Soncino")
    crema_row = members.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Crema", exact=True)
    )
    expect(crema_row).to_have_count(1)
    expect(crema_row.get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("link", name="Modifica")).to_have_count(0)

    # Its own data: contacts yes, identity no.
    page.goto("/")
    page.get_by_role("link", name="Aggiorna i dati dell'ente").click()
    expect(page.get_by_role("heading", name="Modifica: Comune di Soncino")).to_be_visible()
    expect(page.get_by_label("Denominazione")).to_be_disabled()
    expect(page.get_by_label("Denominazione")).to_have_value("Soncino")
    expect(page.locator("#id_kind")).to_be_disabled()
    expect(page.get_by_label("Provincia")).to_be_disabled()
    expect(page.get_by_label("PEC")).to_be_enabled()

    page.get_by_label("PEC").fill("protocollo-senza-chiocciola.it")
    save_button(page).click()
    expect(page.locator("#form-errors")).to_contain_text("Non è stato salvato nulla")
    expect(field_error(page, "id_pec")).to_have_text("Inserisci un indirizzo email valido.")
    expect(page.get_by_label("PEC")).to_have_attribute("aria-invalid", "true")
    soncino.refresh_from_db()
    assert soncino.pec == original_pec

    page.get_by_label("PEC").fill("protocollo@pec.comune.soncino.cr.it")
    save_button(page).click()
    expect(page).to_have_url(re.compile(rf"/enti/{soncino.pk}/$"))
    expect(page.get_by_role("status")).to_have_text("Modifiche salvate.")
    expect(page.get_by_role("link", name="protocollo@pec.comune.soncino.cr.it")).to_be_visible()
    soncino.refresh_from_db()
    assert soncino.pec == "protocollo@pec.comune.soncino.cr.it"
    assert soncino.name == "Soncino"


# --- 2. Ufficio di Piano ---------------------------------------------------------------------------


def test_cremasco_ufficio_di_piano_manages_the_ambito(page: Page, registry: None, tmp_path: Path) -> None:
    ambito = Ambito.objects.get(name=CREMASCO)
    offanengo = comune("Offanengo")
    original_tax_code = offanengo.tax_code

    login(page, "udp.cremasco")
    card = page.locator("main section.card-wrapper")
    expect(card.get_by_role("heading", name="Comune di Crema")).to_be_visible()
    expect(
        card.locator('h3:has-text("Ambiti di cui l\'ente è capofila o gestore") + ul').get_by_role(
            "link", name=CREMASCO
        )
    ).to_be_visible()

    # The registry of the ambito: several pages.
    menu = page.get_by_role("navigation", name="Menu principale")
    menu.get_by_role("link", name="Comuni ed enti").click()
    pages = page.get_by_role("navigation", name="Pagine dei risultati")
    expect(pages).to_contain_text(re.compile(r"Pagina 1 di \d+"))
    total = int(re.search(r"Pagina 1 di (\d+)", pages.inner_text()).group(1))  # type: ignore[union-attr]
    assert total >= 2
    expect(results_table(page).locator("tbody tr")).to_have_count(25)
    first_page_names = results_table(page).locator("tbody th").all_inner_texts()
    pages.get_by_role("link", name="Successiva").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(pages.locator("[aria-current=page]")).to_have_text(f"Pagina 2 di {total}")
    second_page_names = results_table(page).locator("tbody th").all_inner_texts()
    assert second_page_names and not set(second_page_names) & set(first_page_names)

    # Search, open, and try a codice fiscale with a wrong check digit.
    page.get_by_label("Nome, codice ISTAT, catastale o fiscale").fill("Offanengo")
    page.get_by_role("search").get_by_role("button", name="Cerca").click()
    expect(page.locator("main")).to_contain_text("1 ente")
    results_table(page).get_by_role("link", name="Offanengo", exact=True).click()
    expect(page.get_by_role("heading", name="Comune di Offanengo", level=1)).to_be_visible()
    page.locator("main").get_by_role("link", name="Modifica", exact=True).click()
    expect(page.get_by_label("Denominazione")).to_be_enabled()  # the Ufficio di Piano edits identity
    page.get_by_label("Codice fiscale").fill("12345678901")
    save_button(page).click()
    expect(field_error(page, "id_tax_code")).to_have_text(
        "Codice fiscale non valido: la cifra di controllo non corrisponde."
    )
    expect(page.locator("#form-errors")).to_contain_text("Non è stato salvato nulla")
    offanengo.refresh_from_db()
    assert offanengo.tax_code == original_tax_code

    # A new organ of the ambito, and a seat in it.
    menu.get_by_role("link", name="Ambiti", exact=True).click()
    results_table(page).get_by_role("link", name=CREMASCO).click()
    page.locator("main").get_by_role("link", name="Nuovo organo").click()
    expect(page.get_by_role("heading", name=f"Nuovo organo in {CREMASCO}")).to_be_visible()
    expect(page.get_by_label(CREMASCO)).to_be_checked()
    page.locator("#id_kind").select_option(label="Tavolo di coordinamento")
    page.locator("#id_name").fill("Tavolo di coordinamento della domiciliarità")
    page.locator("#id_acronym").fill("TCD")
    save_button(page).click()
    expect(page.get_by_role("status")).to_have_text("Organo registrato.")
    expect(page.get_by_role("heading", name="Tavolo di coordinamento della domiciliarità")).to_be_visible()
    organ = Organ.objects.get(name="Tavolo di coordinamento della domiciliarità")
    assert list(organ.ambiti.all()) == [ambito]

    page.get_by_role("link", name="Aggiungi componente").click()
    page.locator("#id_organization").select_option(label="Comune di Offanengo")
    page.locator("#id_capacity").select_option(label="Presidente")
    save_button(page).click()
    expect(page.get_by_role("status")).to_have_text("Componente aggiunto.")
    seats = page.locator("section[aria-labelledby=seats-heading]")
    expect(seats.get_by_role("heading", name="1 componente")).to_be_visible()
    expect(seats.locator("tbody tr")).to_contain_text("Comune di Offanengo")
    expect(seats.locator("tbody tr")).to_contain_text("Presidente")
    assert Seat.objects.filter(organ=organ, organization=offanengo, capacity="presidente").exists()

    # A new ETS in the ambito's registry.
    page.get_by_role("link", name=CREMASCO).first.click()
    page.locator("main").get_by_role("link", name="Nuovo ente").click()
    expect(page.get_by_role("heading", name=f"Nuovo ente nel registro di {CREMASCO}")).to_be_visible()
    expect(page.locator("#id_kind option[value=comune]")).to_have_count(0)
    page.locator("#id_kind").select_option(label="Ente del Terzo Settore")
    page.get_by_label("Denominazione").fill("Cooperativa Sociale Il Girasole")
    page.get_by_label("Categoria ETS").select_option(
        label="Cooperative sociali e organismi della cooperazione"
    )
    page.get_by_label("PEC").fill("ilgirasole@pec.it")
    save_button(page).click()
    expect(page.get_by_role("status")).to_have_text("Ente registrato.")
    expect(page.get_by_role("heading", name="Cooperativa Sociale Il Girasole", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Scheda tenuta da{CREMASCO}")
    ets = Organization.objects.get(name="Cooperativa Sociale Il Girasole")
    assert (ets.kind, ets.ets_category, ets.registered_in) == (OrganizationKind.ETS, "cooperazione", ambito)

    # Offanengo leaves Sub-ambito 4 (confirmation required) and joins Sub-ambito 6 from the next day.
    page.get_by_role("link", name=CREMASCO).first.click()
    page.get_by_role("link", name="Sub-ambito 4 – Soncino").click()
    members = page.locator("section[aria-labelledby=members-heading]")
    expect(members.get_by_role("heading", name="11 comuni")).to_be_visible()
    members.get_by_role("link", name="Termina Offanengo").click()
    expect(
        page.get_by_role("heading", name="Comune di Offanengo esce da Sub-ambito 4 – Soncino")
    ).to_be_visible()
    page.get_by_label("Ultimo giorno di appartenenza").fill("2025-12-31")
    save_button(page, "Conferma").click()
    expect(field_error(page, "id_confirm")).to_have_text("Campo obbligatorio.")
    membership = SubAmbitoMembership.objects.get(subambito__number=4, organization=offanengo)
    assert membership.end_date is None
    # Bootstrap Italia draws the checkbox through its label (the input itself is covered): click the label.
    page.locator("label[for=id_confirm]").click()
    expect(page.get_by_label("Confermo")).to_be_checked()
    save_button(page, "Conferma").click()
    expect(page.get_by_role("status")).to_have_text("Appartenenza conclusa.")
    expect(members.get_by_role("heading", name="10 comuni")).to_be_visible()
    expect(members.locator("tbody")).not_to_contain_text("Offanengo")
    expect(members.get_by_role("listitem").filter(has_text="Offanengo")).to_have_text(
        "Offanengo — fino al 31/12/2025"
    )
    membership.refresh_from_db()
    assert membership.end_date is not None and membership.end_date.isoformat() == "2025-12-31"

    page.get_by_role("link", name=CREMASCO).first.click()
    page.get_by_role("link", name="Sub-ambito 6 – Crema").click()
    page.locator("main").get_by_role("link", name="Aggiungi comune").click()
    page.get_by_label("Comune").fill("019062")
    save_button(page).click()  # no start date: it would overlap the membership just ended
    expect(field_error(page, "id_organization")).to_contain_text("in un periodo che si sovrappone")
    page.get_by_label("Dal").fill("2026-01-01")
    save_button(page).click()
    expect(page.get_by_role("status")).to_have_text("Comune aggiunto al sub-ambito.")
    expect(members.get_by_role("heading", name="2 comuni")).to_be_visible()
    expect(members.locator("tbody")).to_contain_text("Offanengo")
    assert SubAmbitoMembership.objects.filter(
        subambito__number=6, subambito__ambito=ambito, organization=offanengo, end_date__isnull=True
    ).exists()

    # The list of ambiti as CSV.
    menu.get_by_role("link", name="Ambiti", exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Esporta CSV").click()
    download = download_info.value
    assert re.fullmatch(r"ambiti-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(";")[0] == "Ambito"
    assert "Ente capofila" in lines[0]
    assert any(line.startswith(f"{CREMASCO};Comune di Crema;") for line in lines[1:])


def test_ambito_list_says_how_many_results(page: Page, transactional_db: Any) -> None:
    # A small registry built through the services: the seeds are not needed to show the count.
    capofila = Organization.objects.create(kind=OrganizationKind.COMUNE, name="Prima", istat_code="099901")
    member = Organization.objects.create(kind=OrganizationKind.COMUNE, name="Seconda", istat_code="099902")
    ambito = Ambito.objects.create(name="Ambito di prova", capofila=capofila)
    for organization in (capofila, member):
        services.ambito_member_add(actor=None, ambito=ambito, organization=organization)
    user = services.user_create(actor=None, username="udp.prova", password="udp-prova-password-2026")
    services.role_assign(actor=None, user=user, organization=capofila, role=Role.UFFICIO_DI_PIANO)

    login(page, "udp.prova", "udp-prova-password-2026")
    page.get_by_role("navigation", name="Menu principale").get_by_role(
        "link", name="Ambiti", exact=True
    ).click()
    expect(results_table(page).locator("tbody tr")).to_have_count(1)
    expect(results_table(page).locator("tbody tr")).to_contain_text("Ambito di prova")
    assert page.locator("main p[aria-live=polite]").inner_text() == "1 risultato"


# --- 3. language and keyboard ----------------------------------------------------------------------


def test_language_switch_through_the_header(page: Page, transactional_db: Any) -> None:
    catalogue = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    assert catalogue.exists(), f"{catalogue} is missing: compile it (bin/test or manage.py compilemessages)"

    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    language_form = page.locator("header form").filter(has=page.locator("#language-select"))
    expect(language_form.get_by_label("Lingua")).to_have_value("it")
    language_form.get_by_label("Lingua").select_option("en")
    language_form.get_by_role("button", name="Cambia").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))  # back on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.locator("main").get_by_label("Username")).to_be_visible()
    expect(language_form.get_by_label("Language")).to_have_value("en")
    expect(language_form.get_by_role("button", name="Change")).to_be_visible()

    # The choice sticks (cookie) on the next page: the redirect to the login page, in English.
    page.goto("/enti/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()

    language_form.get_by_label("Language").select_option("it")
    language_form.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()


def test_skip_link_is_the_first_focusable_element(page: Page, transactional_db: Any) -> None:
    # A logged-in page: the login page puts the focus on the username field on purpose (autofocus).
    services.user_create(actor=None, username="tastiera", password="tastiera-password-2026")
    login(page, "tastiera", "tastiera-password-2026")
    page.goto("/")  # fresh page load, focus on the document
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Vai al contenuto principale")
    expect(focused).to_have_attribute("href", "#main-content")
    expect(focused).to_be_visible()  # visually-hidden-focusable shows itself on focus
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


# --- 4. anonymous ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(page: Page, transactional_db: Any) -> None:
    page.goto("/enti/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/enti/$"))
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu principale")).to_have_count(0)
