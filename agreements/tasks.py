"""Background work of agreements, run by the Celery worker."""

from typing import Any

from celery import shared_task
from django.db import OperationalError

from agreements import documents


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def render_agreement_document(document_id: int) -> dict[str, Any]:
    """Render one version's PDF. Idempotent: a document that is already ready is left as it is; database
    hiccups are retried with backoff; any other failure is recorded on the document with its reason."""
    return documents.render(document_id)
