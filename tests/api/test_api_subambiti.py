"""subambiti/ and subambito-memberships/, seen as owner / other / Ufficio di Piano / anonymous."""

import datetime as dt

import pytest

from subambiti.models import SubAmbito, SubAmbitoMembership
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

URL = f"{API}/subambiti/"
MEMBERSHIPS = f"{API}/subambito-memberships/"


def detail(subambito: SubAmbito) -> str:
    return f"{URL}{subambito.pk}/"


def end_url(membership: SubAmbitoMembership) -> str:
    return f"{MEMBERSHIPS}{membership.pk}/end/"


# --- sub-ambiti: list and retrieve ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"), [("owner", {"subambito_a1"}), ("other", {"subambito_b1"}), ("udp", {"subambito_a1"})]
)
def test_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(URL)) == {getattr(registry, name).pk for name in visible}


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


def test_list_filters_and_row_shape(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{URL}?ambito={registry.ambito_b.pk}")) == set()
    assert ids(client.get(f"{URL}?search=zeta")) == {registry.subambito_a1.pk}
    (row,) = body(client.get(URL))["results"]
    assert row["ambito"] == {"id": registry.ambito_a.pk, "name": "Ambito A"}
    assert row["referente"] == {"id": registry.y.pk, "name": "Ypsilon"}
    assert row["member_count"] == 2


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "subambito_a1", 200),
        ("owner", "subambito_b1", 404),
        ("other", "subambito_a1", 404),
        ("other", "subambito_b1", 200),
        ("udp", "subambito_a1", 200),
        ("udp", "subambito_b1", 404),
    ],
)
def test_retrieve(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    response = api(who).get(detail(getattr(registry, target)))
    if status == 200:
        assert body(response)["id"] == getattr(registry, target).pk
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(detail(registry.subambito_a1)))


def test_retrieve_lists_the_current_members(registry: Registry, api: ApiFor) -> None:
    data = body(api("owner").get(detail(registry.subambito_a1)))
    assert [(member["id"], member["membership"]) for member in data["members"]] == [
        (registry.y.pk, registry.sub_membership_y.pk),
        (registry.z.pk, registry.sub_membership_z.pk),
    ]
    assert data["organs"] == []


# --- sub-ambiti: create and update ---------------------------------------------------------------------


def test_udp_creates_a_subambito(registry: Registry, api: ApiFor) -> None:
    payload = {
        "ambito": registry.ambito_a.pk,
        "number": 2,
        "name": "Sub-ambito A2",
        "referente": registry.z.pk,
    }
    response = api("udp").post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    assert body(response)["referente"] == {"id": registry.z.pk, "name": "Zeta"}
    assert SubAmbito.objects.filter(ambito=registry.ambito_a, number=2).exists()


@pytest.mark.parametrize(("who", "ambito"), [("owner", "ambito_a"), ("other", "ambito_b")])
def test_create_in_an_ambito_the_user_only_sees_is_403(
    registry: Registry, api: ApiFor, who: str, ambito: str
) -> None:
    payload = {"ambito": getattr(registry, ambito).pk, "number": 2, "name": "Nuovo"}
    assert_error(api(who).post(URL, payload, format="json"), 403)
    assert not SubAmbito.objects.filter(number=2).exists()


def test_create_in_an_invisible_ambito_is_400(registry: Registry, api: ApiFor) -> None:
    payload = {"ambito": registry.ambito_a.pk, "number": 2, "name": "Nuovo"}
    assert_validation_error(api("other").post(URL, payload, format="json"), "ambito")


def test_create_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"ambito": registry.ambito_a.pk, "number": 2, "name": "Nuovo"}
    assert_unauthenticated(api("anonymous").post(URL, payload, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"number": 0}, "number"),
        ({"number": 1}, "non_field_errors"),  # number 1 is taken in ambito A
        ({"referente": "ats"}, "referente"),  # visible to udp, but not a comune of the ambito
        ({"referente": "w"}, "referente"),  # not visible to udp at all
        ({"name": ""}, "name"),
    ],
)
def test_create_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    if isinstance(payload.get("referente"), str):
        payload = {**payload, "referente": getattr(registry, str(payload["referente"])).pk}
    before = SubAmbito.objects.count()
    body_ = {"ambito": registry.ambito_a.pk, "number": 2, "name": "Nuovo", **payload}
    assert_validation_error(api("udp").post(URL, body_, format="json"), field)
    assert SubAmbito.objects.count() == before


def test_udp_updates_a_subambito(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(
        detail(registry.subambito_a1),
        {"name": "Sub-ambito Nord", "coordinator": registry.person_y.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert body(response)["coordinator"] == {"id": registry.person_y.pk, "full_name": "Bice Ypsi"}
    registry.subambito_a1.refresh_from_db()
    assert registry.subambito_a1.name == "Sub-ambito Nord"


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_update_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    assert_error(api(who).patch(detail(registry.subambito_a1), {"name": "X"}, format="json"), status)
    registry.subambito_a1.refresh_from_db()
    assert registry.subambito_a1.name == "Sub-ambito A1"


def test_update_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").patch(detail(registry.subambito_a1), {"name": "X"}, format="json")
    )


def test_update_with_a_referente_outside_the_ambito_is_400(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(detail(registry.subambito_a1), {"referente": registry.ats.pk}, format="json")
    assert_validation_error(response, "referente")
    registry.subambito_a1.refresh_from_db()
    assert registry.subambito_a1.referente == registry.y


def test_subambiti_are_not_deleted(registry: Registry, api: ApiFor) -> None:
    assert_error(api("udp").delete(detail(registry.subambito_a1)), 405)


# --- memberships ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("owner", {"sub_membership_y", "sub_membership_z"}),
        ("other", {"sub_membership_w"}),
        ("udp", {"sub_membership_y", "sub_membership_z"}),
    ],
)
def test_memberships_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(MEMBERSHIPS)) == {getattr(registry, name).pk for name in visible}


def test_memberships_filters(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{MEMBERSHIPS}?subambito={registry.subambito_b1.pk}")) == set()
    assert ids(client.get(f"{MEMBERSHIPS}?search=zeta")) == {registry.sub_membership_z.pk}


def test_memberships_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(MEMBERSHIPS))


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_membership_retrieve(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).get(f"{MEMBERSHIPS}{registry.sub_membership_y.pk}/")
    if status == 200:
        assert body(response)["subambito"] == {
            "id": registry.subambito_a1.pk,
            "number": 1,
            "name": "Sub-ambito A1",
        }
    else:
        assert_error(response, status, "not_found")


def test_udp_adds_a_member(registry: Registry, api: ApiFor) -> None:
    payload = {
        "subambito": registry.subambito_a1.pk,
        "organization": registry.x.pk,
        "start_date": "2025-01-01",
    }
    response = api("udp").post(MEMBERSHIPS, payload, format="json")
    assert response.status_code == 201, response.content
    assert registry.subambito_a1.memberships.filter(organization=registry.x).exists()


def test_owner_may_not_add_members(registry: Registry, api: ApiFor) -> None:
    payload = {
        "subambito": registry.subambito_a1.pk,
        "organization": registry.y.pk,
        "start_date": "2030-01-01",
    }
    assert_error(api("owner").post(MEMBERSHIPS, payload, format="json"), 403)
    assert registry.subambito_a1.memberships.count() == 2


def test_other_cannot_name_a_subambito_it_does_not_see(registry: Registry, api: ApiFor) -> None:
    payload = {"subambito": registry.subambito_a1.pk, "organization": registry.w.pk}
    assert_validation_error(api("other").post(MEMBERSHIPS, payload, format="json"), "subambito")
    assert registry.subambito_a1.memberships.count() == 2


def test_add_member_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"subambito": registry.subambito_a1.pk, "organization": registry.x.pk}
    assert_unauthenticated(api("anonymous").post(MEMBERSHIPS, payload, format="json"))


@pytest.mark.parametrize(
    ("organization", "extra", "field"),
    [
        ("y", {}, "organization"),  # already a member over an overlapping period
        ("ats", {}, "organization"),  # not a comune of the ambito
        ("x", {"start_date": "2025-01-01", "end_date": "2024-01-01"}, "non_field_errors"),
    ],
)
def test_add_member_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, organization: str, extra: dict[str, object], field: str
) -> None:
    payload = {
        "subambito": registry.subambito_a1.pk,
        "organization": getattr(registry, organization).pk,
        **extra,
    }
    assert_validation_error(api("udp").post(MEMBERSHIPS, payload, format="json"), field)
    assert registry.subambito_a1.memberships.count() == 2


def test_udp_ends_a_membership(registry: Registry, api: ApiFor) -> None:
    response = api("udp").post(end_url(registry.sub_membership_z), {"end_date": "2024-12-31"}, format="json")
    assert response.status_code == 200, response.content
    registry.sub_membership_z.refresh_from_db()
    assert registry.sub_membership_z.end_date == dt.date(2024, 12, 31)


def test_end_before_start_is_400_and_saves_nothing(registry: Registry, api: ApiFor) -> None:
    day_before = (SINCE - dt.timedelta(days=1)).isoformat()
    response = api("udp").post(end_url(registry.sub_membership_z), {"end_date": day_before}, format="json")
    assert_validation_error(response, "non_field_errors")
    registry.sub_membership_z.refresh_from_db()
    assert registry.sub_membership_z.end_date is None


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_end_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).post(end_url(registry.sub_membership_z), {"end_date": "2024-12-31"}, format="json")
    assert_error(response, status)
    registry.sub_membership_z.refresh_from_db()
    assert registry.sub_membership_z.end_date is None


def test_end_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").post(end_url(registry.sub_membership_z), {"end_date": "2024-12-31"}, format="json")
    )
