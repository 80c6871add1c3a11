"""The ambito's budget from its draft to its approval in a session, through the pages: the Ufficio di Piano builds the
2026 budget (sources, a line, the F.SOL split), puts it on the Assemblea's agenda with the Piano Operativo; the sitting
happens (through the services, up to the last step); the president closes the vote from the console; the budget reads
as approved by that deliberation, in time for the 31 March deadline, and the compliance board no longer asks for the
Piano Operativo."""

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from assemblies import services as assemblies
from assemblies.models import Choice, DecisionKind, MajorityKind
from budgets.models import Budget, VersionStatus
from tests.assemblies.helpers import Assembly, build_assembly
from tests.browser.helpers import browser_context, login, violations
from tests.worlds import PASSWORD, World

pytestmark = [pytest.mark.browser]


@pytest.fixture
def assembly(committed_world: World) -> Assembly:
    built = build_assembly(committed_world)
    assemblies.majority_set(
        actor=None, organ=built.organ, decision_kind=DecisionKind.PLAN, kind=MajorityKind.OF_PRESENT
    )
    return built


def test_a_budget_built_and_approved_by_the_assemblea(
    page: Page, browser: Browser, live_server: Any, assembly: Assembly
) -> None:
    world = assembly.world
    year = timezone.localdate().year
    login(page, world.udp.username, PASSWORD)
    page.goto("/bilanci/nuovo/")
    page.get_by_label("Ambito").select_option(label=world.ambito_a.name)
    page.get_by_label("Titolo").fill(f"Bilancio {year}")
    page.locator("#id_first_year").fill(str(year))
    page.locator("#id_last_year").fill(str(year))
    page.get_by_role("button", name="Salva").click()
    for source, amount in (("fsol", "30000"), ("fnps", "12000")):
        page.get_by_role("link", name="Stanziamento per fonte").click()
        page.get_by_label("Fonte").select_option(source)
        page.get_by_label("Importo (EUR)").fill(amount)
        page.get_by_role("button", name="Salva").click()
    page.get_by_role("link", name="Nuova voce").click()
    page.get_by_label("Area del Piano di Zona").fill("Fragilità e disabilità")
    page.get_by_label("Azione").fill("Servizio di assistenza domiciliare")
    page.locator(f"input[name=f_{year}_fsol]").fill("30000")
    page.locator(f"input[name=f_{year}_fnps]").fill("12000")
    page.get_by_role("button", name="Salva").click()
    page.get_by_role("link", name="Riparto F.SOL").click()
    page.get_by_label("Criterio di riparto").select_option("parti_uguali")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("Ogni totale corrisponde")
    assert violations(page) == []
    budget = Budget.objects.get(title=f"Bilancio {year}")
    version = budget.versions.get()

    # On the Assemblea's agenda, with the Piano Operativo it funds.
    session = assembly.session
    page.goto(f"/assemblee/sedute/{session.pk}/punti/nuovo/")
    page.get_by_label("Oggetto").fill(f"Piano Operativo {year} e bilancio")
    page.get_by_label("Cosa decide").select_option("piano_operativo")
    page.get_by_label("Anno di riferimento").fill(str(year))
    page.get_by_label("Versione del bilancio da approvare").select_option(str(version.pk))
    page.get_by_role("button", name="Salva").click()
    item = session.items.get(subject="piano_operativo")
    assert item.budget_version_id == version.pk

    # The sitting (through the services), and the vote closed by the president from the console.
    assemblies.session_convene(actor=None, session=session)
    for body in (world.x, world.y, world.z):
        assemblies.check_in(actor=None, session=session, organization=body)
    assemblies.session_open(actor=None, session=session)
    vote = assemblies.vote_open(actor=None, item=item)
    for mayor, body in (
        (assembly.mayor_x, world.x),
        (assembly.mayor_y, world.y),
        (assembly.mayor_z, world.z),
    ):
        assemblies.ballot_cast(actor=mayor, vote=vote, voter=body, choice=Choice.FOR)
    with browser_context(browser, live_server, viewport={"width": 1280, "height": 900}) as chair_context:
        console = chair_context.new_page()
        login(console, assembly.mayor_x.username, PASSWORD)
        console.goto(f"/assemblee/sedute/{session.pk}/console/")
        console.get_by_role("button", name="Chiudi la votazione").click()
        expect(console.locator(".alert-success")).to_contain_text("Votazione chiusa: Approvata")

    page.goto(budget.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Approvata (in vigore)")
    expect(page.locator("main")).to_contain_text("deliberazione n. 1/")
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    if version.approved_on and version.approved_on <= date(year, 3, 31):
        expect(page.locator("main")).to_contain_text("entro il 31/03/")
    page.goto(f"/assemblee/adempimenti/ambiti/{world.ambito_a.pk}/")
    expect(page.locator("main")).not_to_contain_text(f"Piano Operativo annuale {year}: da approvare")
