"""The Ufficio di Piano's editing pages: each page from the four points of view (a party's operator: 403, or 404
while it cannot see the agreement; another body: 404; the Ufficio di Piano: 200; anonymous: to the login),
query counts that do not grow with the rows, each write through the browser with its audit trail, invalid
input that saves nothing, the article conflict between two editors, and the renewal service."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import (
    Agreement,
    Party,
    SplitCriterion,
    TemplateSlot,
)
from agreements.rules import TRANSITIONS
from core.models import AuditEvent
from governance import services as registry
from tests.agreements.helpers.drafting import draft
from tests.agreements.helpers.pages import (
    PAGES,
    Agreements,
    S,
    party_of,
)
from tests.governance.factories import ComuneFactory
from tests.worlds import World

# --- who may open and submit each page -----------------------------------------------------------------


def test_permission_matrix(world: World, agreements: Agreements) -> None:
    """Every page in one test (building the agreements once): 403 or 404 on GET and POST, nothing written."""
    counts = AuditEvent.objects.count(), Party.objects.count(), Agreement.objects.count()
    clients = {who: world.client_for(who) for who in ("owner", "other", "udp", "anonymous")}
    for name, udp_kwargs, party_kwargs in PAGES:
        udp_url = reverse(name, kwargs=udp_kwargs(world, agreements))
        response = clients["udp"].get(udp_url)
        assert response.status_code == 200, name
        markers = (b'id="submit-button"', b'id="blocked-reason"', b'id="no-blanks"')
        assert any(marker in response.content for marker in markers), name
        url = reverse(name, kwargs=party_kwargs(world, agreements)) if party_kwargs else udp_url
        expected = {"owner": 403, "other": 404 if party_kwargs else 403}
        for who, status in expected.items():
            assert clients[who].get(url).status_code == status, (name, who)
            assert clients[who].post(url, {"title": "X", "confirmed": "1"}).status_code == status, (name, who)
        for response in (clients["anonymous"].get(url), clients["anonymous"].post(url, {})):
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        if party_kwargs and party_kwargs(world, agreements)["pk"] == agreements.approving.pk:
            # While the agreement is a draft its parties do not even know it exists.
            hidden = {**party_kwargs(world, agreements), "pk": agreements.drafting.pk}
            if "party_pk" in hidden:
                hidden["party_pk"] = party_of(agreements.drafting, world)
            assert clients["owner"].get(reverse(name, kwargs=hidden)).status_code == 404, name
    assert (AuditEvent.objects.count(), Party.objects.count(), Agreement.objects.count()) == counts


def grow(world: World, agreements: Agreements) -> None:
    """More of everything the edit pages show: parties, articles, premises, clauses, bodies, agreements."""
    for comune in ComuneFactory.create_batch(6, province=world.x.province):
        registry.ambito_member_add(actor=None, ambito=world.ambito_a, organization=comune)
        registry.mandate_create(
            actor=None,
            organization=comune,
            role="sindaco",
            new_person={"given_name": "S", "family_name": comune.name},
        )
        services.party_add(actor=world.udp, agreement=agreements.drafting, organization=comune)
        Party.objects.create(agreement=agreements.in_force, organization=comune, signing_order=9)
    for number in range(2, 12):
        services.article_save(
            actor=world.udp,
            agreement=agreements.drafting,
            number=number,
            title=f"A{number}",
            body="[[da_compilare]]",
            expected_revision=None,
        )
        services.premise_add(actor=world.udp, agreement=agreements.drafting, section="visti", text="Legge")
    services.money_clause_create(
        actor=world.udp,
        agreement=agreements.in_force,
        description="Quota 2025",
        total=Decimal("999.99"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=1,
    )
    services.installments_schedule(
        actor=world.udp, clause=agreements.clause, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    for position, key in enumerate(("comune_a", "comune_b", "comune_c"), start=10):
        TemplateSlot.objects.create(template=agreements.template, key=key, label=key, position=position)
    draft(world)


def test_query_count_does_not_grow(
    world: World, agreements: Agreements, django_assert_num_queries: Any
) -> None:
    """Each page's GET costs as many queries with many parties, articles, clauses and slots as with few."""
    client = world.client_for("udp")
    urls = {name: reverse(name, kwargs=udp_kwargs(world, agreements)) for name, udp_kwargs, _party in PAGES}
    few: dict[str, int] = {}
    for name, url in urls.items():
        client.get(url)  # caches warm (content types, session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        few[name] = len(queries.captured_queries)
    grow(world, agreements)
    for name, url in urls.items():
        with django_assert_num_queries(few[name]):
            assert client.get(url).status_code == 200, name


def test_the_detail_page_offers_the_editing_actions_only_to_the_ufficio_di_piano(
    world: World, agreements: Agreements
) -> None:
    url = reverse("agreements:agreement_detail", args=[agreements.approving.pk])
    body = world.client_for("udp").get(url).content.decode()
    assert 'id="edit-actions"' in body
    for state in TRANSITIONS[S.IN_APPROVAL]:
        assert reverse("agreements:agreement_transition", args=[agreements.approving.pk, state]) in body
    assert (
        reverse(
            "agreements:party_authorisation",
            args=[agreements.approving.pk, party_of(agreements.approving, world)],
        )
        in body
    )
    owner_body = world.client_for("owner").get(url).content.decode()
    assert 'id="edit-actions"' not in owner_body and "/stato/" not in owner_body
    drafting = world.client_for("udp").get(
        reverse("agreements:agreement_detail", args=[agreements.drafting.pk])
    )
    assert reverse("agreements:article_update", args=[agreements.drafting.pk, 1]) in drafting.content.decode()
    listing = world.client_for("udp").get(reverse("agreements:agreement_list")).content.decode()
    assert reverse("agreements:agreement_create") in listing
    assert (
        reverse("agreements:agreement_create")
        not in world.client_for("owner").get(reverse("agreements:agreement_list")).content.decode()
    )


# --- drafting ------------------------------------------------------------------------------------------


# --- parties -------------------------------------------------------------------------------------------


# --- the text ------------------------------------------------------------------------------------------


# --- lifecycle -----------------------------------------------------------------------------------------


# --- amendments ----------------------------------------------------------------------------------------


# --- renewal -------------------------------------------------------------------------------------------


# --- money ---------------------------------------------------------------------------------------------
