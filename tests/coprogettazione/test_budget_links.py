"""An ambito's share of a programme (seed 004: P2 50,000 and P6 84,000 from the ambito) tied to the line of the
ambito's budget that carries it: who may tie it, which lines, what the budget sets on the line in the period and when
that does not match the share; a line followed across a variation."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from budgets import services as budgets
from budgets.models import FundSource
from coprogettazione import selectors, services
from coprogettazione.models import ProgrammeFunding
from core.audit import audit_trail
from governance.models import Role
from tests.coprogettazione.helpers import D, ambito_budget_line, build_co_design
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db

FULL = {2026: "20000.00", 2027: "20000.00", 2028: "10000.00"}  # 50,000: the share exactly


def share_of(world: World) -> ProgrammeFunding:
    built = build_co_design(world)  # P1 of Xanadu, 2026-2028: 50,000 from ambito A over the period
    return built.programme.fundings.get(funder_ambito=world.ambito_a)


def sheet_row(world: World, funding: ProgrammeFunding) -> selectors.ProgrammeRow:
    procedure = selectors.procedure_detail(user=world.udp, pk=funding.programme.procedure_id)
    return next(
        row for row in selectors.procedure_sheet(procedure).rows if row.programme.pk == funding.programme_id
    )


def test_a_share_tied_to_a_line_that_carries_it_exactly_adds_up(world: World) -> None:
    funding = share_of(world)
    line = ambito_budget_line(world, FULL)
    services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    funding.refresh_from_db()
    assert funding.budget_line == line
    row = sheet_row(world, funding)
    figure = row.budget_figures[line.pk]
    assert figure is not None
    assert (figure.amount, figure.first_year, figure.last_year, figure.covers_period) == (
        Decimal("50000.00"),
        2026,
        2028,
        True,
    )
    assert row.mismatches == []
    assert any(event.changes.get("budget_line_id") == [None, line.pk] for event in audit_trail(obj=funding))
    services.funding_budget_link(actor=world.udp, funding=funding, line=None)
    funding.refresh_from_db()
    assert funding.budget_line is None


def test_a_line_that_sets_less_than_the_share_is_flagged_with_both_figures(world: World) -> None:
    funding = share_of(world)
    line = ambito_budget_line(world, {2026: "20000.00", 2027: "20000.00", 2028: "5000.00"})
    services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    messages = [mismatch.message for mismatch in sheet_row(world, funding).mismatches]
    assert messages == [
        "P1, quota di Ambito A: la voce «Famiglie e minori — Co-progettazione P1» del bilancio «Bilancio 2026-2028» "
        "stanzia 45.000,00 EUR negli anni 2026–2028, la quota è 50.000,00 EUR."
    ]


def test_a_budget_covering_part_of_the_period_shows_its_years_and_is_not_flagged(world: World) -> None:
    # Seed 004 speaks of the ambito's "budget 2025-2027" for a co-design of 2026-2028.
    funding = share_of(world)
    line = ambito_budget_line(
        world, {2025: "10000.00", 2026: "20000.00", 2027: "20000.00"}, first_year=2025, last_year=2027
    )
    services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    row = sheet_row(world, funding)
    figure = row.budget_figures[line.pk]
    assert figure is not None
    assert (figure.amount, figure.first_year, figure.last_year, figure.covers_period) == (
        Decimal("40000.00"),
        2026,
        2027,
        False,
    )
    assert row.mismatches == []


def test_the_line_is_followed_to_the_variation_in_force_and_flagged_when_it_is_gone(world: World) -> None:
    from datetime import date

    funding = share_of(world)
    line = ambito_budget_line(world, FULL, approve=True)
    services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    budget = line.version.budget
    # A variation moves 5,000 of 2028 away from the line (and from the FNPS): the version in force now sets 45,000.
    draft = budgets.variation_start(actor=world.udp, budget=budget, reason="Minori entrate FNPS 2028")
    copy = draft.lines.get()
    budgets.allocation_set(
        actor=world.udp, version=draft, year=2028, source=FundSource.FNPS, amount=D("5000.00")
    )
    fundings = {(2026, "fnps"): D("20000.00"), (2027, "fnps"): D("20000.00"), (2028, "fnps"): D("5000.00")}
    budgets.line_save(
        actor=world.udp, version=draft, area=copy.area, action=copy.action, fundings=fundings, line=copy
    )
    # Until the variation is approved the line still reads on its own version (the draft is not in force).
    assert sheet_row(world, funding).mismatches == []
    budgets.version_approve_outside(
        actor=world.udp, version=draft, reference="AdS n. 9/2026", on=date(2026, 9, 1)
    )
    row = sheet_row(world, funding)
    figure = row.budget_figures[line.pk]
    assert figure is not None and figure.line.pk == copy.pk and figure.amount == Decimal("45000.00")
    assert "stanzia 45.000,00 EUR" in row.mismatches[0].message
    # A second variation renames the action: the share's line is no longer in the budget in force.
    second = budgets.variation_start(actor=world.udp, budget=budget, reason="Riorganizzazione delle voci")
    renamed = second.lines.get()
    budgets.line_save(
        actor=world.udp,
        version=second,
        area=renamed.area,
        action="Centri per la famiglia",
        fundings=fundings,
        line=renamed,
    )
    budgets.version_approve_outside(
        actor=world.udp, version=second, reference="AdS n. 12/2026", on=date(2026, 11, 1)
    )
    row = sheet_row(world, funding)
    assert row.budget_figures[line.pk] is None
    assert [m.message for m in row.mismatches] == [
        "P1, quota di Ambito A: la voce «Famiglie e minori — Co-progettazione P1» non c'è più nel bilancio "
        "«Bilancio 2026-2028» in vigore."
    ]


def test_only_a_live_line_of_the_funding_ambitos_budget_over_the_period_is_accepted(world: World) -> None:
    funding = share_of(world)
    too_early = ambito_budget_line(world, {2023: "1.00"}, first_year=2023, last_year=2025)
    with pytest.raises(ValidationError) as refused:
        services.funding_budget_link(actor=world.udp, funding=funding, line=too_early)
    assert "copre almeno un anno del periodo 2026-2028" in str(refused.value)
    # A line of a replaced version cannot be chosen (it is followed, not picked).
    line = ambito_budget_line(world, FULL, approve=True)
    budgets.variation_start(actor=world.udp, budget=line.version.budget, reason="Variazione")
    from datetime import date

    draft = line.version.budget.versions.get(status="bozza")
    budgets.version_approve_outside(
        actor=world.udp, version=draft, reference="AdS n. 9/2026", on=date(2026, 9, 1)
    )
    with pytest.raises(ValidationError):
        services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    # The comune's own share is not the ambito's money.
    own = services.funding_add(
        actor=world.udp, programme=funding.programme, funder_organization=world.x, period_amount=D(1000)
    )
    with pytest.raises(ValidationError):
        services.funding_budget_link(actor=world.udp, funding=own, line=draft.lines.get())
    # And the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFunding.objects.filter(pk=own.pk).update(budget_line=draft.lines.get())
    funding.refresh_from_db()
    assert funding.budget_line is None


def test_only_who_keeps_the_ambitos_budget_ties_a_share_to_it(world: World) -> None:
    funding = share_of(world)
    line = ambito_budget_line(world, FULL)
    # Xanadu's own officer runs Xanadu's procedure but does not keep the ambito's budget.
    officer = make_user("xanadu.sociale", world.x, Role.OPERATORE_COMUNALE)
    for actor in (officer, world.owner, world.other, make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)):
        with pytest.raises(PermissionDenied):
            services.funding_budget_link(actor=actor, funding=funding, line=line)
    funding.refresh_from_db()
    assert funding.budget_line is None


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_tie_the_share_and_show_it_on_both_sides(world: World) -> None:
    funding = share_of(world)
    line = ambito_budget_line(world, FULL)
    procedure = funding.programme.procedure
    programme_url = reverse("coprogettazione:programme_detail", args=[procedure.pk, funding.programme_id])
    link_url = reverse(
        "coprogettazione:funding_budget_line", args=[procedure.pk, funding.programme_id, funding.pk]
    )
    client = world.client_for("udp")
    page = client.get(programme_url).content.decode()
    assert "non collegata" in page and link_url in page
    form = client.get(link_url).content.decode()
    assert "Bilancio 2026-2028 (v. 1, Bozza) — Famiglie e minori — Co-progettazione P1" in form
    # A line of another ambito's budget is not among the choices: refused, nothing saved.
    response = client.post(link_url, {"budget_line": 999999})
    assert response.status_code == 200 and "budget_line" in response.context["form"].errors
    assert client.post(link_url, {"budget_line": line.pk}).status_code == 302
    page = client.get(programme_url).content.decode()
    assert (
        "50.000,00 EUR stanziati negli anni 2026–2028" in page
        and line.version.budget.get_absolute_url() in page
    )
    budget_page = client.get(line.version.budget.get_absolute_url()).content.decode()
    assert (
        "Quote della co-progettazione a carico del bilancio" in budget_page
        and "Co-progettazione di Xanadu" in budget_page
    )
    # The procedure's own officer sees the tie but is refused the form.
    officer = make_user("xanadu.sociale", world.x, Role.OPERATORE_COMUNALE)
    officer_client = _client(officer)
    assert link_url not in officer_client.get(programme_url).content.decode()
    assert officer_client.get(link_url).status_code == 403
    assert officer_client.post(link_url, {"budget_line": ""}).status_code == 403
    funding.refresh_from_db()
    assert funding.budget_line == line


def test_the_programme_page_queries_do_not_grow_with_tied_shares(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    funding = share_of(world)
    line = ambito_budget_line(world, FULL)
    services.funding_budget_link(actor=world.udp, funding=funding, line=line)
    procedure = funding.programme.procedure
    url = reverse("coprogettazione:programme_detail", args=[procedure.pk, funding.programme_id])
    client = world.client_for("udp")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for number in range(4):
        more = services.funding_add(
            actor=world.udp,
            programme=funding.programme,
            funder_ambito=world.ambito_a,
            annual_amount=D(number + 1),
        )
        services.funding_budget_link(actor=world.udp, funding=more, line=line)
    assert queries() == one
