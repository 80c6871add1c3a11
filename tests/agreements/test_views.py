"""Agreement pages from the four points of view, query counts that do not grow, and the organization panel."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementStatus, SplitCriterion
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.money import quarterly_clause
from tests.governance.factories import ComuneFactory
from tests.worlds import World


@pytest.fixture
def agreement(world: World) -> Agreement:
    agreement = draft(world)
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Finalità",
        body="Testo <b>1</b>",
        expected_revision=None,
    )
    services.premise_add(actor=world.udp, agreement=agreement, section="visti", text="La legge 328/2000")
    services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota 2024",
        total=Decimal("300.00"),
        criterion=SplitCriterion.EQUAL,
    )
    # (No payment: an agreement in approval takes none.)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=AgreementStatus.IN_APPROVAL)
    return agreement


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [("owner", 200, 200), ("other", 200, 404), ("udp", 200, 200), ("anonymous", 302, 302)],
)
def test_permission_matrix(
    world: World, agreement: Agreement, who: str, list_status: int, detail_status: int
) -> None:
    client = world.client_for(who)
    listing = client.get(reverse("agreements:agreement_list"))
    assert listing.status_code == list_status
    if who != "anonymous":
        titles = {row.title for row in listing.context["object_list"]}
        assert titles == (set() if who == "other" else {"Convenzione di sub-ambito"})
    assert (
        client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).status_code == detail_status
    )


def test_detail_shows_parties_text_escaped_and_what_is_owed(world: World, agreement: Agreement) -> None:
    body = (
        world.client_for("owner")
        .get(reverse("agreements:agreement_detail", args=[agreement.pk]))
        .content.decode()
    )
    assert "Testo &lt;b&gt;1&lt;/b&gt;" in body  # user text is never raw HTML
    assert "da registrare" in body and "Visti" in body
    # Ypsilon: share 100,00; nothing is due while the agreement is in approval, and nothing can be paid.
    assert "100,00" in body and "registra un pagamento" not in body


def test_the_organization_page_lists_its_agreements_and_what_it_owes(
    world: World, agreement: Agreement
) -> None:
    body = world.client_for("owner").get(world.y.get_absolute_url()).content.decode()
    assert "Accordi di cui l'ente è parte" in body and "Convenzione di sub-ambito" in body
    assert "da pagare" not in body  # nothing owed before the agreement binds its parties


def test_a_draft_is_not_shown_to_its_parties(world: World) -> None:
    hidden = draft(world)
    assert (
        world.client_for("owner").get(reverse("agreements:agreement_detail", args=[hidden.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["agreements:agreement_list", "agreements:agreement_detail"])
def test_query_count_does_not_grow(
    world: World, agreement: Agreement, django_assert_num_queries: Any, name: str
) -> None:
    client = world.client_for("udp")
    url = reverse(name, args=[agreement.pk] if name.endswith("detail") else [])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=AgreementStatus.DRAFT)
    for number in range(2, 12):
        services.article_save(
            actor=world.udp,
            agreement=agreement,
            number=number,
            title=f"A{number}",
            body="…",
            expected_revision=None,
        )
    for comune in ComuneFactory.create_batch(8, province=world.x.province):
        services.party_add(actor=world.udp, agreement=agreement, organization=comune)
    services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota 2025",
        total=Decimal("999.99"),
        criterion=SplitCriterion.EQUAL,
    )
    more = draft(world)
    assert more.pk
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_money_table_says_when_a_withdrawing_partys_installments_stop(world: World) -> None:
    withdrawing = draft(world)
    clause = quarterly_clause(world, withdrawing)
    bring_in_force(world, withdrawing)
    share = clause.shares.select_related("party").get(party__organization=world.z)
    services.party_withdraw(actor=world.udp, party=share.party, notified_on=date(2024, 1, 31))
    body = (
        world.client_for("udp")
        .get(reverse("agreements:agreement_detail", args=[withdrawing.pk]))
        .content.decode()
    )
    assert "recesso efficace dal 31/07/2024: rate successive non dovute" in body
    assert body.count("rate successive non dovute") == 1  # only the withdrawing party's row
    assert "75,00" in body  # due from it: the three installments up to 31/07/2024, not the fourth


def test_the_list_filters_by_party_and_ambito(world: World, agreement: Agreement) -> None:
    other = draft(world)
    services.party_remove(actor=world.udp, party=other.parties.get(organization=world.y))
    client = world.client_for("udp")
    url = reverse("agreements:agreement_list")
    page = client.get(url)
    assert 'id="filter-party"' in page.content.decode()
    assert {o.pk for o in page.context["party_organizations"]} == {world.x.pk, world.y.pk, world.z.pk}

    def titles(**params: Any) -> list[int]:
        return sorted(a.pk for a in client.get(url, params).context["object_list"])

    assert titles(party=world.y.pk) == [agreement.pk]
    assert titles(party=world.z.pk) == sorted([agreement.pk, other.pk])
    assert titles(ambito=world.ambito_a.pk) == sorted([agreement.pk, other.pk])
    assert titles(ambito=world.ambito_b.pk) == []
    assert titles(party="x", ambito="y") == sorted([agreement.pk, other.pk])  # unreadable values are ignored


def test_pages_say_when_the_next_installment_falls_due(world: World) -> None:
    agreement = draft(world)
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota futura",
        total=Decimal("300.00"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=3,
    )
    next_year = timezone.localdate().year + 1
    services.installments_schedule(
        actor=world.udp, clause=clause, start=date(next_year, 1, 1), end=date(next_year, 12, 31)
    )
    bring_in_force(world, agreement)
    organization_page = world.client_for("owner").get(world.y.get_absolute_url()).content.decode()
    assert f"prossima rata il 01/01/{next_year}: 25,00 €" in organization_page
    detail = world.client_for("owner").get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    assert f"01/01/{next_year} · 25,00" in detail.content.decode()
