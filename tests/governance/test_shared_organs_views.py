"""The organ pages for an organ several ambiti share: each Ufficio di Piano edits its own bodies' seats."""

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Seat, User
from tests.governance.helpers import SharedOrgan, build_shared_organ
from tests.worlds import PASSWORD, World


@pytest.fixture
def shared(world: World) -> SharedOrgan:
    return build_shared_organ(ambito_a=world.ambito_a, ambito_b=world.ambito_b, password=PASSWORD)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seat_update(shared: SharedOrgan, seat: Seat) -> str:
    return reverse("governance:seat_update", args=[shared.organ.pk, seat.pk])


def test_the_page_offers_each_office_its_own_seats_only(world: World, shared: SharedOrgan) -> None:
    page = logged_in(world.udp).get(shared.organ.get_absolute_url())
    assert page.status_code == 200
    assert page.context["can_edit"] is False
    assert page.context["editable_seats"] == {shared.seat_x.pk}
    assert seat_update(shared, shared.seat_x).encode() in page.content
    assert seat_update(shared, shared.seat_w).encode() not in page.content
    assert reverse("governance:organ_update", args=[shared.organ.pk]).encode() not in page.content
    assert "lo modifica solo un amministratore" in page.content.decode()
    page = logged_in(shared.udp_c).get(shared.organ.get_absolute_url())
    assert page.context["editable_seats"] == {shared.seat_consorzio.pk}


@pytest.mark.parametrize("who", ["udp", "owner", "other", "anonymous"])
def test_another_ambitos_seat_cannot_be_edited_from_the_pages(
    world: World, shared: SharedOrgan, who: str
) -> None:
    client = world.client_for(who)
    url = seat_update(shared, shared.seat_w)
    response = client.post(url, {"organization": world.x.pk, "capacity": "membro", "has_vote": "on"})
    assert response.status_code in (302, 403, 404)
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert Seat.objects.get(pk=shared.seat_w.pk).organization_id == world.w.pk
    rename = client.post(reverse("governance:organ_update", args=[shared.organ.pk]), {"name": "Mio"})
    assert rename.status_code in (302, 403, 404)
    shared.organ.refresh_from_db()
    assert shared.organ.name == "Consiglio Tre Ambiti"


def test_the_holders_office_edits_the_seat_from_the_page(world: World, shared: SharedOrgan) -> None:
    client = logged_in(shared.udp_b)
    url = seat_update(shared, shared.seat_w)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"organization": world.w.pk, "capacity": "membro", "has_vote": "on", "end_date": "2026-12-31"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Seat.objects.get(pk=shared.seat_w.pk).end_date is not None
    # The form offers only the office's own bodies: another ambito's body is not a valid choice.
    response = client.post(url, {"organization": world.x.pk, "capacity": "membro", "has_vote": "on"})
    assert response.status_code == 200 and "organization" in response.context["form"].errors
