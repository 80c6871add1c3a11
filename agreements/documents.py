"""The printed agreement: request a PDF of the current version, and the rendering the worker runs."""

from typing import Any

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


def render(document_id: int) -> dict[str, Any]:
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
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.save(update_fields=["status", "attempts", "updated_at"])
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
    if document.status in (DocumentStatus.QUEUED, DocumentStatus.RENDERING) and not _created:
        raise ValidationError(_("Il PDF è già in preparazione."))
    if not _created:
        document.status, document.error = DocumentStatus.QUEUED, ""
        document.save(update_fields=["status", "error", "updated_at"])
    transaction.on_commit(lambda: render_agreement_document.delay(document.pk))
    return document
