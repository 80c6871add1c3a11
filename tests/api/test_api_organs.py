"""organs/ and seats/, seen as owner / other / Ufficio di Piano / anonymous."""

import datetime as dt

import pytest

from governance.models import Organ, Seat
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

URL = f"{API}/organs/"
SEATS = f"{API}/seats/"
SEATS_OF_A = {"seat_x", "seat_y", "seat_ats", "seat_secretary"}


def detail(organ: Organ) -> str:
    return f"{URL}{organ.pk}/"


def seat_detail(seat: Seat) -> str:
    return f"{SEATS}{seat.pk}/"


# --- organs: list and retrieve -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"), [("owner", {"organ_a"}), ("other", {"organ_b"}), ("udp", {"organ_a"})]
)
def test_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(URL)) == {getattr(registry, name).pk for name in visible}


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


def test_list_filters_and_row_shape(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{URL}?kind=assemblea_sindaci")) == {registry.organ_a.pk}
    assert ids(client.get(f"{URL}?kind=giunta_comunale")) == set()
    assert ids(client.get(f"{URL}?ambito={registry.ambito_a.pk}")) == {registry.organ_a.pk}
    assert ids(client.get(f"{URL}?ambito={registry.ambito_b.pk}")) == set()
    assert ids(client.get(f"{URL}?search=assemblea")) == {registry.organ_a.pk}
    assert_validation_error(client.get(f"{URL}?kind=senato"), "kind")
    (row,) = body(client.get(URL))["results"]
    assert row["kind_label"] == "Assemblea dei Sindaci"
    assert row["ambiti"] == [{"id": registry.ambito_a.pk, "name": "Ambito A"}]
    assert row["seat_count"] == 4


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "organ_a", 200),
        ("owner", "organ_b", 404),
        ("other", "organ_a", 404),
        ("other", "organ_b", 200),
        ("udp", "organ_a", 200),
        ("udp", "organ_b", 404),
    ],
)
def test_retrieve(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    response = api(who).get(detail(getattr(registry, target)))
    if status == 200:
        assert body(response)["id"] == getattr(registry, target).pk
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(detail(registry.organ_a)))


def test_retrieve_nests_the_seats(registry: Registry, api: ApiFor) -> None:
    seats = body(api("owner").get(detail(registry.organ_a)))["seats"]
    assert {seat["id"] for seat in seats} == {getattr(registry, name).pk for name in SEATS_OF_A}
    secretary = next(seat for seat in seats if seat["capacity"] == "segretario")
    assert secretary["organization"] is None
    assert secretary["person"] == {"id": registry.secretary.pk, "full_name": "Sara Segreti"}
    invited = next(seat for seat in seats if seat["capacity"] == "invitato")
    assert (invited["organization"]["name"], invited["has_vote"]) == ("ATS Città", False)


# --- organs: create ------------------------------------------------------------------------------------


def new_organ(*ambiti: int, **extra: object) -> dict[str, object]:
    return {
        "kind": "tavolo_terzo_settore",
        "name": "Tavolo del Terzo Settore",
        "ambiti": list(ambiti),
        **extra,
    }


def test_udp_creates_an_organ_of_its_ambito(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    response = client.post(URL, new_organ(registry.ambito_a.pk, acronym="TTS"), format="json")
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["ambiti"] == [{"id": registry.ambito_a.pk, "name": "Ambito A"}]
    assert data["seats"] == []
    assert data["id"] in ids(client.get(URL))


@pytest.mark.parametrize(
    ("who", "ambito", "status"), [("owner", "ambito_a", 403), ("other", "ambito_b", 403)]
)
def test_create_in_an_ambito_the_user_only_sees_is_403(
    registry: Registry, api: ApiFor, who: str, ambito: str, status: int
) -> None:
    assert_error(api(who).post(URL, new_organ(getattr(registry, ambito).pk), format="json"), status)
    assert not Organ.objects.filter(kind="tavolo_terzo_settore").exists()


def test_create_in_an_invisible_ambito_is_400(registry: Registry, api: ApiFor) -> None:
    assert_validation_error(api("other").post(URL, new_organ(registry.ambito_a.pk), format="json"), "ambiti")
    assert not Organ.objects.filter(kind="tavolo_terzo_settore").exists()


def test_create_organ_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").post(URL, new_organ(registry.ambito_a.pk), format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (new_organ(), "ambiti"),  # the service wants at least one ambito
        (new_organ(0, kind="senato"), "kind"),
        (new_organ(0, name=""), "name"),
        (new_organ(0, parent=999999), "parent"),
    ],
)
def test_create_organ_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    if payload["ambiti"] == [0]:
        payload = {**payload, "ambiti": [registry.ambito_a.pk]}
    before = Organ.objects.count()
    assert_validation_error(api("udp").post(URL, payload, format="json"), field)
    assert Organ.objects.count() == before


# --- organs: partial update ----------------------------------------------------------------------------


def test_udp_updates_an_organ(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(detail(registry.organ_a), {"functions": "Indirizzo politico"}, format="json")
    assert response.status_code == 200, response.content
    registry.organ_a.refresh_from_db()
    assert registry.organ_a.functions == "Indirizzo politico"


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_update_organ_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    assert_error(api(who).patch(detail(registry.organ_a), {"functions": "x"}, format="json"), status)
    registry.organ_a.refresh_from_db()
    assert registry.organ_a.functions == ""


def test_update_organ_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").patch(detail(registry.organ_a), {"functions": "x"}, format="json")
    )


@pytest.mark.parametrize(("payload", "field"), [({"name": ""}, "name"), ({"kind": "senato"}, "kind")])
def test_update_organ_invalid_is_400(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    assert_validation_error(api("udp").patch(detail(registry.organ_a), payload, format="json"), field)
    registry.organ_a.refresh_from_db()
    assert (registry.organ_a.name, registry.organ_a.kind) == ("Assemblea A", "assemblea_sindaci")


def test_organs_are_not_deleted(registry: Registry, api: ApiFor) -> None:
    assert_error(api("udp").delete(detail(registry.organ_a)), 405)


# --- seats ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"), [("owner", SEATS_OF_A), ("other", {"seat_w"}), ("udp", SEATS_OF_A)]
)
def test_seats_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(SEATS)) == {getattr(registry, name).pk for name in visible}


def test_seats_filters(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{SEATS}?organ={registry.organ_b.pk}")) == set()
    assert ids(client.get(f"{SEATS}?organ={registry.organ_a.pk}&search=segreti")) == {
        registry.seat_secretary.pk
    }
    rows = body(client.get(f"{SEATS}?ordering=capacity"))["results"]
    assert [row["capacity"] for row in rows] == ["invitato", "membro", "presidente", "segretario"]


def test_seats_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(SEATS))


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_seat_retrieve(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).get(seat_detail(registry.seat_y))
    if status == 200:
        assert body(response)["organ"] == {"id": registry.organ_a.pk, "name": "Assemblea A"}
    else:
        assert_error(response, status, "not_found")


def test_udp_adds_a_seat(registry: Registry, api: ApiFor) -> None:
    payload = {"organ": registry.organ_a.pk, "organization": registry.z.pk, "capacity": "membro"}
    response = api("udp").post(SEATS, payload, format="json")
    assert response.status_code == 201, response.content
    assert body(response)["organization"] == {"id": registry.z.pk, "name": "Zeta"}
    assert registry.organ_a.seats.filter(organization=registry.z).exists()


def test_owner_may_not_add_seats(registry: Registry, api: ApiFor) -> None:
    payload = {"organ": registry.organ_a.pk, "organization": registry.y.pk, "capacity": "vicepresidente"}
    assert_error(api("owner").post(SEATS, payload, format="json"), 403)
    assert registry.organ_a.seats.count() == 4


def test_other_cannot_name_an_organ_it_does_not_see(registry: Registry, api: ApiFor) -> None:
    payload = {"organ": registry.organ_a.pk, "organization": registry.w.pk, "capacity": "membro"}
    assert_validation_error(api("other").post(SEATS, payload, format="json"), "organ")
    assert registry.organ_a.seats.count() == 4


def test_create_seat_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"organ": registry.organ_a.pk, "organization": registry.z.pk, "capacity": "membro"}
    assert_unauthenticated(api("anonymous").post(SEATS, payload, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"capacity": "membro"}, "non_field_errors"),  # neither organization nor person
        (
            {"organization": "z", "capacity": "membro", "start_date": "2025-01-01", "end_date": "2024-01-01"},
            "non_field_errors",
        ),
        ({"organization": "z", "capacity": "imperatore"}, "capacity"),
        ({"organization": "w", "capacity": "membro"}, "organization"),  # W is not visible to udp
    ],
)
def test_create_seat_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    if "organization" in payload:
        payload = {**payload, "organization": getattr(registry, str(payload["organization"])).pk}
    assert_validation_error(
        api("udp").post(SEATS, {"organ": registry.organ_a.pk, **payload}, format="json"), field
    )
    assert registry.organ_a.seats.count() == 4


def test_udp_updates_a_seat(registry: Registry, api: ApiFor) -> None:
    response = api("udp").patch(seat_detail(registry.seat_y), {"end_date": "2026-06-30"}, format="json")
    assert response.status_code == 200, response.content
    registry.seat_y.refresh_from_db()
    assert registry.seat_y.end_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize(("who", "status"), [("owner", 403), ("other", 404)])
def test_update_seat_matrix(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    assert_error(api(who).patch(seat_detail(registry.seat_y), {"capacity_note": "x"}, format="json"), status)
    registry.seat_y.refresh_from_db()
    assert registry.seat_y.capacity_note == ""


def test_update_seat_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").patch(seat_detail(registry.seat_y), {"has_vote": False}, format="json")
    )


def test_update_seat_end_before_start_is_400(registry: Registry, api: ApiFor) -> None:
    payload = {"start_date": "2025-01-01", "end_date": "2024-01-01"}
    assert_validation_error(
        api("udp").patch(seat_detail(registry.seat_y), payload, format="json"), "non_field_errors"
    )
    registry.seat_y.refresh_from_db()
    assert (registry.seat_y.start_date, registry.seat_y.end_date) == (None, None)
