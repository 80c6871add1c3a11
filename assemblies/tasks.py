"""Background work of assemblies, run by the Celery worker (the convocation's PDF: documents/tasks.py)."""

from celery import shared_task

from assemblies import invitations


@shared_task(acks_late=True)
def send_session_mail(session_id: int, kind: str, sequence: int) -> dict[str, int]:
    """E-mail one state of a session (convocation, update, cancellation) to every recipient not yet served."""
    return invitations.send(session_id, kind, sequence)
