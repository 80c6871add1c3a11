"""The indicators' pages from every point of view: everyone logged in reads every indicator; an Ufficio di Piano
defines its ambito's own and loads them (never another ambito's, never a national one); an administrator keeps the
national ones. Suppressed counts stay hidden in the page and in both exports; the import page reports every bad line
and saves nothing; queries do not grow with the comuni shown."""

import re
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Organization
from territory import services
from territory.models import CompositeIndex, Indicator, IndicatorValue, Ratio
from tests.governance.factories import ComuneFactory
from tests.territory.helpers import (
    ASSISTED,
    INCOME,
    UNEMPLOYMENT,
    administrator,
    ambito_indicator,
    national,
    residents_table,
    values_csv,
    world_population,
)
from tests.worlds import World, matrix_mismatches, points_of_view

pytestmark = pytest.mark.django_db

READ = (200, 200, 200, 200, 302)
DEFINE = (200, 403, 403, 200, 302)  # udp, owner, other, udp_b, anonymous
KEEP_A = (200, 403, 403, 403, 302)  # Ambito A's own
NATIONAL = (403, 403, 403, 403, 302)  # an administrator's


def pages(world: World) -> tuple[dict, dict]:
    admin = administrator()
    own = ambito_indicator(world, ASSISTED[:3])
    income = national(admin, "reddito", INCOME)
    pages = {
        "territory:measures": ({}, READ),
        "territory:measure": ({"kind": "indicatore", "pk": own.pk}, READ),
        "territory:indicator_create": ({}, DEFINE),
        "territory:ratio_create": ({}, DEFINE),
        "territory:composite_create": ({}, DEFINE),
        "territory:indicator_import": ({"pk": own.pk}, KEEP_A),
        "territory:indicator_edit": ({"pk": own.pk}, KEEP_A),
        "territory:measure_delete": ({"kind": "indicatore", "pk": own.pk}, KEEP_A),
    }
    national_pages = {
        "territory:measure": ({"kind": "indicatore", "pk": income.pk}, READ),
        "territory:indicator_import": ({"pk": income.pk}, NATIONAL),
        "territory:measure_delete": ({"kind": "indicatore", "pk": income.pk}, NATIONAL),
    }
    return pages, national_pages


def test_every_point_of_view(world: World) -> None:
    own_pages, national_pages = pages(world)
    clients = points_of_view(world)
    for table in (own_pages, national_pages):
        wrong = matrix_mismatches(
            clients,
            {name: kwargs for name, (kwargs, _matrix) in table.items()},
            {name: matrix for name, (_kwargs, matrix) in table.items()},
        )
        assert wrong == []


def test_writes_from_outside_are_refused_and_change_nothing(world: World) -> None:
    own = ambito_indicator(world, ASSISTED[:3])
    clients = points_of_view(world)
    upload = {"file": ("sad.csv", values_csv(("019901", 2022, "9")))}
    for view in ("owner", "other", "udp_b"):
        url = reverse("territory:indicator_import", kwargs={"pk": own.pk})
        response = clients[view].post(url, {"file": _file(*upload["file"])})
        assert response.status_code == 403, view
        delete = clients[view].post(
            reverse("territory:measure_delete", kwargs={"kind": "indicatore", "pk": own.pk})
        )
        assert delete.status_code == 403
    assert IndicatorValue.objects.get(indicator=own, comune=world.x).value == 1
    # Another ambito's Ufficio di Piano cannot create an indicator owned by Ambito A (the choice is not offered).
    response = clients["udp_b"].post(
        reverse("territory:indicator_create"),
        {"ambito": world.ambito_a.pk, "name": "X", "code": "x_b", "unit": "n", "source": "s", "licence": "l",
         "aggregation": "sum"},
    )  # fmt: skip
    assert response.status_code == 200 and "ambito" in response.context["form"].errors
    assert not Indicator.objects.filter(code="x_b").exists()


def _file(name: str, content: bytes) -> BytesIO:
    handle = BytesIO(content)
    handle.name = name
    return handle


def test_the_ufficio_di_piano_defines_and_loads_its_own_indicator(world: World) -> None:
    client = Client()
    client.force_login(world.udp)
    created = client.post(
        reverse("territory:indicator_create"),
        {"ambito": world.ambito_a.pk, "name": "Utenti SAD", "code": "utenti_sad", "unit": "persone",
         "source": "ASST Crema", "licence": "uso interno", "aggregation": "sum", "people_assisted": "on"},
    )  # fmt: skip
    indicator = Indicator.objects.get(code="utenti_sad")
    import_url = reverse("territory:indicator_import", kwargs={"pk": indicator.pk})
    assert created.status_code == 302 and created["Location"] == import_url

    bad = client.post(
        import_url, {"file": _file("sad.csv", values_csv(("019901", 2022, "4"), ("019904", 2022, "x")))}
    )
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "riga 3: valore &#x27;x&#x27; non numerico" in page and "Non è stato salvato nulla" in page
    outside = client.post(import_url, {"file": _file("sad.csv", values_csv(("019904", 2022, "4")))})
    assert "riga 2: il comune 019904 non faceva parte dell&#x27;ambito nel 2022" in outside.content.decode()
    assert not IndicatorValue.objects.exists()

    loaded = client.post(
        import_url,
        {"file": _file("sad.csv", b"codice_istat;valore\n019901;1\n019902;12\n019903;0\n"), "year": "2023"},
    )
    assert loaded.status_code == 302
    detail = client.get(loaded["Location"])
    assert "Importati 3 valori per 2023." in detail.content.decode()
    rows = {area.name: area.cell.exported() for area, _comuni in detail.context["rows"]}
    assert rows == {"Xanadu": "<3", "Ypsilon": 12, "Zeta": 0}
    assert "Wu" not in detail.context["missing"]  # not Ambito A's: not missing from its own indicator


def test_suppressed_counts_stay_hidden_in_the_page_and_both_exports(world: World) -> None:
    own = ambito_indicator(world, ASSISTED[:3])
    client = Client()
    client.force_login(world.other)
    url = reverse("territory:measure", kwargs={"kind": "indicatore", "pk": own.pk})
    page = client.get(url, {"livello": "comune"}).content.decode()
    assert "&lt;3" in page and "Dato oscurato" in page
    csv = client.get(url, {"livello": "comune", "format": "csv"}).content.decode("utf-8-sig")
    lines = {line.split(";")[0].strip('"'): line for line in csv.splitlines()[1:]}
    assert "<3" in lines["Xanadu"] and "<3" in lines["Ypsilon"] and lines["Zeta"].endswith("0")
    xlsx = client.get(url, {"livello": "comune", "format": "xlsx"})
    with zipfile.ZipFile(BytesIO(xlsx.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    numbers = re.findall(r'<c r="B\d+"(?: s="\d+")?><v>([^<]*)</v>', sheet)
    assert "&lt;3" in strings and numbers == ["0"]  # Zeta's zero; Xanadu's 1 and Ypsilon's 2 are not there
    ambiti = client.get(url, {"livello": "ambito", "format": "csv"}).content.decode("utf-8-sig")
    assert "Ambito A" in ambiti and "<3" not in ambiti  # 1 + 2 + 0 = 3: shown


def test_ratio_and_composite_defined_through_the_forms(world: World) -> None:
    admin = administrator()
    residents_table(world, {"019901": 100, "019902": 200, "019903": 300, "019904": 50}, on=date(2022, 1, 1))
    income = national(admin, "reddito", INCOME)
    unemployment = national(admin, "disoccupazione", UNEMPLOYMENT, aggregation="mean")
    client = Client()
    client.force_login(admin)
    ratio = client.post(
        reverse("territory:ratio_create"),
        {"name": "Reddito pro capite", "code": "reddito_pc", "numerator_indicator": income.pk,
         "denominator_band": "total", "multiplier": 1, "unit": "euro"},
    )  # fmt: skip
    assert ratio.status_code == 302
    created = Ratio.objects.get(code="reddito_pc")
    page = client.get(
        reverse("territory:measure", kwargs={"kind": "rapporto", "pk": created.pk}), {"livello": "ambito"}
    )
    assert {area.name: area.cell.value for area, _c in page.context["rows"]} == {
        "Ambito A": Decimal("11.67"),
        "Ambito B": 10,
    }
    both = client.post(
        reverse("territory:ratio_create"),
        {"name": "Doppio", "code": "doppio", "numerator_indicator": income.pk, "numerator_band": "total",
         "denominator_band": "total", "multiplier": 1},
    )  # fmt: skip
    assert "Il numeratore è un indicatore oppure una fascia di residenti." in both.content.decode()
    composite = client.post(
        reverse("territory:composite_create"),
        {"name": "Vulnerabilità", "code": "vuln", "normalisation": "min_max", "indicator_1": income.pk,
         "weight_1": "1", "inverted_1": "on", "indicator_2": unemployment.pk, "weight_2": "2"},
    )  # fmt: skip
    assert composite.status_code == 302
    index = CompositeIndex.objects.get(code="vuln")
    page = client.get(reverse("territory:measure", kwargs={"kind": "composito", "pk": index.pk}))
    assert {area.name: area.cell.value for area, _c in page.context["rows"]}["Wu"] == 100
    listing = client.get(reverse("territory:measures")).content.decode()
    assert "Reddito pro capite" in listing and "Vulnerabilità" in listing and "invertito" in listing


def test_queries_do_not_grow_with_the_comuni_shown(world: World) -> None:
    admin = administrator()
    indicator = national(admin, "reddito", INCOME)
    client = Client()
    client.force_login(world.udp)
    url = reverse("territory:measure", kwargs={"kind": "indicatore", "pk": indicator.pk})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"livello": "ambito"}).status_code == 200
        return len(captured)

    few = count()
    province = Organization.objects.get(pk=world.x.pk).province
    extra = [ComuneFactory.create(province=province, istat_code=f"019{n:03d}") for n in range(500, 560)]
    rows = [(comune.istat_code or "", 2022, "10") for comune in extra]
    services.indicator_import(
        actor=admin, indicator=indicator, data=values_csv(*INCOME, *rows), file_name="r.csv"
    )
    assert count() == few


def test_the_map_colours_the_comuni_by_an_indicator_without_suppressed_counts(world: World) -> None:
    world_population(world)
    own = ambito_indicator(world, ASSISTED[:3])
    client = Client()
    client.force_login(world.other)
    assert world.x.province is not None
    region = world.x.province.region.code
    page = client.get(reverse("territory:map"), {"regione": region, "misura": f"indicatore:{own.pk}"})
    assert page.status_code == 200
    values = {row.area.name: row.value for row in page.context["rows"]}
    assert values == {"Wu": None, "Xanadu": None, "Ypsilon": None, "Zeta": 0}
    assert "Assistiti SAD (2022)" in page.content.decode()


def test_an_areas_page_lists_its_indicators_with_suppression(world: World) -> None:
    world_population(world)
    income = national(administrator(), "reddito", INCOME)
    assisted = ambito_indicator(world, ASSISTED[:3])
    client = world.client_for("other")
    ambito = client.get(reverse("territory:area", kwargs={"level": "ambito", "pk": world.ambito_a.pk}))
    found = {row.measure.pk: (row.year, row.cells[0].exported()) for row in ambito.context["measures"]}
    # Ambito A in 2022 (the latest year up to the 2023 table): income 1,000 + 2,500 + 3,500; assisted 1 + 2 + 0.
    assert found == {income.pk: (2022, Decimal("7000.0000")), assisted.pk: (2022, Decimal("3.0000"))}
    comune = client.get(reverse("territory:area", kwargs={"level": "comune", "pk": world.x.pk}))
    assert {row.measure.pk: row.cells[0].exported() for row in comune.context["measures"]}[
        assisted.pk
    ] == "<3"
    assert "&lt;3" in comune.content.decode()
    sheet = client.get(
        reverse("territory:area", kwargs={"level": "comune", "pk": world.x.pk}),
        {"format": "csv", "table": "indicatori"},
    )
    assert "Assistiti SAD;2022;<3;persone" in sheet.content.decode("utf-8-sig")
