"""Every registry page from four points of view (owner organization, another organization, the Ufficio
di Piano, anonymous), and the query count of every list and detail, which must not grow with the rows."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import permissions
from governance.models import AmbitoMembership, Mandate, Organization, OrganizationKind, Person, Seat
from tests.governance.factories import ComuneFactory
from tests.governance.helpers import PAGES
from tests.worlds import World

VIEWERS = ("owner", "other", "udp", "anonymous")


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_permission_matrix(world: World, name: str, kwargs: Any, expected: tuple[int, int, int]) -> None:
    url = reverse(name, kwargs=kwargs(world))
    for viewer, status in zip(VIEWERS, (*expected, 302), strict=True):
        response = world.client_for(viewer).get(url)
        assert response.status_code == status, f"{viewer} on {url}: {response.status_code}, expected {status}"
        if viewer == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def csv_text(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def names(response: Any) -> set[str]:
    return {row.name for row in response.context["object_list"]}


def test_lists_show_only_what_each_viewer_may_see(world: World) -> None:
    url = reverse("governance:organization_list")
    assert names(world.client_for("owner").get(url)) == {"Ypsilon"}
    assert names(world.client_for("other").get(url)) == {"Wu"}
    assert names(world.client_for("udp").get(url)) == {"Xanadu", "Ypsilon", "Zeta", "Cooperativa Alfa"}
    assert names(world.client_for("owner").get(reverse("governance:ambito_list"))) == {"Ambito A"}
    assert names(world.client_for("other").get(reverse("governance:ambito_list"))) == {"Ambito B"}
    assert names(world.client_for("owner").get(reverse("governance:organ_list"))) == {"Assemblea A"}
    assert names(world.client_for("other").get(reverse("subambiti:subambito_list"))) == set()


def test_ambito_page_links_only_visible_members(world: World) -> None:
    body = (
        world.client_for("owner")
        .get(reverse("governance:ambito_detail", args=[world.ambito_a.pk]))
        .content.decode()
    )
    assert f'href="{world.y.get_absolute_url()}"' in body
    assert "Zeta" in body and f'href="{world.z.get_absolute_url()}"' not in body


def test_csv_export_of_every_list(world: World) -> None:
    client = world.client_for("udp")
    for name in (
        "governance:organization_list",
        "governance:ambito_list",
        "governance:organ_list",
        "governance:person_list",
        "subambiti:subambito_list",
    ):
        response = client.get(reverse(name), {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        content = csv_text(response)
        assert len(content.splitlines()) >= 2, name
    organ_csv = client.get(reverse("governance:organ_detail", args=[world.organ_a.pk]), {"format": "csv"})
    assert "Ypsilon" in csv_text(organ_csv)
    # Another organization's export is empty of rows it may not see.
    other = world.client_for("other").get(reverse("governance:organization_list"), {"format": "csv"})
    assert "Ypsilon" not in csv_text(other)


def test_search_and_filters(world: World) -> None:
    client = world.client_for("udp")
    assert names(client.get(reverse("governance:organization_list"), {"q": "ypsi"})) == {"Ypsilon"}
    assert names(client.get(reverse("governance:organization_list"), {"q": "019903"})) == {"Zeta"}
    assert names(client.get(reverse("governance:organization_list"), {"kind": "ets"})) == {"Cooperativa Alfa"}


def grow_ambito(world: World, count: int) -> None:
    """More comuni in ambito A, each with a seat in its assembly and a sindaco (bulk, then one sync)."""
    comuni = ComuneFactory.create_batch(count, province=world.x.province)
    people = Person.objects.bulk_create([Person(given_name="N", family_name=c.name) for c in comuni])
    AmbitoMembership.objects.bulk_create(
        [AmbitoMembership(ambito=world.ambito_a, organization=c) for c in comuni]
    )
    Seat.objects.bulk_create([Seat(organ=world.organ_a, organization=c, capacity="membro") for c in comuni])
    Mandate.objects.bulk_create(
        [Mandate(organization=c, person=p, role="sindaco") for c, p in zip(comuni, people, strict=True)]
    )
    permissions.regrant_all()


QUERY_PAGES: list[tuple[str, Callable[[World], dict[str, Any]]]] = [
    ("home", lambda w: {}),
    ("governance:organization_list", lambda w: {}),
    ("governance:organization_detail", lambda w: {"pk": w.x.pk}),
    ("governance:ambito_list", lambda w: {}),
    ("governance:ambito_detail", lambda w: {"pk": w.ambito_a.pk}),
    ("governance:organ_list", lambda w: {}),
    ("governance:organ_detail", lambda w: {"pk": w.organ_a.pk}),
    ("governance:person_list", lambda w: {}),
    ("governance:person_detail", lambda w: {"pk": w.person_y.pk}),
    ("subambiti:subambito_list", lambda w: {}),
    ("subambiti:subambito_detail", lambda w: {"pk": w.subambito.pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), QUERY_PAGES, ids=[page[0] for page in QUERY_PAGES])
def test_query_count_does_not_grow_with_rows(
    world: World, django_assert_num_queries: Any, name: str, kwargs: Any
) -> None:
    client = world.client_for("udp")
    url = reverse(name, kwargs=kwargs(world))
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow_ambito(world, 30)
    # Same number of queries with 30 more comuni, seats and mandates on the page.
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_owner_edits_contacts_but_not_identity(world: World) -> None:
    client = world.client_for("owner")
    url = reverse("governance:organization_update", args=[world.y.pk])
    form = client.get(url).context["form"]
    assert form.fields["name"].disabled and not form.fields["pec"].disabled
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({"kind": "comune", "province": world.y.province_id, "pec": "protocollo@pec.ypsilon.it"})
    data["name"] = "Nome cambiato"
    response = client.post(url, data)
    assert response.status_code == 302
    world.y.refresh_from_db()
    assert world.y.pec == "protocollo@pec.ypsilon.it"
    assert world.y.name == "Ypsilon"  # disabled field: the posted value is ignored


def test_invalid_code_shows_italian_error_and_saves_nothing(world: World) -> None:
    client = world.client_for("udp")
    url = reverse("governance:organization_update", args=[world.z.pk])
    response = client.post(
        url, {"kind": "comune", "name": "Zeta", "tax_code": "12345678901", "pec": "non-una-pec"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cifra di controllo" in errors["tax_code"][0]
    assert "e-mail valido" in errors["pec"][0] or "indirizzo email" in errors["pec"][0]
    world.z.refresh_from_db()
    assert world.z.tax_code is None and world.z.pec == ""
    assert 'aria-invalid="true"' in response.content.decode()


def test_udp_adds_a_comune_to_the_ambito_by_istat_code(world: World) -> None:
    newcomer = ComuneFactory.create(name="Nuovo", istat_code="019950", province=world.x.province)
    client = world.client_for("udp")
    url = reverse("governance:ambito_member_add", args=[world.ambito_a.pk])
    response = client.post(
        url, {"organization": "19950", "start_date": "2026-01-01", "source": "Delibera AdS 3/2026"}
    )
    assert response.status_code == 302
    assert world.ambito_a.memberships.filter(organization=newcomer, start_date="2026-01-01").exists()
    # A comune already in an ambito over an overlapping period is refused, next to the field.
    response = client.post(url, {"organization": "019904"})
    assert response.status_code == 200
    assert "appartiene già" in response.context["form"].errors["organization"][0]


def test_ending_a_membership_needs_confirmation(world: World) -> None:
    membership = world.ambito_a.memberships.get(organization=world.z)
    client = world.client_for("udp")
    url = reverse("governance:ambito_member_end", args=[world.ambito_a.pk, membership.pk])
    response = client.post(url, {"end_date": "2026-06-30"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.end_date is None
    assert client.post(url, {"end_date": "2026-06-30", "confirm": "on"}).status_code == 302
    membership.refresh_from_db()
    assert str(membership.end_date) == "2026-06-30"


def test_udp_registers_an_ets_and_it_joins_the_ambito_registry(world: World) -> None:
    client = world.client_for("udp")
    response = client.post(
        reverse("governance:organization_create", args=[world.ambito_a.pk]),
        {"kind": "ets", "name": "Associazione Beta", "ets_category": "volontariato"},
    )
    assert response.status_code == 302
    created = Organization.objects.get(name="Associazione Beta")
    assert created.registered_in == world.ambito_a and created.kind == OrganizationKind.ETS
    assert client.get(created.get_absolute_url()).status_code == 200
    assert world.client_for("other").get(created.get_absolute_url()).status_code == 404
