"""An administrator's ISTAT population table through the real Celery worker (Redis broker): the page hands the file
over, the worker imports it whole, the progress page shows the result; a malformed file is refused by the worker
with its lines and leaves nothing behind."""

import time
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from territory.models import AgeStructure, PopulationDataset, PopulationUpload, UploadStatus
from tests.governance.factories import ComuneFactory
from tests.territory.helpers import administrator
from tests.worlds import World

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "istat"


def wait_for(upload_id: int, seconds: float = 30) -> PopulationUpload:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload = PopulationUpload.objects.get(pk=upload_id)
        if not upload.in_progress:
            return upload
        time.sleep(0.2)
    raise AssertionError(f"the upload is still {PopulationUpload.objects.get(pk=upload_id).status}")


def send(client: Client, name: str) -> Any:
    handle = BytesIO((FIXTURES / name).read_bytes())
    handle.name = name
    return client.post(
        reverse("territory:population_import"),
        {"file": handle, "source": "ISTAT, POSAS", "licence": "CC BY 4.0"},
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_the_table_and_the_page_shows_it(committed_world: World, worker: Any) -> None:
    ComuneFactory.create(name="Credera Rubbiano", istat_code="019034", province=committed_world.x.province)
    ComuneFactory.create(name="Gombito", istat_code="019049", province=committed_world.x.province)
    client = Client()
    client.force_login(administrator())

    bad = send(client, "posas_errori.csv")
    refused = wait_for(PopulationUpload.objects.get(file_name="posas_errori.csv").pk)
    assert refused.status == UploadStatus.FAILED and refused.attempts == 1
    assert "riga 5: codice ISTAT '19O49' non valido: servono 6 cifre" in refused.errors
    page = client.get(bad["Location"]).content.decode()
    assert "Il file non è stato importato: non è stato salvato nulla." in page
    assert not PopulationDataset.objects.exists() and not AgeStructure.objects.exists()

    good = send(client, "posas_2023_cremona.csv")
    done = wait_for(PopulationUpload.objects.get(file_name="posas_2023_cremona.csv").pk)
    assert done.status == UploadStatus.DONE and done.dataset is not None
    assert (done.dataset.comuni, done.dataset.residents, done.dataset.source) == (2, 2157, "ISTAT, POSAS")
    page = client.get(good["Location"]).content.decode()
    assert (
        "Popolazione al 01/01/2023: 2 comuni, 2157 residenti." in page and 'http-equiv="refresh"' not in page
    )
