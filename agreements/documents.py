"""The printed agreement: what the worker prints for a version, through the generic render jobs of
documents/jobs.py (registered in AgreementsConfig.ready())."""

from typing import Any

from django.template.loader import render_to_string

from agreements import selectors
from agreements.models import AgreementDocument
from documents import jobs


def print_html(document: AgreementDocument) -> str:
    return render_to_string("agreements/print/agreement.html", selectors.print_context(document))


def printout(document: AgreementDocument) -> jobs.Printout:
    return jobs.Printout(
        html=print_html(document),
        title=document.agreement.title,
        filename=f"accordo-{document.agreement_id}-v{document.version.number}.pdf",
        created_at=document.created_at,
    )


def register() -> None:
    jobs.register_renderer(AgreementDocument, printout, select_related=("agreement", "version"))


def render(document_id: int, *, task_id: str = "") -> dict[str, Any]:
    """What the worker runs for one agreement document (documents.jobs.render)."""
    return jobs.render(AgreementDocument, document_id, task_id=task_id)


def request_render(*, agreement: Any, version: Any, actor: Any) -> AgreementDocument:
    """Queue the PDF of `version` (once committed). A ready document is immutable: it is returned as is."""
    document, created = AgreementDocument.objects.get_or_create(
        version=version, defaults={"agreement": agreement, "requested_by": actor}
    )
    jobs.request(document, created=created)
    return document
