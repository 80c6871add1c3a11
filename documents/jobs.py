"""Render jobs for any app: a row (a `RenderJob`) stands for a PDF the worker produces.

The owning app registers how to print its rows (`register_renderer(Model, build)`: the HTML, the PDF's title
and the file name), asks for a PDF with `request` and lets `documents.tasks.render_job` run it. The job is held
by one task at a time for RENDER_TIME_LIMIT seconds (a lease: task id, process, start); a task arriving again
means its first run died with its worker, so it takes the job over; a job that has killed its worker
RENDER_MAX_ATTEMPTS times fails with the reason; a job stuck past its lease is queued again by the beat task
(`recover_stuck`). A ready job is immutable. docs/documents-rendering.md tells the whole story.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import RenderJob, RenderStatus
from documents.rendering import render_pdf


@dataclass(frozen=True)
class Printout:
    html: str
    title: str
    filename: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class Renderer:
    model: type[RenderJob]
    build: Callable[[Any], Printout]
    select_related: tuple[str, ...] = ()


_renderers: dict[str, Renderer] = {}


def label(model: type[models.Model]) -> str:
    return model._meta.label


def register_renderer(
    model: type[RenderJob], build: Callable[[Any], Printout], *, select_related: tuple[str, ...] = ()
) -> None:
    """An app's documents: `build(job)` gives what to print (called in the worker, outside any transaction)."""
    _renderers[label(model)] = Renderer(model, build, select_related)


def renderer(model_label: str) -> Renderer:
    if model_label not in _renderers:
        apps.get_model(model_label)  # an unknown model is a LookupError naming it
        raise LookupError(f"No renderer registered for {model_label}")
    return _renderers[model_label]


def _worker_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


LEASE_FIELDS = ["status", "attempts", "render_task_id", "rendered_by", "render_started_at", "updated_at"]


def render(model: type[RenderJob], job_id: int, *, task_id: str = "") -> dict[str, Any]:
    """Render one job, holding it for RENDER_TIME_LIMIT seconds (see the module's docstring)."""
    spec = renderer(label(model))
    with transaction.atomic():
        job = (
            model._default_manager.select_for_update()
            .select_related(*spec.select_related)
            .filter(pk=job_id)
            .first()
        )
        if job is None:
            return {"status": "missing"}
        if job.status == RenderStatus.READY:
            return {"status": job.status, "sha256": job.sha256}
        held_elsewhere = job.status == RenderStatus.RENDERING and job.render_task_id != task_id
        if held_elsewhere and not job.is_stuck:
            return {"status": job.status, "held_by": job.render_task_id}
        if job.attempts >= settings.RENDER_MAX_ATTEMPTS:
            job.status = RenderStatus.FAILED
            job.error = _(
                "Impaginazione interrotta %(n)d volte (il worker si è fermato durante l'elaborazione): "
                "controlla il testo e riprova."
            ) % {"n": job.attempts}
            job.save(update_fields=["status", "error", "updated_at"])
            return {"status": job.status, "error": job.error}
        job.status = RenderStatus.RENDERING
        job.attempts += 1
        job.render_task_id, job.rendered_by = task_id, _worker_process()
        job.render_started_at = timezone.now()
        job.save(update_fields=LEASE_FIELDS)
    try:
        printout = spec.build(job)
        pdf = render_pdf(printout.html, title=printout.title, created_at=printout.created_at)
    except Exception as error:
        job.status = RenderStatus.FAILED
        job.error = _("Impaginazione non riuscita: %(error)s") % {"error": error}
        job.save(update_fields=["status", "error", "updated_at"])
        return {"status": job.status, "error": job.error}
    file_field: Any = job.file  # type: ignore[attr-defined]  # the owner's FileField
    file_field.save(printout.filename, ContentFile(pdf.content), save=False)
    job.sha256, job.page_count = pdf.sha256, pdf.page_count
    job.status, job.error, job.rendered_at = RenderStatus.READY, "", timezone.now()
    job.save(update_fields=["file", "sha256", "page_count", "status", "error", "rendered_at", "updated_at"])
    return {"status": job.status, "sha256": pdf.sha256, "pages": pdf.page_count}


def _queue(job: RenderJob) -> None:
    from documents.tasks import render_job  # the task module imports this one

    model_label, pk = label(type(job)), job.pk
    transaction.on_commit(lambda: render_job.delay(model_label, pk))


def request(job: RenderJob, *, created: bool) -> RenderJob:
    """Queue a job just created (once committed); ask again for one that failed or got stuck. A ready job is
    returned as is; one already in progress is a clear error."""
    if job.status == RenderStatus.READY:
        return job
    if created:
        _queue(job)
        return job
    if job.in_progress and not job.is_stuck:
        raise ValidationError(_("Il PDF è già in preparazione."))
    requeue(job)
    return job


def progress(job: RenderJob) -> dict[str, Any]:
    """A job's state for a page that follows the worker: it reloads once settled (done, failed, or stuck)."""
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "settled": not job.in_progress or job.is_stuck,
    }


def requeue(job: RenderJob) -> None:
    """Ask again for a job that failed or got stuck: a fresh count of attempts, a new task."""
    job.status, job.error, job.attempts = RenderStatus.QUEUED, "", 0
    job.render_task_id = job.rendered_by = ""
    job.render_started_at = None
    job.save(update_fields=["error", *LEASE_FIELDS])
    _queue(job)


def recover_stuck() -> int:
    """Queue again every job, of every app, stuck past the time limit (its message lost with a worker)."""
    recovered = 0
    with transaction.atomic():
        for spec in _renderers.values():
            candidates = spec.model._default_manager.filter(
                status__in=[RenderStatus.QUEUED, RenderStatus.RENDERING]
            ).select_for_update(skip_locked=True)
            for job in candidates:
                if job.is_stuck:
                    requeue(job)
                    recovered += 1
    return recovered
