"""The printed agreement: request a PDF of the current version, and the rendering the worker runs."""

import os
import socket
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import selectors
from agreements.models import AgreementDocument, DocumentStatus
from documents.rendering import render_pdf


def print_html(document: AgreementDocument) -> str:
    return render_to_string("agreements/print/agreement.html", selectors.print_context(document))


def _worker_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def render(document_id: int, *, task_id: str = "") -> dict[str, Any]:
    """Render one document, holding it for RENDER_TIME_LIMIT seconds.

    A document already rendering under another task's live lease is left to that task. The same task
    arriving again means its first run died with its worker (Celery redelivers a task only then): it takes
    over at once. A document that has killed its worker RENDER_MAX_ATTEMPTS times is failed with the reason."""
    with transaction.atomic():
        document = (
            AgreementDocument.objects.select_for_update()
            .select_related("agreement", "version")
            .filter(pk=document_id)
            .first()
        )
        if document is None:
            return {"status": "missing"}
        if document.status == DocumentStatus.READY:
            return {"status": document.status, "sha256": document.sha256}
        held_elsewhere = document.status == DocumentStatus.RENDERING and document.render_task_id != task_id
        if held_elsewhere and not document.is_stuck:
            return {"status": document.status, "held_by": document.render_task_id}
        if document.attempts >= settings.RENDER_MAX_ATTEMPTS:
            document.status = DocumentStatus.FAILED
            document.error = _(
                "Impaginazione interrotta %(n)d volte (il worker si è fermato durante l'elaborazione): "
                "controlla il testo e riprova."
            ) % {"n": document.attempts}
            document.save(update_fields=["status", "error", "updated_at"])
            return {"status": document.status, "error": document.error}
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.render_task_id, document.rendered_by = task_id, _worker_process()
        document.render_started_at = timezone.now()
        document.save(
            update_fields=[
                "status",
                "attempts",
                "render_task_id",
                "rendered_by",
                "render_started_at",
                "updated_at",
            ]
        )
    try:
        pdf = render_pdf(print_html(document), title=document.agreement.title, created_at=document.created_at)
    except Exception as error:
        document.status = DocumentStatus.FAILED
        document.error = _("Impaginazione non riuscita: %(error)s") % {"error": error}
        document.save(update_fields=["status", "error", "updated_at"])
        return {"status": document.status, "error": document.error}
    document.file.save(
        f"accordo-{document.agreement_id}-v{document.version.number}.pdf",
        ContentFile(pdf.content),
        save=False,
    )
    document.sha256, document.page_count = pdf.sha256, pdf.page_count
    document.status, document.error, document.rendered_at = DocumentStatus.READY, "", timezone.now()
    document.save(
        update_fields=["file", "sha256", "page_count", "status", "error", "rendered_at", "updated_at"]
    )
    return {"status": document.status, "sha256": pdf.sha256, "pages": pdf.page_count}


def request_render(*, agreement: Any, version: Any, actor: Any) -> AgreementDocument:
    """Queue the PDF of `version` (once committed). A ready document is immutable: it is returned as is."""
    from agreements.tasks import render_agreement_document

    document, _created = AgreementDocument.objects.get_or_create(
        version=version, defaults={"agreement": agreement, "requested_by": actor}
    )
    if document.status == DocumentStatus.READY:
        return document
    if document.in_progress and not document.is_stuck and not _created:
        raise ValidationError(_("Il PDF è già in preparazione."))
    if not _created:
        requeue(document)
    else:
        transaction.on_commit(lambda: render_agreement_document.delay(document.pk))
    return document


def requeue(document: AgreementDocument) -> None:
    """Ask again for a document that failed or got stuck: a fresh count of attempts, a new task."""
    from agreements.tasks import render_agreement_document

    document.status, document.error, document.attempts = DocumentStatus.QUEUED, "", 0
    document.render_task_id = document.rendered_by = ""
    document.render_started_at = None
    document.save(
        update_fields=[
            "status",
            "error",
            "attempts",
            "render_task_id",
            "rendered_by",
            "render_started_at",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: render_agreement_document.delay(document.pk))


def recover_stuck() -> int:
    """Queue again every document stuck past the time limit (its message lost with a worker)."""
    recovered = 0
    candidates = AgreementDocument.objects.filter(
        status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
    ).select_for_update(skip_locked=True)
    with transaction.atomic():
        for document in candidates:
            if document.is_stuck:
                requeue(document)
                recovered += 1
    return recovered
