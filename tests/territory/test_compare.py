"""Two areas side by side: every logged-in user compares any two areas; residents, indices and indicators against
figures worked out by hand (the test world's made-up population: 200 residents per comune, 20 under 15, 120 aged
15-64, 60 over 65); suppressed counts stay hidden on the page and in the exports; areas are found by name, with a
choice when several share it; queries do not grow with the comuni."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Organization
from tests.governance.factories import ComuneFactory, ProvinceFactory
from tests.territory.helpers import (
    ASSISTED,
    INCOME,
    administrator,
    ambito_indicator,
    national,
    world_population,
)
from tests.worlds import World, matrix_mismatches, points_of_view

pytestmark = pytest.mark.django_db
URL = reverse("territory:compare")


def test_every_logged_in_user_compares(world: World) -> None:
    world_population(world)
    clients = points_of_view(world)
    query = f"?a=comune:{world.x.pk}&b=ambito:{world.ambito_b.pk}"
    for view, expected in zip(
        ("udp", "owner", "other", "udp_b", "anonymous"), (200, 200, 200, 200, 302), strict=True
    ):
        assert clients[view].get(URL + query).status_code == expected, view
    assert (
        matrix_mismatches(
            clients, {"territory:compare": {}}, {"territory:compare": (200, 200, 200, 200, 302)}
        )
        == []
    )


def test_a_comune_beside_its_ambito_with_hand_worked_figures(world: World) -> None:
    world_population(world)
    admin = administrator()
    income = national(admin, "reddito", INCOME, name="Reddito imponibile")
    assisted = ambito_indicator(world, ASSISTED[:3])
    client = world.client_for("other")
    response = client.get(
        URL, {"a": f"comune:{world.x.pk}", "b": f"ambito:{world.ambito_a.pk}", "anno": "2023"}
    )
    assert response.status_code == 200
    rows = {
        label: (first, second, difference)
        for label, _formula, first, second, difference in response.context["rows"]
    }
    # Xanadu 200 residents; Ambito A = Xanadu + Ypsilon + Zeta = 600. Old-age index 60 / 20 × 100 = 300 for both;
    # structural dependency (20 + 60) / 120 × 100 = 66.67.
    assert rows["Residenti"] == (200, 600, 400)
    assert rows["Indice di vecchiaia"] == (Decimal("300.00"), Decimal("300.00"), Decimal("0.00"))
    assert rows["Indice di dipendenza strutturale"][:2] == (Decimal("66.67"), Decimal("66.67"))
    measures = {
        row.measure.pk: (row.year, [cell.exported() for cell in row.cells])
        for row in response.context["measures"]
    }
    # Income 2022 (the latest year up to 2023): Xanadu 1,000; the ambito 1,000 + 2,500 + 3,500 = 7,000.
    assert measures[income.pk] == (2022, [Decimal("1000.0000"), Decimal("7000.0000")])
    # People assisted: Xanadu's 1 is suppressed; the ambito's 1 + 2 + 0 = 3 is shown.
    assert measures[assisted.pk] == (2022, ["<3", Decimal("3.0000")])
    page = response.content.decode()
    assert "&lt;3" in page and "Xanadu" in page and "Ambito A" in page

    exported = client.get(
        URL,
        {
            "a": f"comune:{world.x.pk}",
            "b": f"ambito:{world.ambito_a.pk}",
            "format": "csv",
            "table": "indicatori",
        },
    )
    text = exported.content.decode("utf-8-sig")
    summary = client.get(
        URL, {"a": f"comune:{world.x.pk}", "b": f"ambito:{world.ambito_a.pk}", "format": "csv"}
    )
    assert "Residenti;200;600;400;" in summary.content.decode("utf-8-sig")
    assert exported.status_code == 200 and "Assistiti SAD" in text and "<3" in text
    assert "Reddito imponibile;2022;1000,00;7000,00;euro" in text
    workbook = client.get(
        URL, {"a": f"comune:{world.x.pk}", "b": f"ambito:{world.ambito_a.pk}", "format": "xlsx"}
    )
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_areas_are_found_by_name_with_a_choice_when_several_share_it(world: World) -> None:
    world_population(world)
    client = world.client_for("owner")
    found = client.get(
        URL, {"livello_a": "comune", "nome_a": "xanadu", "livello_b": "ambito", "nome_b": "Ambito B"}
    )
    assert found.context["ready"] and [area.key for area in found.context["areas"]] == [
        world.x.pk,
        world.ambito_b.pk,
    ]
    ComuneFactory.create(name="Zeta", istat_code="098765", province=ProvinceFactory.create(abbreviation="ZZ"))
    several = client.get(URL, {"a": f"comune:{world.x.pk}", "livello_b": "comune", "nome_b": "Zeta"})
    page = several.content.decode()
    assert not several.context["ready"] and "Più aree corrispondono" in page
    assert f"?a=comune%3A{world.x.pk}&amp;anno=2023&amp;b=comune%3A{world.z.pk}" in page
    unknown = client.get(URL, {"a": f"comune:{world.x.pk}", "livello_b": "regione", "nome_b": "Atlantide"})
    assert "Nessuna area di questo livello si chiama «Atlantide»." in unknown.content.decode()
    wrong = client.get(URL, {"a": "pianeta:1", "b": f"comune:{world.x.pk}"})
    assert wrong.status_code == 200 and "Area non trovata." in wrong.content.decode()


def test_queries_do_not_grow_with_the_comuni(world: World) -> None:
    world_population(world)
    national(administrator(), "reddito", INCOME)
    client = world.client_for("udp")
    province = Organization.objects.get(pk=world.x.pk).province
    assert province is not None
    query = {"a": f"ambito:{world.ambito_a.pk}", "b": f"provincia:{province.pk}"}

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, query).status_code == 200
        return len(captured)

    few = count()
    for n in range(500, 540):
        ComuneFactory.create(province=province, istat_code=f"019{n:03d}")
    assert count() == few
