"""Background work of assemblies, run by the Celery worker (the convocation's PDF: documents/tasks.py)."""

from celery import shared_task

from assemblies import invitations


@shared_task(acks_late=True)
def send_session_mail(session_id: int, kind: str, sequence: int) -> dict[str, int]:
    """E-mail one state of a session (convocation, update, cancellation) to every recipient not yet served."""
    return invitations.send(session_id, kind, sequence)


@shared_task(acks_late=True)
def draft_minutes(minutes_id: int) -> dict[str, object]:
    """Draft the minutes of a closed session from what the app recorded (idempotent)."""
    from assemblies import minutes

    return minutes.prepare(minutes_id)


@shared_task(acks_late=True)
def remind_deadlines(today: str | None = None) -> dict[str, int]:
    """Every morning (beat): e-mail each Ufficio di Piano once before each yearly deadline still open (`today`:
    an ISO date, to replay a given day)."""
    from datetime import date

    from assemblies import compliance

    return compliance.send_reminders(date.fromisoformat(today) if today else None)
