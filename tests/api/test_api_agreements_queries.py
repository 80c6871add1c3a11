"""No agreements endpoint makes a query per row: each list and detail makes the same number of queries with
few rows and with many (`grow` adds parties, versions, articles, premises, money clauses with installments and
payments, and agreements)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from agreements import services
from agreements.models import Agreement, AgreementDocument, Premise, SplitCriterion
from agreements.selectors import working_version_q
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.api.helpers import API, ClientFor, body
from tests.governance.factories import ComuneFactory
from tests.worlds import World


def money(world: World, agreement: Agreement, description: str) -> None:
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description=description,
        total=Decimal("1200.00"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=3,
    )
    services.installments_schedule(
        actor=world.udp, clause=clause, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    for share in clause.shares.all():
        services.payment_record(
            actor=world.udp, share=share, paid_on=date(2024, 2, 1), amount=Decimal("10.00")
        )


@pytest.fixture
def agreement(world: World) -> Agreement:
    """In force, with one premise, one article, one money clause, and its PDF requested."""
    agreement = draft(world)
    services.premise_add(actor=world.udp, agreement=agreement, section="visti", text="La L. 328/2000")
    bring_in_force(world, agreement)
    money(world, agreement, "Quota 2024")  # paid in part: payments need an agreement in force
    if not AgreementDocument.objects.filter(agreement=agreement).exists():
        services.agreement_document_request(actor=world.udp, agreement=agreement)
    return agreement


def grow(world: World, agreement: Agreement) -> None:
    # Two amendments: three versions; the proposed one gets eight more articles and four more premises.
    for round_ in range(2):
        proposed = services.amendment_propose(
            actor=world.udp, agreement=agreement, reason=f"Modifica {round_}"
        )
        for number in range(2 + 8 * round_, 10 + 8 * round_):
            services.article_save(
                actor=world.udp,
                agreement=agreement,
                number=number,
                title=f"A{number}",
                body="…",
                expected_revision=None,
            )
        for n in range(2):
            services.premise_add(actor=world.udp, agreement=agreement, section="considerato", text=f"P{n}")
        if round_ == 0:
            for index, party in enumerate(agreement.parties.all()):
                services.amendment_approve(
                    actor=world.udp,
                    version=proposed,
                    party=party,
                    organ_name="Consiglio Comunale",
                    act_number=str(index),
                    act_date=date(2024, 6, 1),
                )
            services.agreement_document_request(actor=world.udp, agreement=agreement)  # of version 2
    for comune in ComuneFactory.create_batch(6, province=world.x.province):
        services.party_adhere(
            actor=world.udp, agreement=agreement, organization=comune, joined_on=date(2024, 5, 1)
        )
    money(world, agreement, "Quota 2025")
    for _n in range(3):
        draft(world)


# path -> queries for the Ufficio di Piano. Every request: 1 token (with its user). Parts of an agreement: 1 for
# the agreement (visible, else 404). A list: 1 COUNT and 1 page of rows with their joins.
PATHS = [
    ("agreements/", 3),
    # the agreement with its ambito and renewal; parties (with body, signatory, ambito), versions, their
    # articles and premises, money clauses, shares, installments, payments, shares' parties and their bodies,
    # the signed copies of a registered act
    ("agreements/{agreement}/", 13),
    ("agreements/{agreement}/parties/", 4),
    ("agreements/{agreement}/parties/{party}/", 3),
    ("agreements/{agreement}/versions/", 4),
    # the version; its premises, articles (with who changed them), approvals (with party and body)
    ("agreements/{agreement}/versions/1/", 6),
    ("agreements/{agreement}/articles/", 4),
    ("agreements/{agreement}/articles/1/", 3),
    ("agreements/{agreement}/premises/", 4),
    ("agreements/{agreement}/premises/{premise}/", 3),
    # + shares (with party and body), installments, payments
    ("agreements/{agreement}/money-clauses/", 7),
    ("agreements/{agreement}/money-clauses/{clause}/", 6),
    # the agreement; the current version, its document, the document's version (for its number)
    ("agreements/{agreement}/document/", 5),
    # the organization; its agreements, its party on each, its shares, their installments and payments
    ("organizations/{y}/agreements/", 7),
]


@pytest.mark.parametrize(("path", "queries"), PATHS)
def test_query_count_does_not_grow_with_rows(
    world: World,
    client_for: ClientFor,
    agreement: Agreement,
    django_assert_num_queries: Any,
    path: str,
    queries: int,
) -> None:
    def url() -> str:
        names = {
            "agreement": agreement.pk,
            "party": agreement.parties.get(organization=world.y).pk,
            "premise": Premise.objects.filter(version__in=working_version_q(agreement)).first().pk,  # type: ignore[union-attr]
            "clause": agreement.money_clauses.order_by("pk").first().pk,  # type: ignore[union-attr]
            "y": world.y.pk,
        }
        return f"{API}/{path.format(**names)}"

    client = client_for("udp")
    few_url = url()
    with django_assert_num_queries(queries):
        few = client.get(few_url)
    assert few.status_code == 200, few.content
    grow(world, agreement)
    many_url = url()
    with django_assert_num_queries(queries):
        many = client.get(many_url)
    assert many.status_code == 200, many.content
    if "count" in body(few):
        assert 1 <= body(few)["count"] < body(many)["count"]


def test_the_owner_sees_lists_with_the_same_queries(
    world: World, client_for: ClientFor, agreement: Agreement, django_assert_num_queries: Any
) -> None:
    client = client_for("owner")
    for path, queries in PATHS:
        if "{" in path.replace("{agreement}", "").replace("{y}", ""):
            continue
        url = f"{API}/{path.format(agreement=agreement.pk, y=world.y.pk)}"
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url
