"""The profile's pages: readable by every logged-in user of the deployment (an Ufficio di Piano, a comune's officer,
another ambito's office), not by anonymous visitors; filters, sort, exports; Crema's area page with its indices,
pyramid and trend on the real offline years; query counts that do not grow with the areas shown."""

import gzip
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Organization, Role
from territory.loaders import load_offline_population
from tests.governance.helpers import seed_provinces_only
from tests.territory.helpers import world_population
from tests.worlds import POINTS_OF_VIEW, World, make_user, points_of_view

pytestmark = pytest.mark.django_db


def test_every_logged_in_user_reads_the_profile(world: World) -> None:
    world_population(world)
    seen = points_of_view(world)
    for name in ("territory:profile", "territory:area"):
        kwargs = {} if name == "territory:profile" else {"level": "ambito", "pk": world.ambito_a.pk}
        url = reverse(name, kwargs=kwargs)
        assert [seen[view].get(url).status_code for view in POINTS_OF_VIEW] == [200, 200, 200, 200, 302], name
    page = seen["other"].get(reverse("territory:profile"), {"livello": "comune"}).content.decode()
    assert "Xanadu" in page and "Dati di prova" in page
    # Made-up rows: 10 children, 60 adults, 30 over-65s per sex: old-age index 300.00, structural dependency 66.67.
    area = seen["udp_b"].get(reverse("territory:area", kwargs={"level": "comune", "pk": world.x.pk}))
    assert "300,00" in area.content.decode() and "66,67" in area.content.decode()
    assert seen["udp"].get(reverse("territory:area", kwargs={"level": "nessuno", "pk": 1})).status_code == 404
    assert (
        seen["udp"].get(reverse("territory:area", kwargs={"level": "comune", "pk": 999999})).status_code
        == 404
    )


def test_filters_sort_and_exports(world: World) -> None:
    world_population(world)
    client = Client()
    client.force_login(world.udp)
    url = reverse("territory:profile")
    sorted_page = client.get(url, {"livello": "comune", "ordina": "residenti", "q": "zeta"})
    assert sorted_page.context["total"] == 1 and sorted_page.context["rows"][0][0].name == "Zeta"
    csv = client.get(url, {"livello": "comune", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Indice di vecchiaia" in text and "Xanadu" in text and "300.00" in text.replace(",", ".")
    xlsx = client.get(url, {"livello": "ambito", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    area = client.get(
        reverse("territory:area", kwargs={"level": "comune", "pk": world.x.pk}), {"format": "xlsx"}
    )
    assert area.content[:2] == b"PK"


def _queries(client: Client, url: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_crema_on_the_real_years_and_constant_queries(db: None) -> None:
    with seed_provinces_only():
        call_command("load_seeds", verbosity=0)
    load_offline_population()
    crema = Organization.objects.get(istat_code="019035")
    user = make_user("lettore", crema, Role.OPERATORE_COMUNALE)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("territory:area", kwargs={"level": "comune", "pk": crema.pk}), {"anno": "2023"})
    text = page.content.decode()
    assert "232,27" in text and "62,74" in text  # Crema's old-age and structural dependency indices, by hand
    assert len(page.context["pyramid"]) == 21 and page.context["pyramid"][0].label == "100+"
    assert sum(row.males + row.females for row in page.context["pyramid"]) == 33786
    assert [row.dataset.reference_date for row, _residents, _change in page.context["trend"]] == [
        date(2022, 1, 1),
        date(2023, 1, 1),
    ]
    assert page.context["trend"][1][2] is not None  # the change over the year
    url = reverse("territory:profile")
    # Lombardy has 1,503 comuni in this registry's provinces or fewer; Cremona's province alone far fewer: same queries.
    many = _queries(client, url, {"livello": "comune"})
    few = _queries(client, url, {"livello": "comune", "q": "crema"})
    assert many == few
    assert _queries(client, url, {"livello": "ambito"}) == _queries(client, url, {"livello": "regione"})


def test_the_map_page_and_its_boundaries(world: World) -> None:
    world_population(world)
    seen = points_of_view(world)
    assert world.x.province is not None
    region = world.x.province.region.code
    url = reverse("territory:map")
    assert [seen[view].get(url, {"regione": region}).status_code for view in POINTS_OF_VIEW] == [
        200,
        200,
        200,
        200,
        302,
    ]
    page = seen["owner"].get(url, {"regione": region, "indice": "quota_over65"})
    rows = page.context["rows"]
    assert {row.istat_code for row in rows} == {"019901", "019902", "019903", "019904"}
    assert {row.value for row in rows} == {Decimal("30.00")}
    # Ypsilon and Zeta form the sub-ambito: the map knows it for the dashed outline and the colouring by membership.
    assert {row.area.name for row in rows if row.subambito} == {"Ypsilon", "Zeta"}
    # Lombardy's boundaries: every comune an id, compressed on the way out, far under the 1 MB the issue allows.
    boundaries = seen["owner"].get(
        reverse("territory:boundaries", kwargs={"region": "03"}), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert boundaries["Content-Encoding"] == "gzip" and len(boundaries.content) < 1_000_000
    topology = json.loads(gzip.decompress(boundaries.content))
    assert len(topology["objects"]["comuni"]["geometries"]) == 1503
    assert seen["anonymous"].get(reverse("territory:boundaries", kwargs={"region": "03"})).status_code == 302
    assert seen["owner"].get(reverse("territory:boundaries", kwargs={"region": "99"})).status_code == 404
    assert seen["owner"].get(reverse("territory:boundaries", kwargs={"region": "x1"})).status_code == 404


def test_a_comune_without_rows_is_shown_as_missing_not_dropped(world: World) -> None:
    """A comune of the registry that the table does not have (one formed after the source was written) is named on
    the profile and on its ambito's page, whose totals it does not enter."""
    from governance import services as governance_services
    from tests.governance.factories import ComuneFactory

    world_population(world)
    newcomer = ComuneFactory.create(name="Nuovo Comune", istat_code="019950", province=world.x.province)
    governance_services.ambito_member_add(actor=None, ambito=world.ambito_a, organization=newcomer)
    client = world.client_for("owner")
    profile = client.get(reverse("territory:profile"))
    assert [comune.name for comune in profile.context["without_rows"]] == ["Nuovo Comune"]
    assert "1 comune del registro non ha righe in questa tabella" in profile.content.decode()
    ambito = client.get(reverse("territory:area", kwargs={"level": "ambito", "pk": world.ambito_a.pk}))
    assert [comune.name for comune in ambito.context["without_rows"]] == ["Nuovo Comune"]
    assert ambito.context["area"].residents == 600  # Xanadu, Ypsilon and Zeta only
    other = client.get(reverse("territory:area", kwargs={"level": "ambito", "pk": world.ambito_b.pk}))
    assert other.context["without_rows"] == []
