"""The territorial profile through the API: every authenticated user reads the same areas, bands and indices as the
pages, with the same filters; bad filters are structured 400s; anonymous is 401; queries do not grow with the areas."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Role
from tests.api.helpers import api_client
from tests.territory.helpers import world_population
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


def test_every_user_reads_areas_and_indices_as_the_pages_show_them(world: World) -> None:
    world_population(world)
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    for user in (world.udp, world.owner, world.other, udp_b):
        data = api_client(user).get("/api/v1/territory/areas/", {"level": "comune"}).json()
        assert data["count"] == 4 and data["dataset"]["source"] == "Dati di prova"
    xanadu = next(
        area
        for area in api_client(world.other)
        .get("/api/v1/territory/areas/", {"level": "comune"})
        .json()["results"]
        if area["name"] == "Xanadu"
    )
    # Made-up rows per sex: ages 0-9 one each, 15-44 two each, 65-74 three each (tests/territory/helpers.py).
    assert xanadu["bands"] == {
        "under15": 20,
        "age15_64": 120,
        "over65": 60,
        "over75": 0,
        "minors": 32,
        "total": 200,
    }
    assert Decimal(xanadu["indices"]["vecchiaia"]) == Decimal("300.00")
    ambito = api_client(world.owner).get("/api/v1/territory/areas/", {"level": "ambito"}).json()["results"]
    by_name = {area["name"]: area["residents"] for area in ambito}
    assert by_name[world.ambito_a.name] == 600  # Xanadu, Ypsilon and Zeta, 200 each
    detail = api_client(world.owner).get(f"/api/v1/territory/areas/comune/{world.x.pk}/").json()
    assert len(detail["pyramid"]) == 21 and sum(r["males"] + r["females"] for r in detail["pyramid"]) == 200
    assert detail["trend"] == [{"reference_date": "2023-01-01", "residents": 200}]
    indices = api_client(world.owner).get("/api/v1/territory/indices/").json()
    assert {item["code"] for item in indices} >= {"vecchiaia", "dipendenza_strutturale", "quota_minori"}
    assert "× 100" in indices[0]["formula"]


def test_bad_filters_missing_areas_and_anonymous(world: World) -> None:
    world_population(world)
    client = api_client(world.udp)
    refused = client.get("/api/v1/territory/areas/", {"level": "quartiere", "region": "3"})
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"level", "region"}
    assert client.get("/api/v1/territory/areas/", {"year": 1999}).status_code == 404
    assert client.get("/api/v1/territory/areas/quartiere/1/").status_code == 404
    assert client.get("/api/v1/territory/areas/comune/999999/").status_code == 404
    assert api_client().get("/api/v1/territory/areas/").status_code == 401
    assert api_client().get("/api/v1/territory/indices/").status_code == 401


def test_queries_do_not_grow_with_the_areas(world: World) -> None:
    world_population(world)
    client = api_client(world.udp)

    def queries(**params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/territory/areas/", params).status_code == 200
        return len(captured)

    assert queries(level="comune") == queries(level="comune", search="xanadu") == queries(level="regione")
