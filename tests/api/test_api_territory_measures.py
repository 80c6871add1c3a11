"""The indicators through the API: every authenticated user reads the definitions and the values per area with the
pages' filters, suppressed counts as null with a flag; an indicator's keeper loads a CSV (all or nothing, errors by
line as a structured 400), anyone else is refused with nothing written; queries grow neither with the comuni nor with
the measures defined."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Organization, Role
from territory import services
from territory.models import IndicatorValue
from tests.api.helpers import api_client
from tests.governance.factories import ComuneFactory
from tests.territory.helpers import (
    ASSISTED,
    INCOME,
    administrator,
    ambito_indicator,
    national,
    values_csv,
    world_population,
)
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


def test_everyone_reads_definitions_and_values_with_suppression(world: World) -> None:
    world_population(world)
    admin = administrator()
    income = national(admin, "reddito", INCOME, name="Reddito imponibile")
    assisted = ambito_indicator(world, ASSISTED[:3])
    services.ratio_create(
        actor=admin, ambito=None, code="pro_capite", name="Reddito pro capite", numerator_indicator=income,
        denominator_band="total", multiplier=1, unit="euro per abitante",
    )  # fmt: skip
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    for user in (world.udp, world.owner, world.other, udp_b):
        listed = api_client(user).get("/api/v1/territory/measures/").json()
        assert {(row["kind"], row["code"]) for row in listed} == {
            ("indicator", "reddito"), ("indicator", "assistiti_sad"), ("ratio", "pro_capite")
        }  # fmt: skip
    assert api_client().get("/api/v1/territory/measures/").status_code == 401
    client = api_client(world.other)
    listed = {row["code"]: row for row in client.get("/api/v1/territory/measures/").json()}
    assert listed["reddito"]["years"] == [2022] and listed["assistiti_sad"]["ambito"] == world.ambito_a.pk
    assert listed["pro_capite"]["definition"] == "Reddito imponibile / Residenti × 1"

    by_ambito = client.get(
        f"/api/v1/territory/measures/indicator/{income.pk}/values/", {"level": "ambito"}
    ).json()
    # Ambito A: 1,000 + 2,500 + 3,500; Ambito B: Wu's 500.
    assert {row["name"]: row["value"] for row in by_ambito["results"]} == {
        "Ambito A": "7000.0000",
        "Ambito B": "500.0000",
    }
    assert by_ambito["year"] == 2022 and by_ambito["measure"]["unit"] == "euro"
    comuni = client.get(f"/api/v1/territory/measures/indicator/{assisted.pk}/values/").json()
    values = {row["name"]: (row["value"], row["suppressed"]) for row in comuni["results"]}
    assert values == {"Xanadu": (None, True), "Ypsilon": (None, True), "Zeta": ("0.0000", False)}
    assert comuni["threshold"] == 3
    assert (
        client.get(f"/api/v1/territory/measures/indicator/{assisted.pk}/values/", {"level": "ambito"}).json()[
            "results"
        ][0]["value"]
        == "3.0000"
    )
    # The ratio needs residents of 2022: the test world has 2023 only, so the ratio has no year yet.
    assert (
        client.get(f"/api/v1/territory/measures/ratio/{listed['pro_capite']['id']}/values/").json()["year"]
        is None
    )

    bad = client.get(
        f"/api/v1/territory/measures/indicator/{income.pk}/values/", {"level": "quartiere", "region": "3"}
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) >= {"level", "region"}
    assert (
        client.get(f"/api/v1/territory/measures/indicator/{income.pk}/values/", {"year": 1999}).status_code
        == 404
    )
    assert client.get(f"/api/v1/territory/measures/planet/{income.pk}/values/").status_code == 404
    assert api_client().get(f"/api/v1/territory/measures/indicator/{income.pk}/values/").status_code == 401


def test_only_the_keeper_loads_values_and_a_bad_file_writes_nothing(world: World) -> None:
    admin = administrator()
    income = national(admin, "reddito", INCOME)
    own = ambito_indicator(world, ASSISTED[:3])
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)

    def send(user: Any, indicator: Any, content: bytes, **extra: str) -> Any:
        upload = SimpleUploadedFile("valori.csv", content, content_type="text/csv")
        return api_client(user).post(
            f"/api/v1/territory/indicators/{indicator.pk}/imports/",
            {"file": upload, **extra},
            format="multipart",
        )

    for user in (world.owner, world.other, udp_b):
        assert send(user, own, values_csv(("019901", 2023, "5"))).status_code == 403
    assert send(world.udp, income, values_csv(("019901", 2023, "5"))).status_code == 403
    assert api_client().post(f"/api/v1/territory/indicators/{own.pk}/imports/").status_code == 401
    bad = send(world.udp, own, values_csv(("019901", 2023, "5"), ("019902", 2023, "molti")))
    assert bad.status_code == 400
    assert bad.json()["errors"]["non_field_errors"][0]["message"].startswith("riga 3:")
    outside = send(world.udp, own, values_csv(("019904", 2023, "5")))
    assert outside.status_code == 400 and "non faceva parte dell'ambito" in str(outside.json())
    assert not IndicatorValue.objects.filter(year=2023).exists()

    loaded = send(world.udp, own, b"codice_istat;valore\n019901;4\n019902;9\n", year="2023")
    assert loaded.status_code == 201
    assert (loaded.json()["years"], loaded.json()["values"], loaded.json()["replaced"]) == ([2023], 2, 0)
    history = api_client(world.other).get(f"/api/v1/territory/indicators/{own.pk}/imports/").json()
    assert [row["years"] for row in history] == [[2023], [2022]]
    assert IndicatorValue.objects.get(indicator=own, comune=world.y, year=2023).value == Decimal("9")


def test_queries_grow_neither_with_comuni_nor_with_measures_nor_with_imports(world: World) -> None:
    admin = administrator()
    income = national(admin, "reddito", INCOME)
    client = api_client(world.udp)

    def count(url: str, **params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    values_url = f"/api/v1/territory/measures/indicator/{income.pk}/values/"
    few_values, few_measures = count(values_url), count("/api/v1/territory/measures/")
    province = Organization.objects.get(pk=world.x.pk).province
    extra = [ComuneFactory.create(province=province, istat_code=f"019{n:03d}") for n in range(500, 540)]
    rows = [(comune.istat_code or "", 2022, "10") for comune in extra]
    services.indicator_import(
        actor=admin, indicator=income, data=values_csv(*INCOME, *rows), file_name="r.csv"
    )
    for n in range(5):
        national(admin, f"altro_{n}", INCOME)
    imports_url = f"/api/v1/territory/indicators/{income.pk}/imports/"
    few_imports = count(imports_url)
    for year in (2019, 2020, 2021):
        services.indicator_import(
            actor=admin, indicator=income, data=values_csv(("019901", year, "1")), file_name=f"{year}.csv"
        )
    assert count(values_url) == few_values
    assert count("/api/v1/territory/measures/") == few_measures
    assert count(imports_url) == few_imports
