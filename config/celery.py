"""The Celery application: configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _no_tax_codes_in_worker_logs(logger: object, **kwargs: object) -> None:
    from config.logging import add_to_handlers

    add_to_handlers(logger)  # type: ignore[arg-type]
