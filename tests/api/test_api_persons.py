"""persons/ and mandates/, seen as owner / other / Ufficio di Piano / anonymous."""

import datetime as dt

import pytest

from governance.models import Mandate, Person
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

URL = f"{API}/persons/"
MANDATES = f"{API}/mandates/"
VALID_TAX_CODE = "RSSMRA80A01H501U"


def detail(person: Person) -> str:
    return f"{URL}{person.pk}/"


def mandate_detail(mandate: Mandate) -> str:
    return f"{MANDATES}{mandate.pk}/"


# --- persons: list and retrieve ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("owner", {"person_y", "secretary"}),  # mandate in Y; seat in Assemblea A, where Y sits
        ("other", {"person_w"}),
        ("udp", {"person_x", "person_y", "person_ats", "secretary"}),
    ],
)
def test_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(URL)) == {getattr(registry, name).pk for name in visible}


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


def test_list_search_and_ordering(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{URL}?search=ypsi")) == {registry.person_y.pk}
    rows = body(client.get(f"{URL}?ordering=-family_name"))["results"]
    assert [row["family_name"] for row in rows] == ["Ypsi", "Xeni", "Segreti", "Atsi"]


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "person_y", 200),
        ("owner", "person_x", 404),
        ("other", "person_y", 404),
        ("other", "person_w", 200),
        ("udp", "person_ats", 200),
        ("udp", "person_w", 404),
    ],
)
def test_retrieve(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    response = api(who).get(detail(getattr(registry, target)))
    if status == 200:
        assert body(response)["id"] == getattr(registry, target).pk
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(detail(registry.person_y)))


def test_retrieve_shows_mandates_and_seats(registry: Registry, api: ApiFor) -> None:
    data = body(api("owner").get(detail(registry.person_y)))
    assert data["full_name"] == "Bice Ypsi"
    (mandate,) = data["mandates"]
    assert mandate["organization"] == {"id": registry.y.pk, "name": "Ypsilon"}
    assert (mandate["role"], mandate["role_label"]) == ("sindaco", "Sindaco")
    secretary = body(api("owner").get(detail(registry.secretary)))
    assert [seat["organ"]["name"] for seat in secretary["seats"]] == ["Assemblea A"]


# --- persons: partial update ---------------------------------------------------------------------------


def test_owner_updates_a_person_with_a_mandate_in_its_organization(registry: Registry, api: ApiFor) -> None:
    response = api("owner").patch(
        detail(registry.person_y),
        {"email": "bice@ypsilon.example", "tax_code": "rss mra 80a01 h501u"},
        format="json",
    )
    assert response.status_code == 200, response.content
    registry.person_y.refresh_from_db()
    assert registry.person_y.email == "bice@ypsilon.example"
    assert registry.person_y.tax_code == VALID_TAX_CODE  # normalised by the service


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("owner", "secretary", 403),  # visible through Assemblea A, but no mandate in a body the owner edits
        ("owner", "person_x", 404),
        ("other", "person_y", 404),
        ("udp", "person_ats", 403),  # ATS is only visible to the Ufficio di Piano
        ("udp", "person_y", 200),
    ],
)
def test_update_matrix(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    person: Person = getattr(registry, target)
    response = api(who).patch(detail(person), {"phone": "000"}, format="json")
    person.refresh_from_db()
    if status == 200:
        assert response.status_code == 200
        assert person.phone == "000"
    else:
        assert_error(response, status)
        assert person.phone == ""


def test_update_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").patch(detail(registry.person_y), {"phone": "0"}, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"tax_code": "RSSMRA80A01H501X"}, "tax_code"),  # wrong check character
        ({"tax_code": "ABC"}, "tax_code"),
        ({"gender": "X"}, "gender"),
        ({"family_name": ""}, "family_name"),
    ],
)
def test_update_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    before = Person.objects.filter(pk=registry.person_y.pk).values().get()
    assert_validation_error(api("owner").patch(detail(registry.person_y), payload, format="json"), field)
    assert Person.objects.filter(pk=registry.person_y.pk).values().get() == before


def test_persons_are_not_created_or_deleted_here(registry: Registry, api: ApiFor) -> None:
    assert_error(api("udp").post(URL, {"given_name": "A", "family_name": "B"}, format="json"), 405)
    assert_error(api("udp").delete(detail(registry.person_y)), 405)


# --- mandates: list and retrieve -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("owner", {"mandate_y"}),
        ("other", {"mandate_w"}),
        ("udp", {"mandate_x", "mandate_y", "mandate_ats"}),
    ],
)
def test_mandates_list(registry: Registry, api: ApiFor, who: str, visible: set[str]) -> None:
    assert ids(api(who).get(MANDATES)) == {getattr(registry, name).pk for name in visible}


def test_mandates_filters(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{MANDATES}?organization={registry.x.pk}")) == {registry.mandate_x.pk}
    assert ids(client.get(f"{MANDATES}?organization={registry.w.pk}")) == set()
    assert ids(client.get(f"{MANDATES}?search=atsi")) == {registry.mandate_ats.pk}
    rows = body(client.get(f"{MANDATES}?ordering=role"))["results"]
    assert [row["role"] for row in rows] == ["direttore", "sindaco", "sindaco"]


def test_mandates_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(MANDATES))


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_mandate_retrieve(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).get(mandate_detail(registry.mandate_y))
    if status == 200:
        data = body(response)
        assert data["person"] == {"id": registry.person_y.pk, "full_name": "Bice Ypsi"}
        assert data["start_date"] == "2021-10-04"
    else:
        assert_error(response, status, "not_found")


# --- mandates: create ----------------------------------------------------------------------------------


def test_owner_records_a_mandate_with_a_new_person(registry: Registry, api: ApiFor) -> None:
    payload = {
        "organization": registry.y.pk,
        "role": "assessore",
        "title": "Assessore alle Politiche Sociali",
        "start_date": "2024-06-10",
        "new_person": {
            "given_name": "Mario",
            "family_name": "Rossi",
            "tax_code": VALID_TAX_CODE,
            "gender": "M",
        },
    }
    response = api("owner").post(MANDATES, payload, format="json")
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["person"]["full_name"] == "Mario Rossi"
    assert Person.objects.get(tax_code=VALID_TAX_CODE).mandates.get().organization == registry.y


def test_owner_records_a_mandate_of_a_known_person(registry: Registry, api: ApiFor) -> None:
    payload = {"organization": registry.y.pk, "role": "delegato", "person": registry.person_y.pk}
    response = api("owner").post(MANDATES, payload, format="json")
    assert response.status_code == 201, response.content
    assert registry.person_y.mandates.count() == 2


def test_udp_may_not_record_mandates_in_a_body_it_only_sees(registry: Registry, api: ApiFor) -> None:
    payload = {"organization": registry.ats.pk, "role": "direttore", "person": registry.person_ats.pk}
    assert_error(api("udp").post(MANDATES, payload, format="json"), 403)
    assert registry.person_ats.mandates.count() == 1


@pytest.mark.parametrize(("who", "organization"), [("owner", "x"), ("other", "y")])
def test_mandates_in_invisible_bodies_do_not_exist(
    registry: Registry, api: ApiFor, who: str, organization: str
) -> None:
    payload = {
        "organization": getattr(registry, organization).pk,
        "role": "assessore",
        "new_person": {"given_name": "Ugo", "family_name": "Nessuno"},
    }
    assert_validation_error(api(who).post(MANDATES, payload, format="json"), "organization")
    assert not Person.objects.filter(family_name="Nessuno").exists()


def test_owner_cannot_name_a_person_it_does_not_see(registry: Registry, api: ApiFor) -> None:
    payload = {"organization": registry.y.pk, "role": "assessore", "person": registry.person_w.pk}
    assert_validation_error(api("owner").post(MANDATES, payload, format="json"), "person")
    assert registry.person_w.mandates.count() == 1


def test_create_mandate_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"organization": registry.y.pk, "role": "assessore", "person": registry.person_y.pk}
    assert_unauthenticated(api("anonymous").post(MANDATES, payload, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {"new_person": {"given_name": "Mario", "family_name": "Rossi", "tax_code": "RSSMRA80A01H501X"}},
            "tax_code",
        ),
        ({"new_person": {"given_name": "Mario", "family_name": "Rossi"}, "person": "person_y"}, "person"),
        ({}, "person"),
        (
            {
                "new_person": {"given_name": "Mario", "family_name": "Rossi"},
                "start_date": "2024-06-10",
                "end_date": "2024-06-01",
            },
            "non_field_errors",
        ),
        ({"new_person": {"given_name": "Mario", "family_name": "Rossi"}, "role": "imperatore"}, "role"),
        ({"new_person": {"given_name": "", "family_name": "Rossi"}}, "new_person"),
    ],
)
def test_create_mandate_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    if payload.get("person") == "person_y":
        payload = {**payload, "person": registry.person_y.pk}
    persons, mandates = Person.objects.count(), Mandate.objects.count()
    body_ = {"organization": registry.y.pk, "role": "assessore", **payload}
    response = api("owner").post(MANDATES, body_, format="json")
    if field == "new_person":  # a nested serializer reports its errors nested
        data = assert_error(response, 400, "validation_error")
        assert "given_name" in data["errors"]["new_person"]
    else:
        assert_validation_error(response, field)
    assert (Person.objects.count(), Mandate.objects.count()) == (persons, mandates)


# --- mandates: partial update --------------------------------------------------------------------------


def test_owner_ends_a_mandate(registry: Registry, api: ApiFor) -> None:
    response = api("owner").patch(
        mandate_detail(registry.mandate_y), {"end_date": "2026-06-30"}, format="json"
    )
    assert response.status_code == 200, response.content
    registry.mandate_y.refresh_from_db()
    assert registry.mandate_y.end_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("udp", "mandate_ats", 403),
        ("other", "mandate_y", 404),
        ("owner", "mandate_x", 404),
        ("udp", "mandate_y", 200),
    ],
)
def test_update_mandate_matrix(registry: Registry, api: ApiFor, who: str, target: str, status: int) -> None:
    mandate: Mandate = getattr(registry, target)
    response = api(who).patch(mandate_detail(mandate), {"title": "Sindaco pro tempore"}, format="json")
    mandate.refresh_from_db()
    if status == 200:
        assert response.status_code == 200
        assert mandate.title == "Sindaco pro tempore"
    else:
        assert_error(response, status)
        assert mandate.title == ""


def test_update_mandate_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(
        api("anonymous").patch(mandate_detail(registry.mandate_y), {"title": "x"}, format="json")
    )


def test_update_mandate_end_before_start_is_400(registry: Registry, api: ApiFor) -> None:
    response = api("owner").patch(
        mandate_detail(registry.mandate_y), {"end_date": "2020-01-01"}, format="json"
    )
    assert_validation_error(response, "non_field_errors")
    registry.mandate_y.refresh_from_db()
    assert registry.mandate_y.end_date is None
