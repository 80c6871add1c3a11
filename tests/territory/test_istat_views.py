"""The ISTAT data pages: every logged-in user reads what was loaded and from where; only an administrator imports,
through the browser, ISTAT's population by age and its administrative changes, with errors by line and nothing saved
from a bad file; the page's queries do not grow with the tables loaded."""

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territory.istat_imports import run_population_upload
from territory.models import (
    AdministrativeChange,
    ChangesTable,
    PopulationDataset,
    PopulationUpload,
    UploadStatus,
)
from tests.governance.factories import ComuneFactory
from tests.territory.helpers import (
    administrator,
    age_table,
    ages,
    changes_csv,
    queued_upload,
    world_population,
)
from tests.worlds import World, matrix_mismatches, points_of_view

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"
READ = (200, 200, 200, 200, 302)  # udp, owner, other, udp_b, anonymous
ADMINISTRATOR = (403, 403, 403, 403, 302)


def upload(name: str, content: bytes) -> BytesIO:
    handle = BytesIO(content)
    handle.name = name
    return handle


def test_every_point_of_view(world: World) -> None:
    world_population(world)
    matrix = {
        "territory:istat_data": READ,
        "territory:population_import": ADMINISTRATOR,
        "territory:changes_import": ADMINISTRATOR,
        "territory:population_upload": ADMINISTRATOR,
    }
    clients = points_of_view(world)
    arguments: dict[str, dict[str, Any]] = {name: {} for name in matrix} | {
        "territory:population_upload": {"pk": queued_upload().pk}
    }
    assert matrix_mismatches(clients, arguments, matrix) == []
    posas = (FIXTURES / "posas_2023_cremona.csv").read_bytes()
    for view in ("udp", "owner", "other", "udp_b"):
        sent = clients[view].post(
            reverse("territory:population_import"),
            {"file": upload("p.csv", posas), "source": "ISTAT", "licence": "CC BY 4.0"},
        )
        assert sent.status_code == 403
        sent = clients[view].post(
            reverse("territory:changes_import"),
            {"file": upload("v.csv", changes_csv((2023, "ES", "019905", "A", "019901"))), "source": "ISTAT",
             "licence": "CC BY 4.0"},
        )  # fmt: skip
        assert sent.status_code == 403
    assert PopulationDataset.objects.count() == 1 and not ChangesTable.objects.exists()
    page = clients["other"].get(reverse("territory:istat_data")).content.decode()
    assert "Dati di prova" in page and reverse("territory:population_import") not in page


def test_the_administrator_imports_a_year_and_the_changes_through_the_pages(world: World) -> None:
    ComuneFactory.create(name="Credera Rubbiano", istat_code="019034", province=world.x.province)
    ComuneFactory.create(name="Gombito", istat_code="019049", province=world.x.province)
    client = Client()
    client.force_login(administrator())
    form = client.get(reverse("territory:population_import"))
    assert form.status_code == 200 and form.context["form"]["licence"].value() == "CC BY 4.0"

    missing = client.post(reverse("territory:population_import"), {"source": "ISTAT", "licence": "CC BY 4.0"})
    assert missing.status_code == 200 and "Non è stato salvato nulla" in missing.content.decode()
    assert not PopulationUpload.objects.exists()

    good = client.post(
        reverse("territory:population_import"),
        {"file": upload("posas_2023_cremona.csv", (FIXTURES / "posas_2023_cremona.csv").read_bytes()),
         "source": "ISTAT, POSAS 2023 (provvisori)", "licence": "CC BY 4.0"},
    )  # fmt: skip
    queued = PopulationUpload.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse(
        "territory:population_upload", args=[queued.pk]
    )
    waiting = client.get(good["Location"]).content.decode()
    assert 'http-equiv="refresh" content="3"' in waiting and "In coda" in waiting
    # What the worker runs (tests/territory/test_istat_worker.py runs it in a real worker).
    assert run_population_upload(queued.pk).status == UploadStatus.DONE
    done = client.get(good["Location"]).content.decode()
    assert (
        "Popolazione al 01/01/2023: 2 comuni, 2157 residenti." in done and 'http-equiv="refresh"' not in done
    )
    listing = client.get(reverse("territory:istat_data")).content.decode()
    assert "ISTAT, POSAS 2023 (provvisori)" in listing and "posas_2023_cremona.csv" in listing

    # A year in the compact layout with an old code, then the changes table that says where it went.
    table = age_table(f"019901;M;{ages(4)}", f"019901;F;{ages(4)}", f"019905;F;{ages(2)}")
    dated = client.post(
        reverse("territory:population_import"),
        {
            "file": upload("t.csv", table),
            "reference_date": "2024-01-01",
            "source": "Prova",
            "licence": "CC BY 4.0",
        },
    )
    assert dated.status_code == 302
    run_population_upload(PopulationUpload.objects.get(file_name="t.csv").pk)
    assert PopulationDataset.objects.get(reference_date=date(2024, 1, 1)).unplaced == {
        "019905": {"F": [2] + [0] * 100}
    }
    changes = client.post(
        reverse("territory:changes_import"),
        {"file": upload("v.csv", changes_csv((2023, "ES", "019905", "Vecchio", "019901"))), "source": "ISTAT",
         "licence": "CC BY 4.0"},
    )  # fmt: skip
    assert changes.status_code == 302
    listing = client.get(changes["Location"]).content.decode()
    assert (
        "Importata 1 variazione. 1 codice non più in uso ora è attribuito al comune che lo ha sostituito."
        in listing
    )
    assert "019905 → 019901" in listing
    assert PopulationDataset.objects.get(reference_date=date(2024, 1, 1)).residents == 10
    refused = client.post(
        reverse("territory:changes_import"),
        {"file": upload("e.csv", (FIXTURES / "variazioni_errori.csv").read_bytes()), "source": "ISTAT",
         "licence": "CC BY 4.0"},
    )  # fmt: skip
    assert "riga 4: anno &#x27;20x3&#x27; non valido" in refused.content.decode()
    assert AdministrativeChange.objects.count() == 1


def test_the_page_queries_do_not_grow_with_the_tables(world: World) -> None:
    client = Client()
    client.force_login(world.other)
    world_population(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("territory:istat_data")).status_code == 200
        return len(queries)

    few = count()
    for year in (2019, 2020, 2021):
        world_population(world, on=date(year, 1, 1))
    assert count() == few
