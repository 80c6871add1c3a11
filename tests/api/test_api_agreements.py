"""agreements/ and its lifecycle, the PDF and what an organization owes, seen as owner / other / Ufficio di
Piano / anonymous.

World (tests/conftest.py): the draft of `draft()` is managed by the Ufficio di Piano of ambito A (udp) and has
Comuni Y (referente; its operatore is `owner`), X and Z as parties; `other` acts for Comune W of ambito B.
Parties see an agreement once it leaves draft; nobody else sees it.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from agreements import documents, services
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    Party,
)
from core.models import AuditEvent
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.money import quarterly_clause
from tests.api.helpers import (
    API,
    URL,
    ClientFor,
    add_article,
    assert_error,
    assert_unauthenticated,
    assert_validation_error,
    body,
    detail,
    ids,
)
from tests.worlds import World

S = AgreementStatus


# --- list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "sees"), [("owner", True), ("other", False), ("udp", True)])
def test_list(world: World, client_for: ClientFor, visible: Agreement, who: str, sees: bool) -> None:
    hidden_draft = draft(world)  # the owner's Comune Y is a party, but a draft is shown to the UdP only
    expected = {visible.pk} if sees else set()
    if who == "udp":
        expected.add(hidden_draft.pk)
    assert ids(client_for(who).get(URL)) == expected


def test_list_anonymous_is_401(client_for: ClientFor) -> None:
    assert_unauthenticated(client_for("anonymous").get(URL))


def test_list_filters_search_ordering_and_row_shape(
    world: World, client_for: ClientFor, visible: Agreement
) -> None:
    other_kind = services.agreement_create(
        actor=world.udp, ambito=world.ambito_a, kind=AgreementKind.PROTOCOLLO_INTESA, title="Protocollo Beta"
    )
    client = client_for("udp")
    assert ids(client.get(f"{URL}?kind=protocollo_intesa")) == {other_kind.pk}
    assert ids(client.get(f"{URL}?status=in_approvazione")) == {visible.pk}
    assert ids(client.get(f"{URL}?ambito={world.ambito_a.pk}")) == {visible.pk, other_kind.pk}
    assert ids(client.get(f"{URL}?ambito={world.ambito_b.pk}")) == set()
    assert ids(client.get(f"{URL}?organization={world.z.pk}")) == {visible.pk}
    assert ids(client.get(f"{URL}?search=beta")) == {other_kind.pk}
    rows = body(client.get(f"{URL}?ordering=title"))["results"]
    assert [row["title"] for row in rows] == ["Convenzione di sub-ambito", "Protocollo Beta"]
    rows = body(client.get(f"{URL}?ordering=-title"))["results"]
    assert [row["title"] for row in rows] == ["Protocollo Beta", "Convenzione di sub-ambito"]
    assert_validation_error(client.get(f"{URL}?kind=castello"), "kind")
    assert_validation_error(client.get(f"{URL}?organization=abc"), "organization")
    row = next(row for row in rows if row["id"] == visible.pk)
    assert row["kind"] == "convenzione" and row["status_label"] == "In approvazione"
    assert row["ambito"] == {"id": world.ambito_a.pk, "name": "Ambito A"}
    assert row["until_event"] == "l'approvazione del nuovo Piano di Zona"


def test_expiring_filters(world: World, client_for: ClientFor) -> None:
    soon, later = draft(world), draft(world)
    for agreement in (soon, later):
        bring_in_force(world, agreement)
    today = timezone.localdate()
    Agreement.objects.filter(pk=soon.pk).update(end_date=today + timedelta(days=30))
    Agreement.objects.filter(pk=later.pk).update(end_date=today + timedelta(days=200))
    client = client_for("owner")
    assert ids(client.get(f"{URL}?expiring=true")) == {soon.pk}
    assert ids(client.get(f"{URL}?expiring=false")) == {soon.pk, later.pk}
    assert ids(client.get(f"{URL}?expiring_within_days=365")) == {soon.pk, later.pk}
    assert ids(client.get(f"{URL}?expiring_within_days=10")) == set()


# --- detail ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_retrieve(client_for: ClientFor, visible: Agreement, who: str, status: int) -> None:
    response = client_for(who).get(detail(visible))
    if status == 200:
        assert body(response)["id"] == visible.pk
    else:
        assert_error(response, 404, "not_found")


def test_retrieve_anonymous_is_401(client_for: ClientFor, visible: Agreement) -> None:
    assert_unauthenticated(client_for("anonymous").get(detail(visible)))


def test_a_draft_is_not_shown_to_its_parties(world: World, client_for: ClientFor) -> None:
    assert_error(client_for("owner").get(detail(draft(world))), 404, "not_found")


def test_retrieve_shows_parties_signatories_acts_validity_and_version(
    world: World, client_for: ClientFor
) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    Agreement.objects.filter(pk=agreement.pk).update(
        start_date=date(2012, 4, 1), end_date=date(2014, 3, 31), duration_months=36
    )
    data = body(client_for("owner").get(detail(agreement)))
    assert data["status"] == "in_vigore" and data["in_force_since"] == "2024-04-01"
    assert data["validity_warning"].startswith("La durata dichiarata (36 mesi) non corrisponde alle date")
    assert data["current_version"] == 1 and data["proposed_version"] is None
    assert data["versions"] == [{"number": 1, "status": "vigente", "status_label": "Vigente"}]
    assert data["signing_count"] == 3 and data["signed_count"] == 3
    first = data["parties"][0]
    assert first["organization"] == {"id": world.y.pk, "name": world.y.name}
    assert first["role"] == "referente" and first["signing_order"] == 1
    assert first["signatory"] == {"id": world.person_y.pk, "full_name": "Ada Ypsilonni"}
    assert first["signatory_capacity"] == "Sindaco pro tempore"
    assert first["authorising_act"] == {
        "organ_name": "Consiglio Comunale",
        "number": "12",
        "date": "2024-03-01",
        "recorded": True,
    }
    assert first["signed_at"] is not None


# --- create and update -----------------------------------------------------------------------------------


def new_agreement(world: World, **extra: Any) -> dict[str, Any]:
    return {"ambito": world.ambito_a.pk, "kind": "convenzione", "title": "Nuova convenzione", **extra}


def test_udp_creates_an_agreement(world: World, client_for: ClientFor) -> None:
    response = client_for("udp").post(
        URL, new_agreement(world, duration_months=12, start_date="2025-01-01"), format="json"
    )
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["status"] == "bozza" and data["current_version"] == 1 and data["parties"] == []
    agreement = Agreement.objects.get(pk=data["id"])
    assert agreement.duration_months == 12
    assert client_for("udp").get(detail(agreement)).status_code == 200


def test_create_by_a_body_that_only_sees_the_ambito_is_403(world: World, client_for: ClientFor) -> None:
    assert_error(client_for("owner").post(URL, new_agreement(world), format="json"), 403, "permission_denied")
    assert not Agreement.objects.exists()


def test_create_in_an_invisible_ambito_is_400(world: World, client_for: ClientFor) -> None:
    response = client_for("other").post(URL, new_agreement(world), format="json")
    assert assert_validation_error(response, "ambito")["errors"]["ambito"][0]["code"] == "does_not_exist"


def test_create_anonymous_is_401(world: World, client_for: ClientFor) -> None:
    assert_unauthenticated(client_for("anonymous").post(URL, new_agreement(world), format="json"))


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"start_date": "2025-01-01", "end_date": "2024-01-01"}, "non_field_errors"),
        ({"kind": "castello"}, "kind"),
        ({"title": ""}, "title"),
        ({"duration_months": 0}, "duration_months"),
        ({"start_date": "9999-01-01"}, "start_date"),
    ],
)
def test_create_invalid_is_400_and_saves_nothing(
    world: World, client_for: ClientFor, extra: dict[str, Any], field: str
) -> None:
    assert_validation_error(client_for("udp").post(URL, new_agreement(world, **extra), format="json"), field)
    assert not Agreement.objects.exists()


def test_udp_updates_a_draft_but_not_an_agreement_in_approval(
    world: World, client_for: ClientFor, visible: Agreement
) -> None:
    agreement = draft(world)
    response = client_for("udp").patch(
        detail(agreement), {"title": "Titolo nuovo", "place": "Crema"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert body(response)["title"] == "Titolo nuovo" and body(response)["place"] == "Crema"
    data = assert_validation_error(client_for("udp").patch(detail(visible), {"title": "X"}, format="json"))
    assert data["errors"]["non_field_errors"][0]["message"] == (
        "Operazione non possibile su un accordo «In approvazione»."
    )


# --- lifecycle -------------------------------------------------------------------------------------------


def transition(client: APIClient, agreement: Agreement, to: str, **extra: Any) -> Any:
    return client.post(f"{detail(agreement)}transition/", {"to": to, **extra}, format="json")


def test_an_illegal_transition_is_a_400_with_the_italian_message(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    data = assert_validation_error(transition(client_for("udp"), agreement, "in_vigore"), "to")
    assert data["errors"]["to"] == [
        {
            "message": "Un accordo «Bozza» non può passare a «In vigore». Passaggi possibili: In approvazione.",
            "code": "illegal_transition",
        }
    ]
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFT


def test_a_premature_transition_names_what_is_missing(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    data = assert_validation_error(transition(client_for("udp"), agreement, "in_approvazione"), "to")
    assert data["errors"]["to"][0]["code"] == "guard"
    assert "il testo non ha articoli" in data["errors"]["to"][0]["message"]
    assert_validation_error(transition(client_for("udp"), agreement, "nel_cassetto"), "to")


def test_the_whole_lifecycle_through_the_api(world: World, client_for: ClientFor) -> None:
    client = client_for("udp")
    agreement = draft(world)
    add_article(world, agreement)
    assert body(transition(client, agreement, "in_approvazione"))["status"] == "in_approvazione"
    parties = f"{detail(agreement)}parties/"
    for party in agreement.parties.all():
        act = {"organ_name": "Consiglio Comunale", "act_number": "7", "act_date": "2024-02-01"}
        assert client.post(f"{parties}{party.pk}/authorisation/", act, format="json").status_code == 200
        patch = {"signatory": world.person_y.pk, "signatory_capacity": "Sindaco"}
        assert client.patch(f"{parties}{party.pk}/", patch, format="json").status_code == 200
    assert body(transition(client, agreement, "approvato"))["status"] == "approvato"
    assert body(transition(client, agreement, "in_firma"))["status"] == "in_firma"
    data = assert_validation_error(transition(client, agreement, "in_vigore"), "to")
    assert "mancano le firme di" in data["errors"]["to"][0]["message"]
    Party.objects.filter(agreement=agreement).update(signed_at=timezone.now())  # what signing records
    data = body(transition(client, agreement, "in_vigore", on="2024-04-01"))
    assert data["status"] == "in_vigore" and data["in_force_since"] == "2024-04-01"
    assert data["start_date"] == "2024-04-01"  # starts on signature


# --- writes on a visible agreement: 403 for a party, 404 for others, 401 anonymous; nothing changes ---------

# (method, path under agreements/{id}/) with `{party}`, `{clause}` filled in; empty bodies: the permission
# is checked before the body is validated.
WRITES = [
    ("patch", ""),
    ("post", "transition/"),
    ("post", "document/"),
    ("post", "parties/"),
    ("patch", "parties/{party}/"),
    ("post", "parties/{party}/authorisation/"),
    ("post", "parties/{party}/withdraw/"),
    ("post", "parties/adhere/"),
    ("post", "versions/"),
    ("post", "versions/1/approve/"),
    ("post", "articles/"),
    ("patch", "articles/1/"),
    ("post", "premises/"),
    ("post", "money-clauses/"),
    ("post", "money-clauses/{clause}/installments/"),
    ("post", "money-clauses/{clause}/payments/"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_write_matrix(
    world: World, client_for: ClientFor, visible: Agreement, method: str, path: str
) -> None:
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=visible,
        description="Quota",
        total=Decimal("30.00"),
        criterion="parti_uguali",
    )
    hidden = draft(world)  # a draft is not shown to its parties: writes on it are a 404 for the owner

    def url(agreement: Agreement) -> str:
        party = agreement.parties.get(organization=world.y)
        return detail(agreement) + path.format(party=party.pk, clause=clause.pk)

    before = AuditEvent.objects.count()
    assert_error(
        getattr(client_for("owner"), method)(url(visible), {}, format="json"), 403, "permission_denied"
    )
    assert_error(getattr(client_for("owner"), method)(url(hidden), {}, format="json"), 404, "not_found")
    assert_error(getattr(client_for("other"), method)(url(visible), {}, format="json"), 404, "not_found")
    assert_unauthenticated(getattr(client_for("anonymous"), method)(url(visible), {}, format="json"))
    assert AuditEvent.objects.count() == before


def test_agreements_are_not_deleted(client_for: ClientFor, visible: Agreement) -> None:
    assert_error(client_for("udp").delete(detail(visible)), 405, "method_not_allowed")


# --- the PDF ---------------------------------------------------------------------------------------------


def test_request_follow_and_download_the_pdf(
    world: World, client_for: ClientFor, visible: Agreement, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = f"{detail(visible)}document/"
    assert_error(client_for("udp").get(url), 404, "not_found")  # not requested yet
    response = client_for("udp").post(url)
    assert response.status_code == 202, response.content
    assert body(response)["status"] == "in_coda" and body(response)["download"] is None
    data = assert_validation_error(client_for("udp").post(url))
    assert data["errors"]["non_field_errors"][0]["message"] == "Il PDF è già in preparazione."
    for who, status in (("owner", 200), ("udp", 200), ("other", 404)):
        assert client_for(who).get(url).status_code == status
    assert_unauthenticated(client_for("anonymous").get(url))
    document = AgreementDocument.objects.get(agreement=visible)
    documents.render(document.pk)  # what the worker does (in this test's transaction nothing commits)
    data = body(client_for("owner").get(url))
    assert data["status"] == "pronto" and data["version"] == 1 and len(data["sha256"]) == 64
    download = data["download"]
    assert download.endswith(f"/api/v1/agreements/{visible.pk}/documents/{document.pk}/pdf/")
    response = client_for("owner").get(download, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    assert_error(client_for("other").get(download), 404, "not_found")
    assert_error(client_for("owner").get(download.replace(f"/{document.pk}/", "/0/")), 404, "not_found")
    assert_unauthenticated(client_for("anonymous").get(download))
    # A ready PDF is not made again: the same document comes back.
    response = client_for("udp").post(url)
    assert response.status_code == 200 and body(response)["id"] == document.pk


# --- what an organization owes ---------------------------------------------------------------------------


def owed_url(organization: Any) -> str:
    return f"{API}/organizations/{organization.pk}/agreements/"


def test_what_an_organization_owes(world: World, client_for: ClientFor) -> None:
    agreement = draft(world)
    clause = quarterly_clause(world, agreement)
    share = clause.shares.get(party__organization=world.y)
    bring_in_force(world, agreement)
    services.payment_record(actor=world.udp, share=share, paid_on=date(2024, 1, 5), amount=Decimal("25.00"))
    data = body(client_for("owner").get(owed_url(world.y)))
    assert data["organization"] == {"id": world.y.pk, "name": world.y.name}
    (row,) = data["agreements"]
    assert row["agreement"]["id"] == agreement.pk and row["agreement"]["status"] == "in_vigore"
    assert row["party"]["role"] == "referente" and row["awaits_signature"] is False
    # Four quarterly installments of 25.00, all due by now (2024), 25.00 paid.
    assert row["owed"] == "75.00" and data["total_owed"] == "75.00"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_owed_matrix(world: World, client_for: ClientFor, visible: Agreement, who: str, status: int) -> None:
    response = client_for(who).get(owed_url(world.y))
    if status == 404:
        assert_error(response, 404, "not_found")
    else:
        data = body(response)
        assert [row["agreement"]["id"] for row in data["agreements"]] == [visible.pk]
        assert data["total_owed"] == "0.00"  # nothing is due before the agreement binds


def test_owed_anonymous_is_401_and_a_bad_id_is_404(world: World, client_for: ClientFor) -> None:
    assert_unauthenticated(client_for("anonymous").get(owed_url(world.y)))
    assert_error(client_for("udp").get(f"{API}/organizations/abc/agreements/"), 404, "not_found")
