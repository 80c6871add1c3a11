"""The profile's background work: importing an uploaded ISTAT population table (territory/istat_imports.py)."""

from typing import Any

from celery import shared_task
from django.db import OperationalError

from territory import istat_imports


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def import_population_upload(upload_id: int) -> dict[str, Any]:
    """If the worker dies mid-import the message goes to another worker (acks_late, reject_on_worker_lost), which
    starts the import again: it is one transaction, so the first run left nothing behind. Any other failure is
    recorded on the upload with its reason."""
    try:
        upload = istat_imports.run_population_upload(upload_id)
    except OperationalError:
        raise  # the database was unreachable: retried with backoff
    except Exception as error:
        istat_imports.fail_upload(upload_id, f"{type(error).__name__}: {error}")
        raise
    return {"status": upload.status, "dataset": upload.dataset_id}
