"""Background work of agreements, run by the Celery worker."""

from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError

from agreements import documents, services


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.RENDER_TIME_LIMIT,
)
def render_agreement_document(self: Task, document_id: int) -> dict[str, Any]:
    """Render one version's PDF. Idempotent: a document that is already ready is left as it is; database
    hiccups are retried with backoff; any other failure is recorded on the document with its reason. If the
    worker dies mid-render the task is handed to another worker (see documents.render)."""
    return documents.render(document_id, task_id=self.request.id or "")


@shared_task(acks_late=True)
def recover_stuck_renders() -> dict[str, int]:
    """Every minute (beat): documents stuck past the render time limit are queued again."""
    return {"recovered": documents.recover_stuck()}


@shared_task(acks_late=True)
def expire_agreements() -> dict[str, int]:
    """Every night (beat): agreements in force whose end date has passed become expired."""
    return {"expired": services.agreements_expire()}
