"""Background work of agreements, run by the Celery worker (their PDFs: documents/tasks.py)."""

from celery import shared_task

from agreements import services


@shared_task(acks_late=True)
def expire_agreements() -> dict[str, int]:
    """Every night (beat): agreements in force whose end date has passed become expired."""
    return {"expired": services.agreements_expire()}
