"""An agreement from the first draft to in force, through the pages, as the people who do it.

The Ufficio di Piano drafts it, gets it approved and sends it to signature; the real Celery worker (through
Redis) renders the PDF while the page follows its state; three mayors sign in turn: the first from a phone
with the test certificate, the second's signed file is uploaded by the comune's officer (after a wrong
file is refused), the third with the test certificate; the verification report lists the three signers.
"""

import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import FilePayload, Locator, Page, expect

from agreements.models import Agreement, AgreementStatus, Signature
from config.celery import app
from documents.verification import MESSAGES as FILE_MESSAGES
from governance.models import Person, Role, User
from governance.services import mandate_create, person_update, role_assign, user_create
from tests.agreements.helpers.signing import PEOPLE, certificate_of, signed_by
from tests.browser.helpers import (
    assert_touch_targets,
    confirm_transition,
    follow,
    login,
    submit,
    success,
    violations,
)
from tests.worlds import PASSWORD, World

pytestmark = pytest.mark.browser

TITLE = "Convenzione per il servizio di assistenza domiciliare"
PDF_TIMEOUT_MS = 60_000  # the worker renders with WeasyPrint on a shared machine


@dataclass
class Mayor:
    person: Person
    user: User


@dataclass
class Flow:
    world: World
    mayors: list[Mayor]  # in signing order: x (capofila), y, z


@pytest.fixture
def flow(transactional_db: Any, request: Any, settings: Any, tmp_path: Path) -> Flow:
    """World's ambito A, committed for the live server and the worker; each comune's mayor is a person
    with a codice fiscale, holds the sindaco mandate (so the Ufficio di Piano can pick them as signatory)
    and has an account linked to that person."""
    settings.MEDIA_ROOT = tmp_path
    world: World = request.getfixturevalue("world")
    (given_y, family_y, code_y), *others = PEOPLE
    person_update(
        actor=None, person=world.person_y, given_name=given_y, family_name=family_y, tax_code=code_y
    )
    persons = {world.y.pk: world.person_y}
    for (given, family, code), comune in zip(others, (world.x, world.z), strict=True):
        new_person = {"given_name": given, "family_name": family, "tax_code": code}
        persons[comune.pk] = mandate_create(
            actor=None, organization=comune, role="sindaco", new_person=new_person
        ).person
    mayors = []
    for comune in (world.x, world.y, world.z):
        person = persons[comune.pk]
        user = user_create(
            actor=None, username=f"sindaco.{person.family_name.lower()}", password=PASSWORD, person=person
        )
        role_assign(actor=None, user=user, organization=comune, role=Role.SINDACO)
        mayors.append(Mayor(person=person, user=user))
    return Flow(world=world, mayors=mayors)


@pytest.fixture
def worker(flow: Flow) -> Iterator[Callable[[], None]]:
    """Starts the real Celery worker (through Redis) when the test calls it, so that the page can be seen
    with the PDF still queued; stopped before the database is emptied."""
    with ExitStack() as stack:

        def start() -> None:
            stack.enter_context(start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10))

        yield start


def sign_elsewhere(pdf: bytes, person: Person, field: str) -> bytes:
    """What the mayor's own signing tool does. pyHanko calls asyncio.run, which refuses to run in this thread
    (Playwright's event loop is running here): sign in another one."""
    issued = certificate_of(person)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(signed_by, pdf, issued, field).result()


def upload(page: Page, signed: bytes) -> None:
    page.locator("#id_file").set_input_files(
        FilePayload(name="firmato.pdf", mimeType="application/pdf", buffer=signed)
    )
    follow(page.get_by_role("button", name="Carica e verifica"))


def open_to_sign_on_phone(phone: Page) -> Locator:
    """'Da firmare' from the phone's collapsed menu; the row of this agreement."""
    phone.get_by_role("button", name="Mostra o nascondi il menu").click()
    follow(phone.get_by_role("navigation", name="Menu principale").get_by_role("link", name="Da firmare"))
    expect(phone.get_by_role("heading", name="Accordi da firmare", level=1)).to_be_visible()
    row = phone.locator("main table tbody tr").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    return row


def draft_and_send_to_signature(page: Page, flow: Flow) -> Agreement:
    world = flow.world
    login(page, "udp", PASSWORD)
    follow(page.get_by_role("navigation", name="Menu principale").get_by_role("link", name="Accordi"))
    follow(page.locator("#action-agreement-create"))
    expect(page.get_by_role("heading", name="Nuovo accordo", level=1)).to_be_visible()
    expect(page.locator("#id_ambito")).to_have_value(str(world.ambito_a.pk))  # the only one they manage
    page.locator("#id_kind").select_option("convenzione")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_place").fill("Xanadu")
    # Bootstrap Italia draws the checkbox under its label: the user clicks the label.
    page.locator("label[for=id_starts_on_signature]").click()
    expect(page.locator("#id_starts_on_signature")).to_be_checked()
    page.locator("#id_until_event").fill("l'approvazione del nuovo Piano di Zona")
    submit(page)
    expect(success(page)).to_contain_text("Bozza dell'accordo creata")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    agreement = Agreement.objects.get(title=TITLE)

    # Three comuni of the ambito, each with its mayor as signatory, in this signing order.
    for order, (comune, mayor) in enumerate(zip((world.x, world.y, world.z), flow.mayors, strict=True), 1):
        follow(page.locator("#action-party-create"))
        expect(page.locator("#id_signing_order")).to_have_value(str(order))
        page.locator("#id_organization").select_option(label=str(comune))
        page.locator("#id_role").select_option("capofila" if order == 1 else "firmatario")
        page.locator("#id_signatory").select_option(label=str(mayor.person))
        page.locator("#id_signatory_capacity").fill("Sindaco pro tempore")
        submit(page)
        expect(success(page)).to_have_text("Parte aggiunta.")
        expect(page.locator("#parties-heading + div tbody tr")).to_have_count(order)

    # Two articles in the article editor; the first one reopened and corrected.
    articles = [
        ("Oggetto", "I Comuni gestiscono in forma associata il servizio di assistenza domiciliare."),
        ("Durata", "La convenzione ha effetto dalla sottoscrizione fino al nuovo Piano di Zona."),
    ]
    for number, (heading, body) in enumerate(articles, 1):
        follow(page.locator("#action-article-create"))
        expect(page.locator("#id_number")).to_have_value(str(number))
        page.locator("#id_title").fill(heading)
        page.locator("#id_body").fill(body)
        submit(page)
        expect(success(page)).to_have_text("Articolo salvato.")
        expect(page.locator(f"#art-{number}")).to_contain_text(heading)
    follow(page.locator("#article-1-edit"))
    expect(page.locator("#id_body")).to_have_value(articles[0][1])
    page.locator("#id_body").fill(articles[0][1] + "\nIl Comune di Xanadu è capofila.")
    submit(page)
    expect(success(page)).to_have_text("Articolo salvato.")
    expect(page.locator("article[aria-labelledby=art-1]")).to_contain_text("Il Comune di Xanadu è capofila.")

    confirm_transition(page, "in_approvazione", "In approvazione")

    # Each council's deliberation authorising its mayor.
    for number, party in enumerate(agreement.parties.order_by("signing_order"), 10):
        follow(page.locator(f"#party-{party.pk}-authorisation"))
        page.locator("#id_organ_name").fill("Consiglio Comunale")
        page.locator("#id_act_number").fill(str(number))
        page.locator("#id_act_date").fill("2026-01-15")
        submit(page)
        expect(success(page)).to_have_text("Deliberazione registrata.")
        row = page.locator("#parties-heading + div tbody tr").filter(has_text=str(party.organization))
        expect(row).to_contain_text(f"Consiglio Comunale n. {number} del 15/01/2026")

    confirm_transition(page, "approvato", "Approvato")
    confirm_transition(page, "in_firma", "In firma")
    return agreement


def test_draft_send_to_signature_and_sign(
    page: Page, phone: Page, flow: Flow, worker: Callable[[], None]
) -> None:
    world, mayors = flow.world, flow.mayors

    # --- 1. The Ufficio di Piano drafts the agreement and sends it to signature. ---
    agreement = draft_and_send_to_signature(page, flow)
    expect(page.locator("main h1 + p")).to_contain_text("Firme: 0 di 3")

    # --- 2. The worker renders the PDF; the page follows its state until it is ready. ---
    # The worker starts only now: until then the job waits in Redis and the page says so.
    state = page.locator("#document-state")
    expect(state).to_have_text("In coda…")
    expect(page.locator("#signatures-heading + p")).to_have_text(
        "Le firme si raccolgono sul PDF dell'accordo, che è in preparazione."
    )
    expect(page.locator("#signatures-heading ~ ol")).to_have_count(0)  # nothing to sign yet
    worker()
    expect(state.get_by_role("link", name="Scarica il PDF (versione 1)")).to_be_visible(
        timeout=PDF_TIMEOUT_MS
    )
    document = agreement.documents.get()
    assert document.sha256 and document.page_count
    expect(state.locator("code")).to_have_text(document.sha256)
    expect(page.locator("#download-to-sign")).to_have_text("Scarica il PDF da firmare")

    # --- 3. The first mayor, on a phone: "Da firmare", the agreement, the test certificate. ---
    first = mayors[0]
    login(phone, first.user.username, PASSWORD)
    row = open_to_sign_on_phone(phone)
    assert violations(phone) == [], "the 'to sign' list on a phone"
    assert_touch_targets(phone)
    expect(row).to_contain_text("sei tu")
    expect(row.get_by_role("link", name="Tocca a te: firma")).to_be_visible()
    follow(row.get_by_role("link", name=TITLE))
    expect(phone.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    signing = phone.locator("#signatures-heading ~ ol > li")
    expect(signing.nth(0)).to_contain_text("è il suo turno")
    assert_touch_targets(phone)
    follow(signing.nth(0).get_by_role("link", name="Firma con il certificato di prova"))
    expect(phone.get_by_role("heading", name="Firma con il certificato di prova", level=1)).to_be_visible()
    expect(phone.locator("main dl")).to_contain_text(document.sha256)
    assert violations(phone) == [], "the test signer's confirmation on a phone"
    assert_touch_targets(phone)
    follow(phone.locator("#confirm-sign"))
    expect(success(phone)).to_have_text(f"Firma di {world.x} apposta e verificata.")
    expect(phone.locator("main h1 + p")).to_contain_text("Firme: 1 di 3")
    expect(signing.nth(0)).to_contain_text(f"da {first.person.given_name} {first.person.family_name}")

    # --- 4. The second mayor signed with their own tool; the comune's officer uploads the file. ---
    second, third = mayors[1], mayors[2]
    page.context.clear_cookies()
    login(page, "owner", PASSWORD)
    follow(page.get_by_role("navigation", name="Menu principale").get_by_role("link", name="Da firmare"))
    row = page.locator("main table tbody tr").filter(has_text=TITLE)
    follow(row.get_by_role("link", name="È il suo turno: carica il file firmato"))
    expect(page.get_by_role("heading", name=f"Firma di {world.y}", level=1)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica il PDF con le firme già apposte").click()
    download = download_info.value
    assert download.suggested_filename == f"accordo-{agreement.pk}-firme-1.pdf"
    state_to_sign = Path(download.path()).read_bytes()
    assert state_to_sign == Path(Signature.objects.get(document=document, sequence=1).file.path).read_bytes()

    # A file signed by someone else (the third mayor) is refused, in Italian, and nothing is recorded.
    wrong = sign_elsewhere(state_to_sign, third.person, "FirmaSbagliata")
    upload(page, wrong)
    expect(page.locator("#id_file_error")).to_have_text(
        f"{FILE_MESSAGES['wrong_signer']} Codice fiscale del certificato {third.person.tax_code}, "
        f"atteso {second.person.tax_code}."
    )
    expect(page.get_by_role("heading", name=f"Firma di {world.y}", level=1)).to_be_visible()
    assert Signature.objects.filter(document=document).count() == 1
    assert violations(page) == [], "the upload page showing the error"

    # The right file: the state downloaded above, signed with the second mayor's certificate.
    right = sign_elsewhere(state_to_sign, second.person, "FirmaYpsilon")
    upload(page, right)
    expect(success(page)).to_have_text(f"Firma di {world.y} verificata e registrata.")
    expect(page.locator("main h1 + p")).to_contain_text("Firme: 2 di 3")
    assert Signature.objects.get(document=document, sequence=2).sha256 == hashlib.sha256(right).hexdigest()

    # --- 5. The third mayor signs with the test certificate: the agreement is in force. ---
    phone.context.clear_cookies()
    login(phone, third.user.username, PASSWORD)
    follow(open_to_sign_on_phone(phone).get_by_role("link", name=TITLE))
    expect(signing.nth(2)).to_contain_text("è il suo turno")
    follow(signing.nth(2).get_by_role("link", name="Firma con il certificato di prova"))
    follow(phone.locator("#confirm-sign"))
    expect(success(phone)).to_have_text(f"Firma di {world.z} apposta e verificata.")
    expect(phone.locator("main h1 + p .badge")).to_have_text("In vigore")
    expect(phone.locator("#download-signed")).to_have_text("Scarica il PDF firmato")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE

    # The verification report: three signers with their codici fiscali, the hashes.
    follow(phone.get_by_role("link", name="Rapporto di verifica delle firme"))
    expect(phone.get_by_role("heading", name="Verifica delle firme", level=1)).to_be_visible()
    expect(phone.locator("main dl")).to_contain_text("3 firme valide")
    expect(phone.locator("main dl")).to_contain_text(document.sha256)
    rows = phone.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    signatures = list(Signature.objects.filter(document=document).order_by("sequence"))
    for index, (mayor, signature) in enumerate(zip(mayors, signatures, strict=True)):
        person = mayor.person
        expect(rows.nth(index)).to_contain_text(
            f"{person.given_name} {person.family_name} ({person.tax_code})"
        )
        expect(rows.nth(index).locator("td code")).to_have_text(signature.sha256)
    expect(phone.locator("main dl")).to_contain_text(signatures[-1].sha256)
    assert violations(phone) == [], "the verification report on a phone"
