"""Signing an agreement: each party, in the order the agreement sets, signs the state the previous one left.

`signature_upload` is the only way a signature gets in: the file is verified (documents.verification)
against the trust anchors, the document the app produced, the previous signed state and the party's
signatory, and stored as an immutable :class:`~agreements.models.Signature`. The last signature puts the
agreement in force. `signature_sign_with_test_certificate` is the built-in signer for demos and tests: it
signs with the local test CA and then goes through the very same upload path. See docs/signing.md.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import rules
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    Party,
    Signature,
    SignatureMethod,
)
from agreements.selectors import current_document, current_state, signing_parties
from core.audit import audit_record, save_changes
from core.models import AuditAction
from documents import chain, testca
from documents.signing import sign_pdf

# Codes of the checks made here, on top of the chain's (documents/chain.py) and the file's own
# (documents.verification).
MESSAGES = {
    **chain.MESSAGES,
    "not_in_signature": gettext_lazy("L'accordo non è in fase di firma."),
    "no_document": gettext_lazy("Il PDF dell'accordo non è ancora pronto: va prodotto prima della firma."),
    "not_signing_party": gettext_lazy("Questa parte non firma l'accordo (è un ente aderente)."),
    "test_signer_disabled": gettext_lazy("La firma con certificato di prova non è attiva su questo sistema."),
}
trust_roots = chain.trust_roots


def _error(code: str, **params: Any) -> ValidationError:
    message = str(MESSAGES[code])
    return ValidationError(message % params if params else message, code=code)


def _ready_to_sign(agreement: Agreement, party: Party) -> tuple[AgreementDocument, list[Signature]]:
    """The document and the signatures so far, if `party` may sign now; else the reason it may not."""
    if agreement.status != AgreementStatus.IN_SIGNATURE:
        raise _error("not_in_signature")
    if not rules.signs(party):
        raise _error("not_signing_party")
    document = current_document(agreement)
    if document is None or not document.is_ready:
        raise _error("no_document")
    previous = list(document.signatures.order_by("sequence"))
    chain.require_turn(
        party,
        signing_parties(agreement),
        {signature.party_id for signature in previous},
        describe=lambda other: str(other.organization),
    )
    return document, previous


@transaction.atomic
def signature_upload(
    *, actor: Any, party: Party, signed_pdf: bytes, method: str = SignatureMethod.UPLOAD
) -> Signature:
    """Verify and store `party`'s signed file; the last party's signature puts the agreement in force.

    Errors are ValidationErrors whose codes are those of documents.verification or of MESSAGES above.
    """
    # One signature at a time per agreement: the next one must be made over the state this one leaves.
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    party = Party.objects.select_related("signatory", "organization").get(pk=party.pk)
    party.agreement = agreement
    if not rules.may_upload_signature(actor, party):
        raise PermissionDenied(_("Non puoi caricare la firma di questa parte."))
    document, previous = _ready_to_sign(agreement, party)
    signatory = party.signatory
    report, problems = chain.check_next(
        signed_pdf,
        original=chain.read_file(document.file),
        chain=previous,
        tax_code=signatory.tax_code if signatory else None,
        full_name=signatory.full_name if signatory else None,
    )
    chain.raise_problems(problems)
    signature = chain.append(
        Signature(document=document, party=party, method=method, uploaded_by=actor),
        pdf=signed_pdf,
        report=report,
        filename=f"accordo-{agreement.pk}-v{document.version.number}-firma-{{sequence}}.pdf",
        chain_length=len(previous),
    )
    audit_record(actor=actor, instance=signature, action=AuditAction.CREATE)
    now = signature.verified_at
    save_changes(party, actor=actor, changes={"signed_at": signature.signing_time or now})

    signed_ids = {signature.party_id for signature in previous} | {party.pk}
    if not chain.in_turn(signing_parties(agreement), signed_ids):
        from agreements.services import agreement_transition

        # The agreement binds from the last signature; the system makes this step, not the uploader.
        agreement_transition(
            actor=None, agreement=agreement, to=AgreementStatus.IN_FORCE, on=timezone.localdate(now)
        )
    return signature


def signature_sign_with_test_certificate(*, actor: Any, party: Party) -> Signature:
    """Sign the current state with the signatory's certificate from the local test CA, then upload it.

    For demos and tests: it replaces the signatory's own signing tool (see may_use_test_signer).
    """
    if not settings.SIGNATURE_TEST_CA:
        raise _error("test_signer_disabled")
    party = Party.objects.select_related("agreement", "signatory").get(pk=party.pk)
    if not rules.may_use_test_signer(actor, party):
        raise PermissionDenied(_("Solo il firmatario può firmare con il proprio certificato di prova."))
    # Checked again, under lock, by signature_upload; here so as not to sign a file that would be refused.
    document, _previous = _ready_to_sign(party.agreement, party)
    signatory = party.signatory
    assert signatory is not None  # may_use_test_signer checked it
    signed = sign_pdf(
        current_state(document),
        signer=testca.person_signer(signatory),
        field_name=f"Firma{party.pk}",
        reason=_("Sottoscrizione per %(party)s") % {"party": party.organization},
        location=party.agreement.place,
    )
    return signature_upload(actor=actor, party=party, signed_pdf=signed, method=SignatureMethod.TEST_SIGNER)
