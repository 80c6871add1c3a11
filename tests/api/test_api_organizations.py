"""organizations/: list, retrieve, create, partial_update, seen as owner / other / Ufficio di Piano / anonymous."""

import pytest

from core.models import AuditEvent
from governance.models import Organization
from tests.api.helpers import (
    API,
    ApiFor,
    Registry,
    assert_error,
    assert_unauthenticated,
    assert_validation_error,
    body,
    ids,
)

URL = f"{API}/organizations/"


def detail(organization: Organization) -> str:
    return f"{URL}{organization.pk}/"


# --- list ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [("owner", {"y"}), ("other", {"w"}), ("udp", {"x", "y", "z", "ats"})],
)
def test_list_shows_the_organizations_the_user_may_see(
    registry: Registry, api: ApiFor, who: str, visible: set[str]
) -> None:
    assert ids(api(who).get(URL)) == {getattr(registry, name).pk for name in visible}


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


@pytest.mark.parametrize(
    ("query", "visible"),
    [
        ("kind=asl", {"ats"}),
        ("kind=comune", {"x", "y", "z"}),
        ("province=mi", {"x", "y", "z"}),
        ("province=BG", set()),
        ("ambito={ambito_a}", {"x", "y", "z"}),
        ("ambito={ambito_b}", set()),
        ("search=ypsi", {"y"}),
        ("search=015003", {"z"}),
    ],
)
def test_list_filters(registry: Registry, api: ApiFor, query: str, visible: set[str]) -> None:
    query = query.format(ambito_a=registry.ambito_a.pk, ambito_b=registry.ambito_b.pk)
    assert ids(api("udp").get(f"{URL}?{query}")) == {getattr(registry, name).pk for name in visible}


def test_list_orders_by_istat_code(registry: Registry, api: ApiFor) -> None:
    rows = body(api("udp").get(f"{URL}?kind=comune&ordering=-istat_code"))["results"]
    assert [row["istat_code"] for row in rows] == ["015003", "015002", "015001"]


def test_list_rejects_an_unknown_kind(api: ApiFor) -> None:
    assert_validation_error(api("udp").get(f"{URL}?kind=castello"), "kind")


def test_list_row_shape(registry: Registry, api: ApiFor) -> None:
    (row,) = body(api("owner").get(URL))["results"]
    assert row["id"] == registry.y.pk
    assert row["kind"] == "comune"
    assert row["kind_label"] == "Comune"
    assert row["display_name"] == "Comune di Ypsilon"
    assert row["istat_code"] == "015002"
    assert row["province"] == "MI"
    assert row["registered_in"] is None
    assert {"pec", "email", "phone", "website", "tax_code", "cadastral_code", "vat_number"} <= set(row)


# --- retrieve ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "y", 200),
        ("owner", "x", 404),
        ("owner", "w", 404),
        ("other", "w", 200),
        ("other", "y", 404),
        ("udp", "y", 200),
        ("udp", "ats", 200),
        ("udp", "w", 404),
    ],
)
def test_retrieve(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    response = api(who).get(detail(getattr(registry, target)))
    if status == 200:
        assert response.status_code == 200
        assert body(response)["id"] == getattr(registry, target).pk
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(detail(registry.y)))


def test_retrieve_unknown_or_malformed_id_is_a_structured_404(api: ApiFor) -> None:
    assert_error(api("udp").get(f"{URL}999999/"), 404, "not_found")
    assert_error(api("udp").get(f"{URL}abc/"), 404, "not_found")


def test_retrieve_shows_ambiti_and_population(registry: Registry, api: ApiFor) -> None:
    data = body(api("owner").get(detail(registry.y)))
    assert [row["ambito"] for row in data["ambiti"]] == [{"id": registry.ambito_a.pk, "name": "Ambito A"}]
    assert [row["population"] for row in data["population_figures"]] == [2000]
    assert data["aliases"] == []


# --- create --------------------------------------------------------------------------------------------


def new_ets(ambito_id: int, **extra: object) -> dict[str, object]:
    return {
        "ambito": ambito_id,
        "kind": "ets",
        "name": "Cooperativa Beta",
        "ets_category": "cooperazione",
        "tax_code": "00743110157",
        "email": "info@beta.example",
        **extra,
    }


def test_udp_creates_an_organization_in_its_ambito(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    response = client.post(URL, new_ets(registry.ambito_a.pk), format="json")
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["registered_in"] == {"id": registry.ambito_a.pk, "name": "Ambito A"}
    assert data["kind_label"] == "Ente del Terzo Settore"
    created = Organization.objects.get(pk=data["id"])
    assert created.registered_in == registry.ambito_a
    assert AuditEvent.objects.filter(object_id=str(created.pk), action="create").exists()
    # the grants were synced: the new row is in the creator's list and detail
    assert created.pk in ids(client.get(URL))
    assert client.get(detail(created)).status_code == 200


def test_owner_may_not_create_in_the_ambito_it_only_sees(registry: Registry, api: ApiFor) -> None:
    assert_error(
        api("owner").post(URL, new_ets(registry.ambito_a.pk), format="json"), 403, "permission_denied"
    )
    assert not Organization.objects.filter(name="Cooperativa Beta").exists()


def test_other_cannot_name_an_ambito_it_does_not_see(registry: Registry, api: ApiFor) -> None:
    data = assert_validation_error(
        api("other").post(URL, new_ets(registry.ambito_a.pk), format="json"), "ambito"
    )
    assert data["errors"]["ambito"][0]["code"] == "does_not_exist"
    # and in its own ambito it may look but not create
    assert_error(api("other").post(URL, new_ets(registry.ambito_b.pk), format="json"), 403)
    assert not Organization.objects.filter(name="Cooperativa Beta").exists()


def test_create_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").post(URL, new_ets(registry.ambito_a.pk), format="json"))
    assert not Organization.objects.filter(name="Cooperativa Beta").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "comune", "name": "Nuovo", "istat_code": "12AB"}, "istat_code"),
        ({"kind": "comune", "name": "Nuovo"}, "non_field_errors"),  # a comune without its ISTAT code
        ({"kind": "ets", "name": "Nuovo", "tax_code": "12345678901"}, "tax_code"),
        ({"kind": "ets", "name": "Nuovo", "vat_number": "123"}, "vat_number"),
        ({"kind": "ets", "name": "Nuovo", "province": "XX"}, "province"),
        ({"kind": "castello", "name": "Nuovo"}, "kind"),
        ({"kind": "ets", "name": ""}, "name"),
    ],
)
def test_create_invalid_is_a_structured_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    before = Organization.objects.count()
    response = api("udp").post(URL, {"ambito": registry.ambito_a.pk, **payload}, format="json")
    assert_validation_error(response, field)
    assert Organization.objects.count() == before


def test_create_without_ambito_is_400(api: ApiFor) -> None:
    assert_validation_error(api("udp").post(URL, {"kind": "ets", "name": "Nuovo"}, format="json"), "ambito")


# --- partial update ------------------------------------------------------------------------------------


def test_owner_updates_the_contacts_of_its_organization(registry: Registry, api: ApiFor) -> None:
    response = api("owner").patch(
        detail(registry.y), {"email": "sociale@ypsilon.example", "phone": "02 1234"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert body(response)["email"] == "sociale@ypsilon.example"
    registry.y.refresh_from_db()
    assert registry.y.phone == "02 1234"


def test_owner_may_not_change_the_identity_of_its_organization(registry: Registry, api: ApiFor) -> None:
    assert_error(api("owner").patch(detail(registry.y), {"name": "Ypsilonia"}, format="json"), 403)
    registry.y.refresh_from_db()
    assert registry.y.name == "Ypsilon"


def test_udp_changes_identity_and_province(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(detail(registry.y), {"name": "Ypsilonia", "province": "bg"}, format="json")
    assert response.status_code == 200, response.content
    assert body(response)["province"] == "BG"
    registry.y.refresh_from_db()
    assert (registry.y.name, registry.y.province) == ("Ypsilonia", registry.bergamo)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [("owner", "x", 404), ("other", "y", 404), ("udp", "w", 404), ("udp", "ats", 403), ("other", "w", 200)],
)
def test_update_matrix(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    organization: Organization = getattr(registry, target)
    response = api(who).patch(detail(organization), {"phone": "000"}, format="json")
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status)
        organization.refresh_from_db()
        assert organization.phone == ""


def test_update_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").patch(detail(registry.y), {"phone": "000"}, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"istat_code": "12AB"}, "istat_code"),
        ({"cadastral_code": "1234"}, "cadastral_code"),
        ({"email": "not-an-email"}, "email"),
        ({"province": "XX"}, "province"),
        ({"registered_in": 999999}, "registered_in"),
    ],
)
def test_update_invalid_is_a_structured_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    before = Organization.objects.filter(pk=registry.y.pk).values().get()
    assert_validation_error(api("udp").patch(detail(registry.y), payload, format="json"), field)
    assert Organization.objects.filter(pk=registry.y.pk).values().get() == before


def test_no_put_and_no_delete(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert_error(client.put(detail(registry.y), {"name": "Y"}, format="json"), 405)
    assert_error(client.delete(detail(registry.y)), 405)
    assert Organization.objects.filter(pk=registry.y.pk).exists()
