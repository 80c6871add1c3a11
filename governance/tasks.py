"""Background work of the registry, run by the Celery worker."""

from typing import Any

from celery import shared_task
from django.db import OperationalError, transaction

from governance import permissions


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def refresh_role_permissions() -> dict[str, Any]:
    """Recompute every role group's grants. Memberships and seats end on dates, so what a role may see
    changes with the calendar as well as with edits: this runs every night (CELERY_BEAT_SCHEDULE).
    Idempotent: a second run finds nothing to add or remove."""
    with transaction.atomic():
        added, removed = permissions.regrant_all()
    return {"added": added, "removed": removed}
