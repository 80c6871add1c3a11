"""The minutes' life (docs/assemblies.md): drafted by the worker when the session closes, edited by the secretary
(each save a revision, refused when someone else saved meanwhile), made final and printed, signed by the president
then the secretary, approved by a later session; or, for a Tavolo di coordinamento, sent to the signatory bodies.
Approved or sent minutes never change."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import SignatureMethod
from assemblies import invitations, rules
from assemblies import minutes as drafting
from assemblies.models import (
    AgendaItem,
    Attendance,
    Deliberation,
    Minutes,
    MinutesDocument,
    MinutesRevision,
    MinutesSignature,
    OrganRules,
    Session,
)
from core.audit import AuditAction, audit_record, save_changes
from documents import chain, testca
from documents.signing import sign_pdf
from governance.models import Person

M = rules.M


def _lock(minutes: Minutes) -> Minutes:
    Minutes.objects.select_for_update().filter(pk=minutes.pk).values_list("pk").get()
    minutes.refresh_from_db()
    return minutes


def _regime(session: Session) -> str:
    return rules.minutes_regime(OrganRules.objects.filter(organ=session.organ).first(), session.organ)


def minutes_start(*, actor: Any, session: Session) -> Minutes:
    """When the session closes: the row, and the worker's draft queued (once committed)."""
    minutes, created = Minutes.objects.get_or_create(session=session)
    if created:
        audit_record(actor=actor, instance=minutes, action=AuditAction.CREATE)
        drafting.queue_draft(minutes)
    return minutes


@transaction.atomic
def minutes_retry_draft(*, actor: Any, minutes: Minutes) -> Minutes:
    """Ask the worker again for a draft that failed or got lost."""
    rules.require_write_minutes(actor, minutes.session)
    _lock(minutes)
    if not rules.minutes_preparing(minutes):
        raise ValidationError(_("La bozza è già pronta."), code="status")
    save_changes(minutes, actor=actor, changes={"draft_error": ""})
    drafting.queue_draft(minutes)
    return minutes


def _require_editable(minutes: Minutes) -> None:
    if not rules.minutes_editable(minutes):
        raise ValidationError(
            _("Il verbale è «%(status)s»: il testo non si modifica più.")
            % {"status": minutes.get_status_display()},
            code="status",
        )


def _new_revision(minutes: Minutes, *, actor: Any, text: str, summary: str) -> MinutesRevision:
    revision = MinutesRevision.objects.create(
        minutes=minutes,
        number=minutes.revision + 1,
        text=text,
        summary=summary,
        author=actor if getattr(actor, "pk", None) else None,
    )
    save_changes(minutes, actor=actor, changes={"text": text, "revision": revision.number})
    return revision


@transaction.atomic
def minutes_edit(
    *, actor: Any, minutes: Minutes, text: str, summary: str = "", base_revision: int | None = None
) -> MinutesRevision | None:
    """Save the secretary's text as the next revision; refused if someone saved another one since the editor
    was opened (`base_revision`), so no edit is silently lost. An unchanged text saves nothing."""
    rules.require_write_minutes(actor, minutes.session)
    _lock(minutes)
    _require_editable(minutes)
    if base_revision is not None and base_revision != minutes.revision:
        raise ValidationError(
            _(
                "Nel frattempo il verbale è stato modificato (revisione %(now)d, tu partivi dalla %(base)d): "
                "ricarica la pagina e riporta le tue modifiche."
            )
            % {"now": minutes.revision, "base": base_revision},
            code="conflict",
        )
    text = text.replace("\r\n", "\n").strip() + "\n"
    if not text.strip():
        raise ValidationError({"text": _("Il verbale non può essere vuoto.")})
    if text == minutes.text:
        return None
    return _new_revision(minutes, actor=actor, text=text, summary=summary.strip()[:300])


@transaction.atomic
def minutes_redraft(*, actor: Any, minutes: Minutes) -> MinutesRevision | None:
    """Write the draft again from the session's records (a new revision: the earlier text stays in the history)."""
    rules.require_write_minutes(actor, minutes.session)
    _lock(minutes)
    _require_editable(minutes)
    text = drafting.draft_text(minutes.session)
    if text == minutes.text:
        return None
    return _new_revision(minutes, actor=actor, text=text, summary=_("Bozza rigenerata dai dati della seduta"))


def _secretary_problem(session: Session, person: Person | None, regime: str) -> str | None:
    if person is None:
        return _("Indica il segretario verbalizzante.")
    if rules.minutes_are_sent(regime):
        present = Attendance.objects.filter(session=session, person=person).exists()
        if not present:
            return _(
                "Il segretario verbalizzante si individua tra i presenti (protocollo, art. 4): %(name)s non "
                "risulta tra le presenze della riunione."
            ) % {"name": person.full_name}
    return None


@transaction.atomic
def minutes_set_secretary(*, actor: Any, session: Session, person: Person | None) -> Session:
    """The secretary may be named at the meeting and changed until the text is final."""
    rules.require_write_minutes(actor, session)
    minutes = Minutes.objects.filter(session=session).first()
    if minutes is not None:
        _lock(minutes)
        if not (rules.minutes_editable(minutes) or rules.minutes_preparing(minutes)):
            raise ValidationError(
                _("Il verbale è definitivo: il segretario non si cambia più."), code="status"
            )
    problem = _secretary_problem(session, person, _regime(session)) if person is not None else None
    if problem:
        raise ValidationError({"secretary": problem})
    save_changes(session, actor=actor, changes={"secretary": person})
    return session


@transaction.atomic
def minutes_finalize(*, actor: Any, minutes: Minutes) -> MinutesDocument:
    """The text is final: the worker prints it (PDF/A) for the signatures, or for sending."""
    session = minutes.session
    rules.require_write_minutes(actor, session)
    _lock(minutes)
    _require_editable(minutes)
    problem = _secretary_problem(session, session.secretary, _regime(session))
    if problem:
        raise ValidationError(problem, code="secretary")
    if not rules.minutes_are_sent(_regime(session)) and rules.president_person(session) is None:
        raise ValidationError(
            _(
                "Il presidente dell'organo non è registrato: aggiungilo tra i componenti prima di chiudere il testo."
            ),
            code="president",
        )
    save_changes(minutes, actor=actor, changes={"status": M.FINAL, "finalized_at": timezone.now()})
    return drafting.request_render(minutes=minutes, actor=actor)


@transaction.atomic
def minutes_reopen(*, actor: Any, minutes: Minutes, reason: str) -> Minutes:
    """Back to the draft, to correct it: only while nobody has signed (and before sending)."""
    rules.require_write_minutes(actor, minutes.session)
    _lock(minutes)
    if minutes.status not in rules.MINUTES_REOPENABLE:
        raise ValidationError(_("Si riapre solo un verbale definitivo non ancora firmato né inviato."))
    if MinutesSignature.objects.filter(document__minutes=minutes).exists():
        raise ValidationError(_("Il verbale ha già una firma: non si riapre."), code="signed")
    if not reason.strip():
        raise ValidationError({"reason": _("Indica perché il verbale torna in bozza.")})
    save_changes(minutes, actor=actor, changes={"status": M.DRAFT, "finalized_at": None})
    audit_record(actor=actor, instance=minutes, action=AuditAction.UPDATE)
    return minutes


@transaction.atomic
def minutes_request_pdf(*, actor: Any, minutes: Minutes) -> MinutesDocument:
    rules.require_write_minutes(actor, minutes.session)
    if not rules.minutes_final(minutes):
        raise ValidationError(_("Il PDF si prepara quando il testo è definitivo."), code="status")
    return drafting.request_render(minutes=minutes, actor=actor)


def _ready_document(minutes: Minutes) -> MinutesDocument:
    if not rules.minutes_final(minutes):
        raise ValidationError(_("Si firma il verbale definitivo."), code="status")
    document = drafting.current_document(minutes)
    if document is None or not document.is_ready:
        raise ValidationError(_("Il PDF del verbale non è ancora pronto."), code="no_document")
    return document


def _chain(document: MinutesDocument) -> list[MinutesSignature]:
    return list(MinutesSignature.objects.filter(document=document).order_by("sequence"))


def next_signer(minutes: Minutes) -> tuple[str, Person | None] | None:
    """Whose signature the minutes wait for (president, then secretary); None once both signed."""
    document = drafting.current_document(minutes)
    signed = {signature.role for signature in (document.signatures.all() if document else [])}
    for role, person in rules.minutes_signers(minutes.session):
        if role not in signed:
            return role, person
    return None


@transaction.atomic
def minutes_sign(
    *, actor: Any, minutes: Minutes, signed_pdf: bytes, method: str = SignatureMethod.UPLOAD
) -> MinutesSignature:
    """Verify and store the next signature (the president's, then the secretary's over it); with both, the
    minutes are signed and wait for a later session's approval."""
    session = minutes.session
    _lock(minutes)
    if rules.minutes_are_sent(_regime(session)):
        raise ValidationError(
            _("Il verbale di questo organo non si firma: si invia agli enti."), code="regime"
        )
    document = _ready_document(minutes)
    turn = next_signer(minutes)
    assert turn is not None  # a final document lacks at least one signature
    role, person = turn
    if person is None:
        raise ValidationError(_("Manca il firmatario: %(role)s.") % {"role": rules.MinutesSigner(role).label})
    if not rules.may_sign_minutes(actor, session, person):
        raise PermissionDenied(_("Firma il verbale %(name)s.") % {"name": person.full_name})
    links = _chain(document)
    report, problems = chain.check_next(
        signed_pdf,
        original=chain.read_file(document.file),
        chain=links,
        tax_code=person.tax_code,
        full_name=person.full_name,
    )
    chain.raise_problems(problems)
    signature = chain.append(
        MinutesSignature(document=document, role=role, signer=person, method=method, uploaded_by=actor),
        pdf=signed_pdf,
        report=report,
        filename=f"verbale-{session.pk}-rev{document.revision}-firma{{sequence}}.pdf",
        chain_length=len(links),
    )
    audit_record(actor=actor, instance=signature, action=AuditAction.CREATE)
    if next_signer(minutes) is None:
        save_changes(minutes, actor=actor, changes={"status": M.SIGNED, "signed_at": timezone.now()})
    return signature


def _require_signed_regime(session: Session) -> None:
    if rules.minutes_are_sent(_regime(session)):
        raise ValidationError(
            _("Il verbale di questo organo non si firma: si invia agli enti."), code="regime"
        )


def minutes_sign_with_test_certificate(*, actor: Any, minutes: Minutes) -> MinutesSignature:
    if not settings.SIGNATURE_TEST_CA:
        raise ValidationError(_("La firma con certificato di prova non è attiva su questo sistema."))
    _require_signed_regime(minutes.session)
    document = _ready_document(minutes)
    turn = next_signer(minutes)
    if turn is None or turn[1] is None:
        raise ValidationError(_("Il verbale non attende firme."))
    role, person = turn[0], turn[1]
    if not rules.may_sign_minutes(actor, minutes.session, person):
        raise PermissionDenied(_("Firma il verbale %(name)s.") % {"name": person.full_name})
    links = _chain(document)
    signed = sign_pdf(
        chain.current_state(document.file, links),
        signer=testca.person_signer(person),
        field_name=f"Firma{role.capitalize()}",
        reason=_("Verbale: %(session)s") % {"session": minutes.session},
    )
    return minutes_sign(actor=actor, minutes=minutes, signed_pdf=signed, method=SignatureMethod.TEST_SIGNER)


@transaction.atomic
def minutes_send(*, actor: Any, minutes: Minutes) -> Minutes:
    """A Tavolo's verbale goes to the heads of the signatory bodies (the worker sends it, PEC first)."""
    session = minutes.session
    rules.require_write_minutes(actor, session)
    _lock(minutes)
    if not rules.minutes_are_sent(_regime(session)):
        raise ValidationError(
            _("Il verbale di questo organo si firma e si approva, non si invia."), code="regime"
        )
    document = _ready_document(minutes)
    save_changes(minutes, actor=actor, changes={"status": M.SENT, "sent_at": timezone.now()})
    invitations.queue_minutes(session, document)
    return minutes


def minutes_record_approval(*, actor: Any, minutes: Minutes, deliberation: Deliberation) -> Minutes:
    """An adopted deliberation approves the minutes (called by the vote's effects, inside its transaction)."""
    _lock(minutes)
    if not rules.minutes_approvable(minutes):
        raise ValidationError(
            _("Il verbale è «%(status)s»: si approva un verbale firmato e non ancora approvato.")
            % {"status": minutes.get_status_display()}
        )
    save_changes(
        minutes,
        actor=actor,
        changes={"status": M.APPROVED, "approved_at": timezone.now(), "approved_by": deliberation},
    )
    return minutes


@transaction.atomic
def item_notes_set(*, actor: Any, item: AgendaItem, notes: str) -> list[str]:
    """The secretary's notes on an item, from the convocation until the minutes' text is final (after the draft
    they count only if the draft is written again)."""
    session = item.session
    rules.require_write_minutes(actor, session)
    minutes = Minutes.objects.filter(session=session).first()
    if not (rules.attendance_recordable(session) or rules.minutes_drafted_when(session)):
        raise ValidationError(
            _("Le note si scrivono dalla convocazione alla stesura del verbale."), code="status"
        )
    if minutes is not None and not (rules.minutes_editable(minutes) or rules.minutes_preparing(minutes)):
        raise ValidationError(_("Il verbale è definitivo: le note non si cambiano più."), code="status")
    return save_changes(item, actor=actor, changes={"notes": notes.strip()})
