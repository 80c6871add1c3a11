"""The worker's side of render jobs (documents/jobs.py), for every app's documents."""

from typing import Any

from celery import Task, shared_task
from django.apps import apps
from django.conf import settings
from django.db import OperationalError

from documents import jobs


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
def render_job(self: Task, model_label: str, job_id: int) -> dict[str, Any]:
    """Render one job's PDF. Idempotent: a ready job is left as it is; database hiccups are retried with
    backoff; any other failure is recorded on the job with its reason. If the worker dies mid-render the task
    is handed to another worker (acks_late, reject_on_worker_lost), which takes the job over."""
    return jobs.render(apps.get_model(model_label), job_id, task_id=self.request.id or "")


@shared_task(acks_late=True)
def recover_stuck_renders() -> dict[str, int]:
    """Every minute (beat): jobs stuck past the render time limit are queued again."""
    return {"recovered": jobs.recover_stuck()}
