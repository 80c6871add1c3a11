"""An organ several ambiti share (the Consiglio InterAmbiti's shape): who may change it and its seats.

Each ambito's Ufficio di Piano edits the seats of its own bodies only; the organ itself, with no managing
body named by its act, only an administrator. A seat cannot be pointed at another ambito's body."""

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance.models import Organization, Seat, User
from tests.api.helpers import API, Registry, assert_error, body
from tests.governance.helpers import SharedOrgan, build_shared_organ


@pytest.fixture
def shared(registry: Registry) -> SharedOrgan:
    return build_shared_organ(
        ambito_a=registry.ambito_a, ambito_b=registry.ambito_b, password="x-Pass-123456"
    )


def client(user: User) -> APIClient:
    api = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def seat_url(seat: Seat) -> str:
    return f"{API}/seats/{seat.pk}/"


def test_every_ufficio_di_piano_sees_the_shared_organ_but_none_renames_it(
    registry: Registry, shared: SharedOrgan
) -> None:
    for user in (registry.udp, shared.udp_b, shared.udp_c):
        api = client(user)
        detail = body(api.get(f"{API}/organs/{shared.organ.pk}/"))
        assert detail["managing_body"] is None
        assert_error(api.patch(f"{API}/organs/{shared.organ.pk}/", {"name": "Mio"}, format="json"), 403)
    shared.organ.refresh_from_db()
    assert shared.organ.name == "Consiglio Tre Ambiti"


def test_a_seat_is_edited_only_by_the_ufficio_di_piano_of_its_holders_ambito(
    registry: Registry, shared: SharedOrgan
) -> None:
    end = {"end_date": "2026-12-31"}
    # Ambito A's office may not end the seat ambito B's capofila holds, nor ambito B's office A's seat.
    assert_error(client(registry.udp).patch(seat_url(shared.seat_w), end, format="json"), 403)
    assert_error(client(shared.udp_b).patch(seat_url(shared.seat_x), end, format="json"), 403)
    # ...and an operatore comunale, whose body holds the seat, is not its ambito's office.
    assert_error(client(registry.other).patch(seat_url(shared.seat_w), end, format="json"), 403)
    assert Seat.objects.get(pk=shared.seat_w.pk).end_date is None
    # Each office ends its own.
    assert client(shared.udp_b).patch(seat_url(shared.seat_w), end, format="json").status_code == 200
    assert client(registry.udp).patch(seat_url(shared.seat_x), end, format="json").status_code == 200


def test_a_body_holding_one_seat_for_two_ambiti_is_edited_by_either_office(
    registry: Registry, shared: SharedOrgan
) -> None:
    url = seat_url(shared.seat_consorzio)
    assert client(shared.udp_b).patch(url, {"capacity_note": "per B e C"}, format="json").status_code == 200
    assert client(shared.udp_c).patch(url, {"capacity_note": "per C e B"}, format="json").status_code == 200
    assert_error(client(registry.udp).patch(url, {"capacity_note": "per A"}, format="json"), 403)
    assert Seat.objects.get(pk=shared.seat_consorzio.pk).capacity_note == "per C e B"


def test_a_seat_cannot_be_moved_to_another_ambitos_body_nor_taken(
    registry: Registry, shared: SharedOrgan
) -> None:
    # Ambito B's office moving B's seat to ambito A's capofila, or A's seat to itself: both refused.
    response = client(shared.udp_b).patch(
        seat_url(shared.seat_w), {"organization": registry.x.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    response = client(shared.udp_b).patch(
        seat_url(shared.seat_x), {"organization": registry.w.pk}, format="json"
    )
    assert_error(response, 403)
    assert Seat.objects.get(pk=shared.seat_w.pk).organization_id == registry.w.pk
    assert Seat.objects.get(pk=shared.seat_x.pk).organization_id == registry.x.pk


def test_an_office_seats_its_own_bodies_in_the_shared_organ_only(
    registry: Registry, shared: SharedOrgan
) -> None:
    api = client(shared.udp_b)
    payload: dict[str, Any] = {"organ": shared.organ.pk, "capacity": "invitato"}
    created = api.post(f"{API}/seats/", {**payload, "organization": registry.w.pk}, format="json")
    assert created.status_code == 201, created.content
    refused = api.post(f"{API}/seats/", {**payload, "organization": registry.y.pk}, format="json")
    assert refused.status_code in (400, 403)
    assert not Seat.objects.filter(organ=shared.organ, organization=registry.y).exists()


def test_only_an_administrator_names_the_managing_body(registry: Registry, shared: SharedOrgan) -> None:
    url = f"{API}/organs/{shared.organ.pk}/"
    assert_error(client(registry.udp).patch(url, {"managing_body": registry.x.pk}, format="json"), 403)
    admin = User.objects.create_superuser("root", password="x-Pass-123456")
    response = client(admin).patch(url, {"managing_body": registry.x.pk}, format="json")
    assert response.status_code == 200, response.content
    assert body(response)["managing_body"]["id"] == registry.x.pk
    # Now ambito A's office manages it: it renames the organ; ambito B's office still does not.
    assert client(registry.udp).patch(url, {"name": "Consiglio"}, format="json").status_code == 200
    assert_error(client(shared.udp_b).patch(url, {"name": "Altro"}, format="json"), 403)
    # A managing body must lead one of the organ's ambiti.
    stranger = Organization.objects.get(pk=registry.ats.pk)
    assert client(admin).patch(url, {"managing_body": stranger.pk}, format="json").status_code == 400
