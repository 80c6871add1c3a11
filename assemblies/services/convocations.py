"""The president signs the convocation letter; the signature sends it (worker) to members and invitees.

The signed file is verified like an agreement's (documents/chain.py: the file alone, one signature over the letter
the app produced, by the president); the built-in test signer exists for demos and tests only."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import SignatureMethod
from assemblies import convocations, invitations, rules
from assemblies.models import CalendarFeed, Convocation, ConvocationSignature, Session
from assemblies.services.sessions import _lock
from core.audit import AuditAction, audit_record
from documents import chain, testca
from documents.signing import sign_pdf
from governance.models import Organ, Person


def _ready(session: Session) -> Convocation:
    if not rules.is_convened(session):
        raise ValidationError(_("La lettera si firma quando la seduta è convocata."), code="status")
    convocation = convocations.current(session)
    if convocation is None or not convocation.is_ready:
        raise ValidationError(_("La lettera di convocazione non è ancora pronta."), code="no_document")
    if hasattr(convocation, "signature"):
        raise ValidationError(_("La lettera è già firmata e inviata."), code="signed")
    return convocation


def _signing(actor: Any, session: Session) -> tuple[Convocation, Person]:
    """The letter the president may sign now, and the president; or why not."""
    if not rules.may_sign_convocation(actor, session):
        raise PermissionDenied(_("La lettera la firma il presidente."))
    convocation = _ready(session)
    president = rules.president_person(session)
    if president is None:
        raise ValidationError(_("Il presidente dell'organo non è registrato: aggiungilo tra i componenti."))
    return convocation, president


@transaction.atomic
def convocation_request(*, actor: Any, session: Session) -> Convocation:
    """Ask the worker again for the current letter (after a failure)."""
    rules.require_prepare(actor, session.organ)
    if not rules.is_convened(session):
        raise ValidationError(_("La lettera si prepara quando la seduta è convocata."), code="status")
    return convocations.request_render(session=session, actor=actor)


@transaction.atomic
def convocation_sign(
    *, actor: Any, session: Session, signed_pdf: bytes, method: str = SignatureMethod.UPLOAD
) -> ConvocationSignature:
    """Verify and store the president's signed letter, then queue its sending."""
    _lock(session)
    convocation, president = _signing(actor, session)
    report, problems = chain.check_next(
        signed_pdf,
        original=chain.read_file(convocation.file),
        chain=[],
        tax_code=president.tax_code,
        full_name=president.full_name,
    )
    chain.raise_problems(problems)
    signature = chain.append(
        ConvocationSignature(convocation=convocation, signer=president, method=method, uploaded_by=actor),
        pdf=signed_pdf,
        report=report,
        filename=f"convocazione-{session.pk}-v{convocation.sequence}-firmata.pdf",
        chain_length=0,
    )
    audit_record(actor=actor, instance=signature, action=AuditAction.CREATE)
    invitations.queue(session, invitations.kind_for(session))
    return signature


def convocation_sign_with_test_certificate(*, actor: Any, session: Session) -> ConvocationSignature:
    if not settings.SIGNATURE_TEST_CA:
        raise ValidationError(_("La firma con certificato di prova non è attiva su questo sistema."))
    convocation, president = _signing(actor, session)
    signed = sign_pdf(
        chain.read_file(convocation.file),
        signer=testca.person_signer(president),
        field_name="FirmaPresidente",
        reason=_("Convocazione di %(organ)s") % {"organ": session.organ},
        location=session.place[:80],
    )
    return convocation_sign(
        actor=actor, session=session, signed_pdf=signed, method=SignatureMethod.TEST_SIGNER
    )


@transaction.atomic
def feed_renew(*, actor: Any, organ: Organ | None = None, person: Person | None = None) -> CalendarFeed:
    """A new secret address for the calendar of an organ (its Ufficio di Piano) or of the user's own person; the
    old address stops working."""
    if organ is not None:
        rules.require_prepare(actor, organ)
        CalendarFeed.objects.filter(organ=organ).delete()
        feed = CalendarFeed.objects.create(organ=organ)
    else:
        if person is None or getattr(actor, "person_id", None) != person.pk:
            raise PermissionDenied(
                _("Il calendario personale è di chi lo usa: collega il tuo utente a una persona.")
            )
        CalendarFeed.objects.filter(person=person).delete()
        feed = CalendarFeed.objects.create(person=person)
    audit_record(actor=actor, instance=feed, action=AuditAction.CREATE)
    return feed
