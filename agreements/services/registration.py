"""Acts signed before the app: registered with what the act states, and their signed files.

An Ufficio di Piano that starts using the app has conventions and accords already signed on paper or with
desktop signing tools. It registers each one: when each party signed (as precisely as the act says), the
deliberations, the entry into force and the signed file. The state follows from the dates: in force, or
expired once the stated end date has passed. An act whose copy shows no signature at all is registered as
such ("firma non documentata"): neither signed nor a draft to sign.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import (
    Agreement,
    AgreementOrigin,
    DatePrecision,
    Party,
    SignedCopy,
    SignedCopySigner,
)
from agreements.services.base import S, _require_manage, _require_status, _sync_grants
from core.audit import save_changes, save_new
from documents.external import ExternalSigner, UnknownFormat, verify_signed_act
from documents.verification import normalize_name


@transaction.atomic
def agreement_register_signed(
    *,
    actor: Any,
    agreement: Agreement,
    in_force_since: date,
    in_force_precision: str = DatePrecision.DAY,
    signed: dict[int, tuple[date | None, str]],
    place: str | None = None,
    signed_file: Any = None,
) -> Agreement:
    """Record that `agreement` was signed outside the app. `signed` maps each signing party's id to the date
    it signed and that date's precision (day, month or year)."""
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, *rules.REGISTRABLE)
    today = timezone.localdate()
    parties = rules.signing_parties(agreement.parties.select_related("organization"))
    if not parties:
        raise ValidationError(_("L'atto non ha parti firmatarie: aggiungile prima di registrarlo."))
    missing = [str(p.organization) for p in parties if (signed.get(p.pk) or (None, ""))[0] is None]
    if missing:
        raise ValidationError(
            _("Indica almeno l'anno in cui ha firmato: %(parties)s.") % {"parties": ", ".join(missing)},
            code="signature_date_missing",
        )
    late = [str(p.organization) for p in parties if (signed[p.pk][0] or today) > today]
    if late:
        raise ValidationError(
            _("Una firma già avvenuta non può essere datata nel futuro: %(parties)s.")
            % {"parties": ", ".join(late)},
            code="signature_in_future",
        )
    if agreement.end_date is not None and in_force_since > agreement.end_date:
        raise ValidationError(
            {
                "in_force_since": _("L'entrata in vigore (%(start)s) non può seguire la scadenza (%(end)s).")
                % {
                    "start": in_force_since.strftime("%d/%m/%Y"),
                    "end": agreement.end_date.strftime("%d/%m/%Y"),
                }
            },
        )
    for party in parties:
        day, precision = signed[party.pk]
        save_changes(party, actor=actor, changes={"signed_on": day, "signed_on_precision": precision})
    changes: dict[str, Any] = {
        "origin": AgreementOrigin.REGISTERED,
        "in_force_since": in_force_since,
        "in_force_since_precision": in_force_precision,
        "status": rules.registered_status(agreement, today),
    }
    if place is not None:
        changes["place"] = place
    save_changes(agreement, actor=actor, changes=changes)
    if signed_file is not None:
        signed_copy_attach(actor=actor, agreement=agreement, upload=signed_file)
    _sync_grants(agreement)
    return agreement


@transaction.atomic
def agreement_mark_undocumented(*, actor: Any, agreement: Agreement) -> Agreement:
    """An act from before the app whose copy carries no sign of signature: shown as such, not as a draft."""
    _require_manage(actor, agreement.ambito)
    _require_status(agreement, S.DRAFT)
    save_changes(
        agreement, actor=actor, changes={"origin": AgreementOrigin.REGISTERED, "status": S.UNDOCUMENTED}
    )
    _sync_grants(agreement)
    return agreement


def _matching_party(signer: ExternalSigner, parties: list[Party]) -> Party | None:
    """The party whose signatory the certificate names: by codice fiscale, else by name."""
    for party in parties:
        person = party.signatory
        cf = signer.codice_fiscale
        if person is not None and cf and person.tax_code and person.tax_code.upper() == cf:
            return party
    wanted = normalize_name(signer.common_name) if signer.common_name else None
    for party in parties:
        person = party.signatory
        if (
            wanted
            and person is not None
            and normalize_name(f"{person.given_name} {person.family_name}") == wanted
        ):
            return party
    return None


@transaction.atomic
def signed_copy_attach(*, actor: Any, agreement: Agreement, upload: Any) -> SignedCopy:
    """Store the signed file of a registered act: a PAdES PDF or a CAdES .p7m is verified for integrity,
    signers and certificate chain (a broken signature is refused, nothing saved); a scan is kept with its
    SHA-256 as not digitally verified. Immutable: a corrected copy is another row."""
    from agreements.signatures import trust_roots

    _require_manage(actor, agreement.ambito)
    if not rules.accepts_signed_copies(agreement):
        raise ValidationError(
            _("Una copia firmata si allega a un atto registrato come firmato fuori dall'applicazione."),
            code="not_registered",
        )
    limit = settings.SIGNATURE_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("Il file supera %(mb)d MB.") % {"mb": settings.SIGNATURE_MAX_UPLOAD_MB}, code="too_large"
        )
    data = upload.read()
    try:
        result = verify_signed_act(data, trust_roots=trust_roots())
    except UnknownFormat as error:
        raise ValidationError(str(error), code="unknown_format") from None
    if result.digitally_signed and not result.intact:
        broken = next(p for p in result.problems if p["code"] == "not_intact")
        raise ValidationError(broken["message"], code="not_intact")
    if SignedCopy.objects.filter(agreement=agreement, sha256=result.sha256).exists():
        raise ValidationError(_("Questo file è già allegato all'atto."), code="already_attached")
    name = (getattr(upload, "name", "") or "atto").rsplit("/", 1)[-1][:255]
    copy = SignedCopy(
        agreement=agreement,
        original_name=name,
        sha256=result.sha256,
        size=len(data),
        format=result.format,
        verified=result.verified,
        report=result.as_dict(),
        uploaded_by=actor,
    )
    copy.file.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            save_new(copy, actor=actor)
    except IntegrityError:
        raise ValidationError(_("Questo file è già allegato all'atto."), code="already_attached") from None
    parties = list(agreement.parties.select_related("signatory"))
    SignedCopySigner.objects.bulk_create(
        [
            SignedCopySigner(
                copy=copy,
                party=_matching_party(signer, parties),
                name=signer.common_name[:200],
                tax_code=signer.codice_fiscale or "",
                certificate_subject=signer.subject,
                signing_time=signer.signing_time,
                intact=signer.intact,
                trusted=signer.trusted,
            )
            for signer in result.signers
        ]
    )
    return copy
