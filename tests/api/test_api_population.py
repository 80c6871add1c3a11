"""population-figures/, seen as owner / other / Ufficio di Piano / anonymous."""

import datetime as dt

import pytest

from governance.models import PopulationFigure
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

URL = f"{API}/population-figures/"


def figures_of(registry: Registry, *names: str) -> set[int]:
    organizations = [getattr(registry, name) for name in names]
    return set(PopulationFigure.objects.filter(organization__in=organizations).values_list("pk", flat=True))


@pytest.mark.parametrize(("who", "visible"), [("owner", ("y",)), ("other", ("w",)), ("udp", ("x", "y", "z"))])
def test_list(registry: Registry, api: ApiFor, who: str, visible: tuple[str, ...]) -> None:
    assert ids(api(who).get(URL)) == figures_of(registry, *visible)


def test_list_anonymous_is_401(api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(URL))


def test_list_filters_and_ordering(registry: Registry, api: ApiFor) -> None:
    client = api("udp")
    assert ids(client.get(f"{URL}?organization={registry.y.pk}")) == {registry.population_y.pk}
    assert ids(client.get(f"{URL}?search=015003")) == figures_of(registry, "z")
    rows = body(client.get(f"{URL}?ordering=-population"))["results"]
    assert [row["population"] for row in rows] == [3000, 2000, 1000]
    assert rows[0]["organization"] == {"id": registry.z.pk, "name": "Zeta", "istat_code": "015003"}


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("other", 404), ("udp", 200)])
def test_retrieve(registry: Registry, api: ApiFor, who: str, status: int) -> None:
    response = api(who).get(f"{URL}{registry.population_y.pk}/")
    if status == 200:
        assert (body(response)["population"], body(response)["reference_date"]) == (2000, "2023-01-01")
    else:
        assert_error(response, status, "not_found")


def test_retrieve_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    assert_unauthenticated(api("anonymous").get(f"{URL}{registry.population_y.pk}/"))


def test_owner_records_and_then_corrects_a_figure(registry: Registry, api: ApiFor) -> None:
    client = api("owner")
    payload = {
        "organization": registry.y.pk,
        "reference_date": "2024-01-01",
        "population": 2100,
        "source": "ISTAT",
    }
    created = client.post(URL, payload, format="json")
    assert created.status_code == 201, created.content
    corrected = client.post(URL, {**payload, "population": 2110}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert body(corrected)["id"] == body(created)["id"]
    figure = PopulationFigure.objects.get(organization=registry.y, reference_date=dt.date(2024, 1, 1))
    assert figure.population == 2110


@pytest.mark.parametrize(
    ("who", "organization", "status"),
    [("udp", "ats", 403), ("owner", "x", 400), ("other", "y", 400)],
)
def test_create_matrix(registry: Registry, api: ApiFor, who: str, organization: str, status: int) -> None:
    payload = {
        "organization": getattr(registry, organization).pk,
        "reference_date": "2024-01-01",
        "population": 10,
    }
    response = api(who).post(URL, payload, format="json")
    if status == 400:
        assert_validation_error(response, "organization")  # a body the user cannot see "does not exist"
    else:
        assert_error(response, status)
    assert not PopulationFigure.objects.filter(reference_date=dt.date(2024, 1, 1)).exists()


def test_create_anonymous_is_401(registry: Registry, api: ApiFor) -> None:
    payload = {"organization": registry.y.pk, "reference_date": "2024-01-01", "population": 10}
    assert_unauthenticated(api("anonymous").post(URL, payload, format="json"))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"population": -5}, "population"),
        ({"population": "molti"}, "population"),
        ({"reference_date": "01/01/2024"}, "reference_date"),
    ],
)
def test_create_invalid_is_400_and_saves_nothing(
    registry: Registry, api: ApiFor, payload: dict[str, object], field: str
) -> None:
    before = PopulationFigure.objects.count()
    body_ = {"organization": registry.y.pk, "reference_date": "2024-01-01", "population": 10, **payload}
    assert_validation_error(api("owner").post(URL, body_, format="json"), field)
    assert PopulationFigure.objects.count() == before


def test_figures_are_recorded_not_edited_or_deleted(registry: Registry, api: ApiFor) -> None:
    url = f"{URL}{registry.population_y.pk}/"
    assert_error(api("owner").patch(url, {"population": 1}, format="json"), 405)
    assert_error(api("owner").delete(url), 405)
