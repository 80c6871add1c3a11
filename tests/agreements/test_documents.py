"""The agreement's PDF, rendered by a real Celery worker through Redis: stored with its SHA-256 and page
count, laid out like the paper acts, idempotent, and a failure recorded with its reason."""

import hashlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from agreements import documents, services
from agreements.models import AgreementDocument, DocumentStatus
from config.celery import app
from documents import jobs as render_jobs
from tests.agreements.helpers.drafting import draft
from tests.worlds import World

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def worker(committed_world: World) -> Iterator[Any]:
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running


def wait_until_done(document: AgreementDocument, seconds: float = 60) -> AgreementDocument:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            return document
        time.sleep(0.2)
    raise AssertionError(f"still {document.status} after {seconds} s")


def test_the_worker_renders_the_agreement_pdf(committed_world: World, worker: Any) -> None:
    world = committed_world
    agreement = draft(world)
    for number in range(1, 13):
        services.article_save(
            actor=world.udp,
            agreement=agreement,
            number=number,
            title=f"Articolo {number}",
            body="Testo dell'articolo <con caratteri speciali>. " * 30,
            expected_revision=None,
        )
    services.premise_add(actor=world.udp, agreement=agreement, section="visti", text="La legge 328/2000")
    document = services.agreement_document_request(actor=world.udp, agreement=agreement)
    assert document.status == DocumentStatus.QUEUED
    document = wait_until_done(document)
    assert document.status == DocumentStatus.READY, document.error
    content = Path(document.file.path).read_bytes()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == document.sha256
    assert document.page_count and document.page_count >= 2
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    command = [pdftotext, document.file.path, "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "Comune di Ypsilon" in text and "Art. 12" in text and "<con caratteri speciali>" in text
    assert f"Pagina 1 di {document.page_count}" in text and "Letto, confermato e sottoscritto" in text
    # Idempotent: asking again returns the same ready document, nothing is re-rendered.
    again = services.agreement_document_request(actor=world.udp, agreement=agreement)
    assert again.pk == document.pk and again.sha256 == document.sha256 and again.attempts == 1


def test_a_failure_is_recorded_with_its_reason(
    committed_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = committed_world
    agreement = draft(world)
    document = AgreementDocument.objects.create(agreement=agreement, version=agreement.versions.get())

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("font mancante")

    monkeypatch.setattr(render_jobs, "render_pdf", broken)  # the renderer every app's jobs call
    result = documents.render(document.pk)
    document.refresh_from_db()
    assert (
        result["status"] == DocumentStatus.FAILED
        and document.error == "Impaginazione non riuscita: font mancante"
    )


def test_pages_to_request_follow_and_download_the_pdf(world: World, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    agreement = draft(world)
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="A", body="B", expected_revision=None
    )
    url = reverse("agreements:document_request", args=[agreement.pk])
    assert world.client_for("owner").post(url).status_code == 404  # a draft is not shown to its parties
    assert world.client_for("anonymous").post(url).status_code == 302
    # In this test's transaction nothing commits, so the on-commit queueing never fires: the state stays queued.
    assert world.client_for("udp").post(url).status_code == 302
    document = AgreementDocument.objects.get(agreement=agreement)
    status = world.client_for("udp").get(reverse("agreements:document_status", args=[agreement.pk])).json()
    assert status == {"status": "in_coda", "label": "In coda", "settled": False}
    documents.render(document.pk)  # what the worker does
    document.refresh_from_db()
    download = reverse("agreements:document_download", args=[agreement.pk, document.pk])
    response = world.client_for("udp").get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert world.client_for("other").get(download).status_code == 404
    page = (
        world.client_for("udp")
        .get(reverse("agreements:agreement_detail", args=[agreement.pk]))
        .content.decode()
    )
    assert document.sha256 in page
