"""ambiti/ and ambito-memberships/, seen as owner / other / Ufficio di Piano / anonymous."""

import datetime as dt

import pytest

from governance import services
from governance.models import Ambito, AmbitoMembership, OrganizationKind
from tests.api.helpers import (
    API,
    SINCE,
    ApiFor,
    Registry,
    assert_error,
    assert_unauthenticated,
    assert_validation_error,
    body,
    ids,
)

URL = f"{API}/ambiti/"
MEMBERSHIPS = f"{API}/ambito-memberships/"


def detail(ambito: Ambito) -> str:
    return f"{URL}{ambito.pk}/"


def end_url(membership: AmbitoMembership) -> str:
    return f"{MEMBERSHIPS}{membership.pk}/end/"


# --- ambiti: list and retrieve -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"), [("owner", {"ambito_a"}), ("other", {"ambito_b"}), ("udp", {"ambito_a"})]
)
def test_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(URL)) == {getattr(registry, name).pk for name in visible}


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


def test_list_search_and_row_shape(registry: Registry, api: ApiFor) -> None:
    assert ids(api("udp").get(f"{URL}?search=zeta")) == {registry.ambito_a.pk}
    assert ids(api("udp").get(f"{URL}?search=nessuno")) == set()
    (row,) = body(api("udp").get(URL))["results"]
    assert row["capofila"] == {"id": registry.x.pk, "name": "Xenia"}
    assert row["ente_gestore"] is None
    assert row["province"] == "MI"
    assert row["member_count"] == 3


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "ambito_a", 200),
        ("owner", "ambito_b", 404),
        ("other", "ambito_b", 200),
        ("other", "ambito_a", 404),
        ("udp", "ambito_a", 200),
        ("udp", "ambito_b", 404),
    ],
)
def test_retrieve(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    response = api(who).get(detail(getattr(registry, target)))
    if status == 200:
        assert body(response)["id"] == getattr(registry, target).pk
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(detail(registry.ambito_a)))


def test_retrieve_lists_the_current_members(registry: Registry, api: ApiFor) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    services.ambito_member_end(actor=None, membership=registry.membership_z, end_date=yesterday)
    data = body(api("owner").get(detail(registry.ambito_a)))
    assert data["capofila"] == {"id": registry.x.pk, "name": "Xenia"}
    assert data["members"] == [
        {
            "id": registry.x.pk,
            "name": "Xenia",
            "istat_code": "015001",
            "start_date": "2020-01-01",
            "end_date": None,
            "membership": registry.membership_x.pk,
        },
        {
            "id": registry.y.pk,
            "name": "Ypsilon",
            "istat_code": "015002",
            "start_date": "2020-01-01",
            "end_date": None,
            "membership": registry.membership_y.pk,
        },
    ]
    assert data["organs"] == [{"id": registry.organ_a.pk, "name": "Assemblea A"}]


# --- ambiti: partial update ----------------------------------------------------------------------------


def test_udp_updates_its_ambito(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(
        detail(registry.ambito_a), {"notes": "Piano di Zona 2025-2027"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert body(response)["notes"] == "Piano di Zona 2025-2027"
    registry.ambito_a.refresh_from_db()
    assert registry.ambito_a.notes == "Piano di Zona 2025-2027"


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_update_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    assert_error(api(who).patch(detail(registry.ambito_a), {"notes": "x"}, format="json"), status)
    registry.ambito_a.refresh_from_db()
    assert registry.ambito_a.notes == ""


def test_update_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").patch(detail(registry.ambito_a), {"notes": "x"}, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Ambito B"}, "name"),  # unique
        ({"capofila": "w"}, "capofila"),  # W exists but udp cannot see it
        ({"province": "ZZ"}, "province"),
    ],
)
def test_update_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    if payload.get("capofila") == "w":
        payload = {"capofila": registry.w.pk}
    before = Ambito.objects.filter(pk=registry.ambito_a.pk).values().get()
    assert_validation_error(api("udp").patch(detail(registry.ambito_a), payload, format="json"), field)
    assert Ambito.objects.filter(pk=registry.ambito_a.pk).values().get() == before


def test_ambiti_cannot_be_created_or_deleted(registry: Registry, api: ApiFor) -> None:
    assert_error(api("udp").post(URL, {"name": "Nuovo", "capofila": registry.x.pk}, format="json"), 405)
    assert_error(api("udp").delete(detail(registry.ambito_a)), 405)


# --- memberships: list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("owner", {"membership_x", "membership_y", "membership_z"}),
        ("other", {"membership_w"}),
        ("udp", {"membership_x", "membership_y", "membership_z"}),
    ],
)
def test_memberships_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(MEMBERSHIPS)) == {getattr(registry, name).pk for name in visible}


def test_memberships_filters(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{MEMBERSHIPS}?ambito={registry.ambito_b.pk}")) == set()
    assert ids(client.get(f"{MEMBERSHIPS}?search=015002")) == {registry.membership_y.pk}
    rows = body(client.get(f"{MEMBERSHIPS}?ordering=-organization__name"))["results"]
    assert [row["organization"]["name"] for row in rows] == ["Zeta", "Ypsilon", "Xenia"]
    assert_validation_error(client.get(f"{MEMBERSHIPS}?ambito=abc"), "ambito")


def test_memberships_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(MEMBERSHIPS))


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_membership_retrieve(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).get(f"{MEMBERSHIPS}{registry.membership_y.pk}/")
    if status == 200:
        assert body(response)["organization"] == {
            "id": registry.y.pk,
            "name": "Ypsilon",
            "istat_code": "015002",
        }
    else:
        assert_error(response, status, "not_found")


# --- memberships: create -------------------------------------------------------------------------------


@pytest.fixture
def newcomer(registry: Registry) -> int:
    """A comune just entered in ambito A's registry, not yet a member of any ambito."""
    comune = services.organization_create(
        actor=None,
        ambito=registry.ambito_a,
        kind=OrganizationKind.COMUNE,
        name="Nuova",
        istat_code="015099",
        province=registry.milano,
    )
    return comune.pk


def test_udp_adds_a_comune_to_its_ambito(registry: Registry, api: ApiFor, newcomer: int) -> None:
    client = api("udp")
    payload = {"ambito": registry.ambito_a.pk, "organization": newcomer, "start_date": "2025-01-01"}
    response = client.post(MEMBERSHIPS, payload, format="json")
    assert response.status_code == 201, response.content
    assert body(response)["organization"]["id"] == newcomer
    assert AmbitoMembership.objects.filter(ambito=registry.ambito_a, organization_id=newcomer).exists()


def test_owner_may_not_add_members(registry: Registry, api: ApiFor, newcomer: int) -> None:
    payload = {"ambito": registry.ambito_a.pk, "organization": registry.y.pk, "start_date": "2030-01-01"}
    assert_error(api("owner").post(MEMBERSHIPS, payload, format="json"), 403)
    assert AmbitoMembership.objects.filter(organization=registry.y).count() == 1


def test_other_cannot_name_an_ambito_it_does_not_see(registry: Registry, api: ApiFor) -> None:
    payload = {"ambito": registry.ambito_a.pk, "organization": registry.w.pk, "start_date": "2030-01-01"}
    assert_validation_error(api("other").post(MEMBERSHIPS, payload, format="json"), "ambito")
    assert AmbitoMembership.objects.filter(organization=registry.w).count() == 1


def test_create_membership_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"ambito": registry.ambito_a.pk, "organization": registry.y.pk}
    assert_unauthenticated(api("anonymous").post(MEMBERSHIPS, payload, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start_date": "2025-01-01", "end_date": "2024-12-31"}, "non_field_errors"),  # end before start
        ({"start_date": "2025-13-01"}, "start_date"),
        ({"organization": None}, "organization"),
    ],
)
def test_create_membership_invalid_is_400(
    registry: Registry, api: ApiFor, newcomer: int, payload: dict[str, object], field: str
) -> None:
    body_ = {"ambito": registry.ambito_a.pk, "organization": newcomer, **payload}
    assert_validation_error(api("udp").post(MEMBERSHIPS, body_, format="json"), field)
    assert not AmbitoMembership.objects.filter(organization_id=newcomer).exists()


def test_a_comune_belongs_to_one_ambito_at_a_time(registry: Registry, api: ApiFor) -> None:
    payload = {"ambito": registry.ambito_a.pk, "organization": registry.y.pk, "start_date": "2024-01-01"}
    assert_validation_error(api("udp").post(MEMBERSHIPS, payload, format="json"), "organization")
    assert AmbitoMembership.objects.filter(organization=registry.y).count() == 1


# --- memberships: end ----------------------------------------------------------------------------------


def test_udp_ends_a_membership(registry: Registry, api: ApiFor) -> None:
    response = api("udp").post(end_url(registry.membership_z), {"end_date": "2024-12-31"}, format="json")
    assert response.status_code == 200, response.content
    assert body(response)["end_date"] == "2024-12-31"
    registry.membership_z.refresh_from_db()
    assert registry.membership_z.end_date == dt.date(2024, 12, 31)


def test_end_before_start_is_400_and_saves_nothing(registry: Registry, api: ApiFor) -> None:
    day_before = (SINCE - dt.timedelta(days=1)).isoformat()
    response = api("udp").post(end_url(registry.membership_z), {"end_date": day_before}, format="json")
    assert_validation_error(response, "non_field_errors")
    registry.membership_z.refresh_from_db()
    assert registry.membership_z.end_date is None


def test_end_needs_a_date(registry: Registry, api: ApiFor) -> None:
    assert_validation_error(api("udp").post(end_url(registry.membership_z), {}, format="json"), "end_date")


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_end_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    assert_error(
        api(who).post(end_url(registry.membership_z), {"end_date": "2024-12-31"}, format="json"), status
    )
    registry.membership_z.refresh_from_db()
    assert registry.membership_z.end_date is None


def test_end_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").post(end_url(registry.membership_z), {"end_date": "2024-12-31"}, format="json")
    )


def test_memberships_are_ended_not_edited_or_deleted(registry: Registry, api: ApiFor) -> None:
    url = f"{MEMBERSHIPS}{registry.membership_z.pk}/"
    assert_error(api("udp").patch(url, {"end_date": "2024-12-31"}, format="json"), 405)
    assert_error(api("udp").delete(url), 405)
