"""Renders that survive a dead worker: a worker process killed with SIGKILL mid-render, or the whole worker
killed, and the render runs again and exactly one document results; a render stuck past the time limit can be
asked for again; one that keeps killing its worker fails with the reason. Real worker processes, real Redis."""

import os
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements import documents, services
from agreements.models import Agreement, AgreementDocument, DocumentStatus
from documents import jobs as render_jobs
from tests.agreements.helpers.drafting import draft
from tests.worker_process import wait_for
from tests.worlds import World

# Long enough for the render to take a few seconds: the kill must land while it is rendering.
ARTICLES = 120


def long_agreement(world: World) -> Agreement:
    agreement = draft(world)
    for number in range(1, ARTICLES + 1):
        services.article_save(
            actor=world.udp,
            agreement=agreement,
            number=number,
            title=f"Articolo {number}",
            body="Il Comune si impegna a garantire il servizio secondo quanto previsto. " * 40,
            expected_revision=None,
        )
    return agreement


pytestmark = pytest.mark.usefixtures("private_media")


def state(document: AgreementDocument) -> AgreementDocument:
    document.refresh_from_db()
    return document


def rendering_pid(document: AgreementDocument) -> int | None:
    current = state(document)
    if current.status != DocumentStatus.RENDERING or not current.rendered_by:
        return None
    return int(current.rendered_by.rsplit(":", 1)[1])


def test_a_pool_process_killed_mid_render_is_replaced_and_the_render_runs_again(
    committed_world: World, worker_factory: Any, tmp_path: Path
) -> None:
    worker_factory()
    agreement = long_agreement(committed_world)
    document = services.agreement_document_request(actor=committed_world.udp, agreement=agreement)
    wait_for(lambda: rendering_pid(document) is not None, 60, "the worker starts rendering")
    pid = rendering_pid(document)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    # Celery hands the task back (reject on worker lost); the same task takes the document over at once.
    wait_for(lambda: state(document).status == DocumentStatus.READY, 120, "the render runs again")
    assert document.attempts == 2 and document.rendered_by.rsplit(":", 1)[1] != str(pid)
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 1
    assert Path(document.file.path).read_bytes().startswith(b"%PDF")


def test_the_whole_worker_killed_mid_render_the_task_is_redelivered(
    committed_world: World, worker_factory: Any
) -> None:
    first = worker_factory()
    agreement = long_agreement(committed_world)
    document = services.agreement_document_request(actor=committed_world.udp, agreement=agreement)
    wait_for(lambda: rendering_pid(document) is not None, 60, "the worker starts rendering")
    first.kill_all()
    assert state(document).status == DocumentStatus.RENDERING
    # A new worker: Redis gives the unacknowledged task back after the visibility timeout (4 s here).
    worker_factory()
    wait_for(lambda: state(document).status == DocumentStatus.READY, 120, "the task is redelivered")
    assert document.attempts == 2
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 1


# --- without a worker: the rules the render follows ----------------------------------------------------


@pytest.fixture
def queued(world: World) -> AgreementDocument:
    agreement = draft(world)
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="T", body="Testo.", expected_revision=None
    )
    return services.agreement_document_request(actor=world.udp, agreement=agreement)


def hold(document: AgreementDocument, *, task_id: str, seconds_ago: int) -> None:
    AgreementDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING,
        render_task_id=task_id,
        rendered_by="altro-host:4242",
        render_started_at=timezone.now() - timedelta(seconds=seconds_ago),
        attempts=1,
    )


def test_a_live_render_is_left_to_its_task_and_asking_again_is_refused(
    world: World, queued: AgreementDocument, settings: Any
) -> None:
    settings.RENDER_TIME_LIMIT = 30
    hold(queued, task_id="task-a", seconds_ago=5)
    assert documents.render(queued.pk, task_id="task-b") == {"status": "in_elaborazione", "held_by": "task-a"}
    with pytest.raises(ValidationError, match="già in preparazione"):
        services.agreement_document_request(actor=world.udp, agreement=queued.agreement)
    # The same task arriving again: its first run died with its worker, it takes over.
    assert documents.render(queued.pk, task_id="task-a")["status"] == DocumentStatus.READY
    assert state(queued).attempts == 2


def test_a_render_stuck_past_the_time_limit_can_be_asked_for_again(
    world: World, queued: AgreementDocument, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RENDER_TIME_LIMIT = 30
    hold(queued, task_id="task-a", seconds_ago=31)
    assert state(queued).is_stuck
    with django_capture_on_commit_callbacks() as callbacks:
        again = services.agreement_document_request(actor=world.udp, agreement=queued.agreement)
    assert again.pk == queued.pk and again.status == DocumentStatus.QUEUED and again.attempts == 0
    assert len(callbacks) == 1  # a new task is queued
    # Another task may also take a stuck render over.
    hold(queued, task_id="task-a", seconds_ago=31)
    assert documents.render(queued.pk, task_id="task-c")["status"] == DocumentStatus.READY


def test_the_beat_task_requeues_what_is_stuck(
    world: World, queued: AgreementDocument, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RENDER_TIME_LIMIT = 30
    hold(queued, task_id="task-a", seconds_ago=5)
    assert render_jobs.recover_stuck() == 0
    hold(queued, task_id="task-a", seconds_ago=60)
    with django_capture_on_commit_callbacks() as callbacks:
        assert render_jobs.recover_stuck() == 1
    assert state(queued).status == DocumentStatus.QUEUED and len(callbacks) == 1


def test_a_document_that_keeps_killing_its_worker_fails_with_the_reason(
    queued: AgreementDocument, settings: Any
) -> None:
    settings.RENDER_MAX_ATTEMPTS = 3
    hold(queued, task_id="task-a", seconds_ago=1)
    AgreementDocument.objects.filter(pk=queued.pk).update(attempts=3)
    result = documents.render(queued.pk, task_id="task-a")
    assert result["status"] == DocumentStatus.FAILED
    assert "interrotta 3 volte" in state(queued).error
