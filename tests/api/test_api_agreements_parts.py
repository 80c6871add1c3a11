"""The parts of one agreement under agreements/{id}/: parties, versions and amendments, articles (with the
409 of a stale save), premises and money clauses. Who may write is covered for every endpoint by
test_api_agreements.test_write_matrix; here each read is seen from the four points of view, and each write
succeeds or fails as the Ufficio di Piano."""

from decimal import Decimal
from typing import Any

import pytest

from agreements import services
from agreements.models import Agreement, Article, MoneyClause, Party, PartyRole, Payment, SplitCriterion
from governance.models import OrganizationKind
from governance.services import organization_create
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.api.helpers import (
    ClientFor,
    add_article,
    assert_error,
    assert_unauthenticated,
    assert_validation_error,
    body,
    detail,
    ids,
    in_approval,
)
from tests.worlds import World


def part(agreement: Agreement, path: str) -> str:
    return f"{detail(agreement)}{path}"


def clause_of(world: World, agreement: Agreement, **extra: Any) -> MoneyClause:
    return services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota 2024",
        total=Decimal("300.00"),
        criterion=SplitCriterion.EQUAL,
        **extra,
    )


# --- every read from the four points of view -------------------------------------------------------------

READS = [
    "parties/",
    "parties/{party}/",
    "versions/",
    "versions/1/",
    "articles/",
    "articles/1/",
    "premises/",
    "premises/{premise}/",
    "money-clauses/",
    "money-clauses/{clause}/",
]


@pytest.mark.parametrize("path", READS)
def test_read_matrix(world: World, client_for: ClientFor, path: str) -> None:
    visible = draft(world)
    add_article(world, visible)
    premise = services.premise_add(actor=world.udp, agreement=visible, section="visti", text="La L. 328/2000")
    clause = clause_of(world, visible)
    services.agreement_transition(actor=world.udp, agreement=visible, to="in_approvazione")
    party = visible.parties.get(organization=world.y)
    url = part(visible, path.format(party=party.pk, premise=premise.pk, clause=clause.pk))
    for who in ("owner", "udp"):
        response = client_for(who).get(url)
        assert response.status_code == 200, (who, response.content)
    assert_error(client_for("other").get(url), 404, "not_found")
    assert_unauthenticated(client_for("anonymous").get(url))
    hidden = draft(world)
    assert_error(client_for("owner").get(part(hidden, path.split("{")[0])), 404, "not_found")


@pytest.mark.parametrize(
    "path", ["parties/0/", "versions/9/", "articles/9/", "premises/0/", "money-clauses/0/"]
)
def test_a_missing_part_is_404(client_for: ClientFor, visible: Agreement, path: str) -> None:
    assert_error(client_for("udp").get(part(visible, path)), 404, "not_found")


def test_a_malformed_agreement_id_is_the_structured_404(client_for: ClientFor) -> None:
    assert_error(client_for("udp").get("/api/v1/agreements/abc/parties/"), 404, "not_found")


# --- parties ---------------------------------------------------------------------------------------------


def test_parties_list_shape(world: World, client_for: ClientFor, visible: Agreement) -> None:
    rows = body(client_for("owner").get(part(visible, "parties/")))["results"]
    assert [row["organization"]["id"] for row in rows] == [world.y.pk, world.x.pk, world.z.pk]
    assert [row["role"] for row in rows] == ["referente", "firmatario", "firmatario"]
    assert rows[0]["authorising_act"] == {"organ_name": "", "number": "", "date": None, "recorded": False}


def test_udp_adds_and_updates_a_party(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    client = client_for("udp")
    response = client.post(
        part(agreement, "parties/"),
        {"organization": world.ets.pk, "role": "firmatario", "signing_order": 4},
        format="json",
    )
    assert response.status_code == 201, response.content
    party_id = body(response)["id"]
    assert body(response)["organization"] == {"id": world.ets.pk, "name": "Cooperativa Alfa"}
    response = client.patch(
        part(agreement, f"parties/{party_id}/"),
        {"signatory": world.person_y.pk, "signatory_capacity": "Presidente"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert body(response)["signatory"]["id"] == world.person_y.pk


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"organization": "y"}, "non_field_errors"),  # already a party
        ({"organization": "w"}, "organization"),  # not visible to the Ufficio di Piano of ambito A
        ({"organization": "ets", "role": "sovrano"}, "role"),
        ({"organization": "ets", "signatory": "person_w"}, "signatory"),  # not visible
    ],
)
def test_add_party_invalid_is_400(
    world: World, client_for: ClientFor, payload: dict[str, Any], field: str
) -> None:
    agreement = draft(world)
    payload = {key: getattr(world, value).pk if key != "role" else value for key, value in payload.items()}
    assert_validation_error(
        client_for("udp").post(part(agreement, "parties/"), payload, format="json"), field
    )
    assert agreement.parties.count() == 3


def test_authorisation_withdrawal_and_adhesion(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    client = client_for("udp")
    z = agreement.parties.get(organization=world.z)
    act = {"organ_name": "Giunta Comunale", "act_number": "45", "act_date": "2024-02-10"}
    response = client.post(part(agreement, f"parties/{z.pk}/authorisation/"), act, format="json")
    assert body(response)["authorising_act"] == {
        "organ_name": "Giunta Comunale",
        "number": "45",
        "date": "2024-02-10",
        "recorded": True,
    }
    # Withdrawal needs an agreement in force.
    notice = {"notified_on": "2024-08-31", "continuing_obligations": "Quota del personale"}
    assert_validation_error(client.post(part(agreement, f"parties/{z.pk}/withdraw/"), notice, format="json"))
    bring_in_force(world, agreement)
    response = client.post(part(agreement, f"parties/{z.pk}/withdraw/"), notice, format="json")
    assert response.status_code == 200, response.content
    assert body(response)["withdrawal_effective_on"] == "2025-02-28"  # six months' notice, month-end aware
    assert body(response)["continuing_obligations"] == "Quota del personale"
    data = assert_validation_error(
        client.post(part(agreement, f"parties/{z.pk}/withdraw/"), notice, format="json")
    )
    assert "già stato registrato" in data["errors"]["non_field_errors"][0]["message"]
    ets = organization_create(actor=None, ambito=world.ambito_a, kind=OrganizationKind.ETS, name="Gamma")
    response = client.post(
        part(agreement, "parties/adhere/"), {"organization": ets.pk, "joined_on": "2024-06-01"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert body(response)["role"] == "aderente" and body(response)["joined_on"] == "2024-06-01"
    assert body(response)["signing_order"] == 4


def test_a_party_is_not_added_once_the_agreement_left_draft(
    world: World, client_for: ClientFor, visible: Agreement
) -> None:
    response = client_for("udp").post(
        part(visible, "parties/"), {"organization": world.ets.pk}, format="json"
    )
    assert_validation_error(response, "non_field_errors")


# --- versions and amendments -----------------------------------------------------------------------------


def test_version_detail_has_premises_articles_and_approvals(world: World, client_for: ClientFor) -> None:
    visible = draft(world)
    add_article(world, visible)
    services.premise_add(actor=world.udp, agreement=visible, section="visti", text="La L. 328/2000")
    services.agreement_transition(actor=world.udp, agreement=visible, to="in_approvazione")
    data = body(client_for("owner").get(part(visible, "versions/1/")))
    assert data["number"] == 1 and data["status"] == "bozza" and data["created_by"]["username"] == "udp"
    assert [(p["section"], p["position"], p["text"]) for p in data["premises"]] == [
        ("visti", 1, "La L. 328/2000")
    ]
    assert [(a["number"], a["title"], a["revision"]) for a in data["articles"]] == [(1, "Articolo 1", 1)]
    assert data["approvals"] == []


def test_an_amendment_approved_by_every_party_becomes_the_text_in_force(
    world: World, client_for: ClientFor
) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    client = client_for("udp")
    response = client.post(part(agreement, "versions/"), {"reason": "Nuovo art. 2"}, format="json")
    assert response.status_code == 201, response.content
    assert body(response)["number"] == 2 and body(response)["status"] == "proposta"
    assert body(response)["articles"][0]["body"] == "Testo."
    assert_validation_error(client.post(part(agreement, "versions/"), {"reason": "Ancora"}, format="json"))
    response = client.post(
        part(agreement, "articles/"), {"number": 2, "title": "Nuovo", "body": "Aggiunto."}, format="json"
    )
    assert response.status_code == 201, response.content
    assert body(client.get(detail(agreement)))["proposed_version"] == 2
    parties = list(agreement.parties.all())
    for index, party in enumerate(parties):
        act = {
            "party": party.pk,
            "organ_name": "Consiglio Comunale",
            "act_number": str(20 + index),
            "act_date": "2025-01-10",
        }
        response = client.post(part(agreement, "versions/2/approve/"), act, format="json")
        assert response.status_code == 200, response.content
        assert body(response)["status"] == ("vigente" if index == len(parties) - 1 else "proposta")
    assert len(body(response)["approvals"]) == 3
    data = body(client.get(detail(agreement)))
    assert data["current_version"] == 2 and data["proposed_version"] is None
    assert [(v["number"], v["status"]) for v in data["versions"]] == [(1, "superata"), (2, "vigente")]
    old = body(client_for("owner").get(part(agreement, "versions/1/")))
    assert [a["number"] for a in old["articles"]] == [1]  # the old text stays readable
    # Approving again, or a version that is not a proposal, is refused.
    act = {"party": parties[0].pk, "organ_name": "CC", "act_number": "1", "act_date": "2025-02-01"}
    assert_validation_error(client.post(part(agreement, "versions/2/approve/"), act, format="json"))


def test_an_approval_names_a_party_of_this_agreement(world: World, client_for: ClientFor) -> None:
    agreement, elsewhere = draft(world), draft(world)
    bring_in_force(world, agreement)
    services.amendment_propose(actor=world.udp, agreement=agreement, reason="Modifica")
    foreign = elsewhere.parties.first()
    assert foreign is not None
    act = {"party": foreign.pk, "organ_name": "CC", "act_number": "1", "act_date": "2025-02-01"}
    response = client_for("udp").post(part(agreement, "versions/2/approve/"), act, format="json")
    assert assert_validation_error(response, "party")["errors"]["party"][0]["code"] == "does_not_exist"


def test_an_amendment_needs_an_agreement_in_force(client_for: ClientFor, visible: Agreement) -> None:
    data = assert_validation_error(
        client_for("udp").post(part(visible, "versions/"), {"reason": "X"}, format="json")
    )
    assert data["errors"]["non_field_errors"][0]["message"] == (
        "Operazione non possibile su un accordo «In approvazione»."
    )


# --- articles: optimistic concurrency --------------------------------------------------------------------


def test_articles_are_saved_with_their_revision_and_a_stale_save_is_a_409(
    world: World, client_for: ClientFor
) -> None:
    agreement = draft(world)
    client = client_for("udp")
    response = client.post(
        part(agreement, "articles/"), {"number": 1, "title": "Oggetto", "body": "uno"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert body(response)["revision"] == 1 and body(response)["updated_by"]["username"] == "udp"
    url = part(agreement, "articles/1/")
    response = client.patch(url, {"body": "due", "revision": 1}, format="json")
    assert response.status_code == 200, response.content
    assert body(response)["revision"] == 2 and body(response)["title"] == "Oggetto"
    # A second editor who also started from revision 1 is told, and nothing is overwritten.
    response = client.patch(url, {"body": "tre", "revision": 1}, format="json")
    assert response.status_code == 409, response.content
    data = body(response)
    assert set(data) == {"status", "code", "message", "errors", "current"}
    assert data["status"] == 409 and data["code"] == "edit_conflict" and data["errors"] == {}
    assert data["message"].startswith("L'articolo 1 è stato modificato da udp il ")
    assert data["current"]["revision"] == 2 and data["current"]["body"] == "due"
    assert data["current"]["updated_by"]["username"] == "udp" and data["current"]["updated_at"]
    assert Article.objects.get(version__agreement=agreement, number=1).body == "due"
    # Adding an article whose number exists is the same conflict, with the text already there.
    response = client.post(part(agreement, "articles/"), {"number": 1, "body": "quattro"}, format="json")
    assert response.status_code == 409 and body(response)["current"]["body"] == "due"


def test_article_body_shape_errors(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    add_article(world, agreement)
    client = client_for("udp")
    assert_validation_error(
        client.patch(part(agreement, "articles/1/"), {"body": "x"}, format="json"), "revision"
    )
    assert_validation_error(
        client.post(part(agreement, "articles/"), {"number": 0, "body": "x"}, format="json"), "number"
    )
    assert_error(
        client.patch(part(agreement, "articles/7/"), {"revision": 1}, format="json"), 404, "not_found"
    )


def test_the_text_in_force_is_not_edited_in_place(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    response = client_for("udp").patch(
        part(agreement, "articles/1/"), {"body": "x", "revision": 1}, format="json"
    )
    data = assert_validation_error(response, "non_field_errors")
    assert "proponi una modifica" in data["errors"]["non_field_errors"][0]["message"]


# --- premises --------------------------------------------------------------------------------------------


def test_udp_adds_premises(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    client = client_for("udp")
    for section in ("visti", "premesso"):
        response = client.post(
            part(agreement, "premises/"), {"section": section, "text": f"Testo {section}"}, format="json"
        )
        assert response.status_code == 201, response.content
    assert body(response)["position"] == 2 and body(response)["section_label"] == "Premesso che"
    assert [row["section"] for row in body(client.get(part(agreement, "premises/")))["results"]] == [
        "visti",
        "premesso",
    ]
    assert_validation_error(
        client.post(part(agreement, "premises/"), {"section": "vedi", "text": "x"}, format="json"), "section"
    )


# --- money -----------------------------------------------------------------------------------------------


def test_money_clause_split_installments_payments_and_balance(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    client = client_for("udp")
    response = client.post(
        part(agreement, "money-clauses/"),
        {
            "description": "Quota di sub-ambito 2024",
            "total": "100.00",
            "criterion": "parti_uguali",
            "installments_every_months": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    clause = body(response)
    assert [share["amount"] for share in clause["shares"]] == ["33.34", "33.33", "33.33"]
    url = part(agreement, f"money-clauses/{clause['id']}/")
    response = client.post(f"{url}installments/", {"start": "2024-01-01", "end": "2024-12-31"}, format="json")
    assert response.status_code == 200, response.content
    y_share = body(response)["shares"][0]
    assert y_share["party"]["organization"]["id"] == world.y.pk
    assert [i["due_date"] for i in y_share["installments"]] == [
        "2024-01-01",
        "2024-04-01",
        "2024-07-01",
        "2024-10-01",
    ]
    # Nothing is due while the agreement is a draft, and no payment can be recorded on it.
    assert (y_share["due"], y_share["paid"], y_share["owed"]) == ("0.00", "0.00", "0.00")
    payment = {"share": y_share["id"], "paid_on": "2024-01-10", "amount": "10.00", "reference": "mandato 12"}
    refused = assert_validation_error(client.post(f"{url}payments/", payment, format="json"))
    assert refused["errors"]["non_field_errors"][0]["code"] == "not_in_force"
    assert "entrato in vigore" in refused["errors"]["non_field_errors"][0]["message"]
    assert not Payment.objects.exists()
    bring_in_force(world, agreement)
    response = client.post(f"{url}payments/", payment, format="json")
    assert response.status_code == 201, response.content
    y_share = body(response)["shares"][0]
    assert y_share["payments"][0]["reference"] == "mandato 12"
    y_share = body(client_for("owner").get(url))["shares"][0]
    assert (y_share["due"], y_share["paid"], y_share["owed"]) == ("33.34", "10.00", "23.34")


def test_money_errors_are_400_and_save_nothing(world: World, client_for: ClientFor) -> None:
    agreement, other = draft(world), draft(world)
    client = client_for("udp")
    url = part(agreement, "money-clauses/")
    parties = [party.pk for party in agreement.parties.all()]
    fixed = {"description": "Quote", "total": "36000.00", "criterion": "fisso", "parties": parties}
    data = assert_validation_error(
        client.post(url, {**fixed, "fixed_amounts": ["12000.00", "12000.00", "11999.99"]}, format="json")
    )
    assert "non corrisponde al totale" in data["errors"]["non_field_errors"][0]["message"]
    assert_validation_error(client.post(url, {**fixed, "total": "-1"}, format="json"), "total")
    assert_validation_error(
        client.post(url, {**fixed, "parties": [parties[0], parties[0]]}, format="json"), "parties"
    )
    foreign = [party.pk for party in other.parties.all()]
    assert_validation_error(client.post(url, {**fixed, "parties": foreign}, format="json"), "parties")
    population = {"description": "P", "total": "10.00", "criterion": "popolazione", "population_year": 2024}
    data = assert_validation_error(client.post(url, population, format="json"))
    assert "Manca la popolazione al 31/12/2023" in data["errors"]["non_field_errors"][0]["message"]
    assert not MoneyClause.objects.filter(agreement=agreement).exists()
    # A payment names a share of this clause.
    first, second = clause_of(world, agreement), clause_of(world, agreement)
    foreign_share = second.shares.first()
    assert foreign_share is not None
    payment = {"share": foreign_share.pk, "paid_on": "2024-01-10", "amount": "1.00"}
    response = client.post(part(agreement, f"money-clauses/{first.pk}/payments/"), payment, format="json")
    assert assert_validation_error(response, "share")["errors"]["share"][0]["code"] == "does_not_exist"
    response = client.post(
        part(agreement, f"money-clauses/{first.pk}/payments/"), {**payment, "amount": "0"}, format="json"
    )
    assert_validation_error(response, "amount")
    response = client.post(
        part(agreement, f"money-clauses/{first.pk}/installments/"),
        {"start": "2024-01-01", "end": "2024-12-31"},
        format="json",
    )
    assert "non prevede rate" in assert_validation_error(response)["errors"]["non_field_errors"][0]["message"]


def test_weights_split_to_the_cent(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    response = client_for("udp").post(
        part(agreement, "money-clauses/"),
        {"description": "Pesi", "total": "10.00", "criterion": "pesi", "weights": ["1", "1", "1"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert sum(Decimal(share["amount"]) for share in body(response)["shares"]) == Decimal("10.00")


def test_lists_are_paginated(world: World, client_for: ClientFor) -> None:
    agreement = in_approval(world)
    assert ids(client_for("owner").get(part(agreement, "parties/?page_size=2"))) == set(
        agreement.parties.order_by("signing_order").values_list("pk", flat=True)[:2]
    )
    assert Party.objects.filter(agreement=agreement, role=PartyRole.REFERENTE).count() == 1
    assert body(client_for("owner").get(part(agreement, "parties/?page_size=2")))["count"] == 3
