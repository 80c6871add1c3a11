"""A population import that survives a dead worker: the whole Celery worker (a real process) is killed with SIGKILL
while it imports a table; Redis hands the unacknowledged task to a new worker, which imports the table again from the
start, and exactly one table results (the first run's transaction left nothing). Real processes, real Redis."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from territory.istat_imports import population_upload
from territory.loaders import OFFLINE_DIR
from territory.models import AgeStructure, PopulationDataset, PopulationUpload, UploadStatus
from tests.territory.helpers import administrator
from tests.worker_process import wait_for
from tests.worlds import World

pytestmark = pytest.mark.usefixtures("private_media")


def current(upload: PopulationUpload) -> PopulationUpload:
    upload.refresh_from_db()
    return upload


def test_the_worker_killed_mid_import_the_import_runs_again_once(
    committed_world: World, worker_factory: Any
) -> None:
    first = worker_factory()
    # The whole of Italy in the committed compact layout: long enough for the kill to land while it imports (the
    # test registry knows four comuni, so nearly every row is kept as unplaced, whole).
    data = (OFFLINE_DIR / "residents_2023.csv.gz").read_bytes()
    upload = population_upload(
        actor=administrator(),
        upload=SimpleUploadedFile("residents_2023.csv.gz", data),
        reference_date=date(2023, 1, 1),
    )
    wait_for(lambda: current(upload).status == UploadStatus.RUNNING, 60, "the worker starts importing")
    first.kill_all()
    assert current(upload).status == UploadStatus.RUNNING and not PopulationDataset.objects.exists()
    worker_factory()
    wait_for(
        lambda: not current(upload).in_progress, 120, "the task is redelivered and the import runs again"
    )
    assert upload.status == UploadStatus.DONE and upload.attempts == 2
    assert PopulationDataset.objects.count() == 1 and upload.dataset is not None
    assert (
        len(upload.dataset.unplaced) > 7_800
        and AgeStructure.objects.filter(dataset=upload.dataset).count() == 0
    )
