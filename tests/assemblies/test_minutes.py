"""Minutes end to end with a real Celery worker (through Redis): the draft written from the recorded session, edits
as revisions (a stale editor refused), the PDF/A, the president's then the secretary's signature, approval by a vote
of the next session and immutability after it, publication with personal data blanked (read back from the PDF);
a Tavolo di coordinamento's verbale written by a secretary among those present and sent to the signatory bodies."""

import shutil
import subprocess
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assemblies import minutes as drafting
from assemblies import services
from assemblies.models import (
    Delivery,
    DeliveryKind,
    ItemSubject,
    Minutes,
    MinutesStatus,
    PublishedAct,
)
from documents import chain, testca
from documents.signing import sign_pdf
from tests.assemblies.helpers import Assembly, build_assembly, wait_for
from tests.assemblies.minutes_helpers import (
    ASSISTED,
    ASSISTED_TAX_CODE,
    approval_vote,
    run_to_close,
    tavolo,
)
from tests.worlds import World

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def assembly(committed_world: World, settings: Any) -> Assembly:
    settings.EMAIL_BACKEND = "core.mail.KeptEmailBackend"
    return build_assembly(committed_world)


def drafted(session: Any) -> Minutes:
    return wait_for(
        lambda: Minutes.objects.filter(session=session).exclude(status=MinutesStatus.PREPARING).first()
    )


def ready_document(minutes: Minutes) -> Any:
    def check() -> Any:
        document = drafting.current_document(minutes)
        return document if document is not None and not document.in_progress else None

    document = wait_for(check)
    assert document.is_ready, document.error
    return document


def sign_as(person: Any, pdf: bytes, field: str) -> bytes:
    return sign_pdf(pdf, signer=testca.person_signer(person), field_name=field)


def poppler(tool: str, *args: str) -> str:
    executable = shutil.which(tool) or f"/usr/bin/{tool}"
    return subprocess.run([executable, *args], capture_output=True, text=True, check=True).stdout  # noqa: S603


def pdf_text(path: str) -> str:
    return poppler("pdftotext", path, "-")


def test_minutes_from_the_close_to_the_notice_board(assembly: Assembly, worker: Any) -> None:
    world = assembly.world
    session = run_to_close(assembly, actor=world.udp)
    minutes = drafted(session)

    # The draft tells what the app recorded.
    text = minutes.text
    stays = {str(stay.organization): stay for stay in session.attendances.all()}
    for name, stay in stays.items():
        arrived = timezone.localtime(stay.arrived_at).strftime("%H:%M")
        left = timezone.localtime(stay.left_at).strftime("%H:%M")
        assert f"- {name}" in text and f"arrivo {arrived}" in text and f"uscita {left}" in text
    assert "a distanza" in text and f"{world.z} delega {world.y}" in text
    assert "Segretario verbalizzante: Sara Segreti" in text
    assert "favorevoli 2, contrari 1, astenuti 0" in text
    assert f"Favorevoli: {world.x}, {world.y}." in text and f"Contrari: {world.z}." in text
    assert "favorevoli 1, contrari 0, astenuti 1" in text  # the secret vote: counts only
    assert text.count("Favorevoli:") == 1
    assert ASSISTED in text and "Nomina del revisore" in text
    assert minutes.revision == 1 and minutes.revisions.get().author is None

    # Edits are revisions; an editor opened on an older revision is refused.
    services.minutes_edit(
        actor=world.udp,
        minutes=minutes,
        text=text + "\nLetto e approvato.",
        summary="Chiusura",
        base_revision=1,
    )
    with pytest.raises(ValidationError, match="Nel frattempo"):
        services.minutes_edit(actor=world.udp, minutes=minutes, text="Altro testo", base_revision=1)
    minutes.refresh_from_db()
    assert minutes.revision == 2 and [r.number for r in minutes.revisions.all()] == [2, 1]
    with pytest.raises(PermissionDenied):
        services.minutes_edit(actor=world.other, minutes=minutes, text="x", base_revision=2)

    # Final, printed as PDF/A, then signed in order: president first.
    services.minutes_finalize(actor=world.udp, minutes=minutes)
    document = ready_document(minutes)
    assert "pdfaid:part" in poppler("pdfinfo", "-meta", document.file.path)  # PDF/A in its XMP metadata
    with pytest.raises(ValidationError):
        services.minutes_edit(actor=world.udp, minutes=minutes, text="tardi", base_revision=2)
    turn = services.next_signer(minutes)
    assert turn is not None and turn[1] == assembly.mayor_x.person
    # The secretary's signature first is refused: the president signs first (the chain checks the signer).
    out_of_turn = sign_as(session.secretary, chain.read_file(document.file), "FirmaSegretario")
    with pytest.raises(ValidationError, match="firma"):
        services.minutes_sign(actor=world.udp, minutes=minutes, signed_pdf=out_of_turn)
    assert not document.signatures.exists()
    first = services.minutes_sign_with_test_certificate(actor=assembly.mayor_x, minutes=minutes)
    assert first.role == "presidente" and first.sequence == 1
    with pytest.raises(ValidationError, match="firma"):
        services.minutes_reopen(actor=world.udp, minutes=minutes, reason="correzione")
    with pytest.raises(PermissionDenied):  # the secretary's turn: the president's mayor is not her
        services.minutes_sign_with_test_certificate(actor=assembly.mayor_y, minutes=minutes)
    second = services.minutes_sign_with_test_certificate(actor=world.udp, minutes=minutes)
    assert second.role == "segretario" and second.sequence == 2
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.SIGNED

    # The next session approves them by a vote; then they never change.
    vote = approval_vote(assembly, minutes)
    services.vote_close(actor=None, vote=vote)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_by == vote.deliberation
    for attempt in (
        lambda: services.minutes_edit(actor=world.udp, minutes=minutes, text="dopo", base_revision=2),
        lambda: services.minutes_redraft(actor=world.udp, minutes=minutes),
        lambda: services.minutes_reopen(actor=world.udp, minutes=minutes, reason="dopo"),
        lambda: services.minutes_set_secretary(actor=world.udp, session=session, person=None),
    ):
        with pytest.raises(ValidationError):
            attempt()

    # Published with the assisted person's name and any codice fiscale blanked, checked on the PDF's text.
    act = services.publish_minutes(actor=world.udp, minutes=minutes, names=f"{ASSISTED}\n")
    act = wait_for(lambda: PublishedAct.objects.filter(pk=act.pk, status="pronto").first())
    published = pdf_text(act.file.path)
    assert "omissis" in published and "Sara Segreti" in published
    for secret in (ASSISTED, "Rossi Mario", ASSISTED_TAX_CODE, "SGRSRA85M41H501O"):
        assert secret not in published and secret not in act.text
    assert ASSISTED in Minutes.objects.get(pk=minutes.pk).text  # the full text stays internal
    with pytest.raises(ValidationError, match="già pubblicato"):
        services.publish_minutes(actor=world.udp, minutes=minutes)


def test_a_tavolos_verbale_is_written_by_one_present_and_sent(assembly: Assembly, worker: Any) -> None:
    world = assembly.world
    organ = tavolo(world)
    meeting = services.session_create(
        actor=None, organ=organ, starts_at=timezone.now() + timedelta_days(5), title="Riunione periodica"
    )
    services.item_add(actor=None, session=meeting, title="Raccolta dati", subject=ItemSubject.COMMUNICATION)
    services.session_convene(actor=None, session=meeting)  # no quorum nor majorities: it decides nothing
    services.check_in(actor=None, session=meeting, organization=world.x)
    present = assembly.mayor_x.person
    stay = meeting.attendances.get()
    stay.person = present
    stay.save(update_fields=["person"])
    services.session_open(actor=None, session=meeting)  # with whoever is there
    from tests.assemblies.minutes_helpers import secretary

    absent = secretary(world)
    with pytest.raises(ValidationError, match="tra i presenti"):
        services.minutes_set_secretary(actor=None, session=meeting, person=absent)
    services.minutes_set_secretary(actor=None, session=meeting, person=present)
    services.session_close(actor=None, session=meeting)
    minutes = drafted(meeting)
    services.minutes_finalize(actor=world.udp, minutes=minutes)
    ready_document(minutes)
    with pytest.raises(ValidationError, match="non si firma"):
        services.minutes_sign_with_test_certificate(actor=world.udp, minutes=minutes)
    for body in (world.x, world.y, world.z):
        body.email = f"protocollo@{body.pk}.example.it"
        body.save(update_fields=["email"])
    services.minutes_send(actor=world.udp, minutes=minutes)
    sent = wait_for(lambda: Delivery.objects.filter(session=meeting, kind=DeliveryKind.MINUTES).count() == 3)
    assert sent
    kept = Delivery.objects.filter(session=meeting, kind=DeliveryKind.MINUTES).select_related("kept_email")
    assert all(d.kept_email and d.kept_email.attachments[0]["mimetype"] == "application/pdf" for d in kept)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.SENT
    with pytest.raises(ValidationError):
        services.minutes_edit(
            actor=world.udp, minutes=minutes, text="dopo l'invio", base_revision=minutes.revision
        )


def timedelta_days(days: int) -> Any:
    from datetime import timedelta

    return timedelta(days=days)
