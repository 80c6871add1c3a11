"""Verify an act signed outside the app: a PAdES PDF, a CAdES envelope (.p7m), or a scan.

Unlike :func:`documents.verification.verify_pdf`, there is no document the app produced to compare with:
what is checked is each signature's integrity, its signer and the certificate chain. A ``.p7m`` may hold
several parallel signatures, and may be nested (``atto.pdf.p7m.p7m``, a signature over a signed envelope);
each level is opened in turn. A PDF without signatures, or an image, is a scan: stored with its SHA-256 and
shown as not digitally verified. Bytes in, facts out; offline (no OCSP/CRL).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import cms
from django.utils.translation import gettext_lazy as _
from pyhanko.sign.validation.generic_cms import async_validate_cms_signature, extract_self_reported_ts
from pyhanko.sign.validation.status import StandardCMSSignatureStatus
from pyhanko_certvalidator import ValidationContext

from documents.verification import codice_fiscale_from_serial, load_certificates, verify_pdf

PADES, CADES, SCAN = "pades", "cades", "scansione"
MAX_NESTING = 5
# Images a paper act may be scanned to (the magic numbers at the start of the file).
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

MESSAGES: dict[str, Any] = {
    "unknown_format": _(
        "Formato non riconosciuto: carica il PDF firmato (PAdES), il file .p7m (CAdES) o la scansione "
        "dell'atto (PDF o immagine)."
    ),
    "not_intact": _(
        "La firma di %(signer)s non è integra: il contenuto è stato modificato dopo la firma o la firma è "
        "corrotta. Il file non è stato registrato."
    ),
    "untrusted": _(
        "Il certificato di %(signer)s non è emesso da un'autorità di certificazione riconosciuta."
    ),
    "expired": _("Il certificato di %(signer)s non era valido alla data della firma."),
}


@dataclass(frozen=True)
class ExternalSigner:
    common_name: str
    subject: str
    codice_fiscale: str | None
    signing_time: datetime | None
    cert_not_before: datetime | None
    cert_not_after: datetime | None
    intact: bool
    trusted: bool
    valid_at_signing: bool | None


@dataclass
class ExternalVerification:
    format: str
    sha256: str
    signers: list[ExternalSigner] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    # For a .p7m: the document inside the envelope(s), e.g. the PDF that was signed.
    content: bytes | None = None

    @property
    def digitally_signed(self) -> bool:
        return self.format != SCAN

    @property
    def intact(self) -> bool:
        return all(signer.intact for signer in self.signers)

    @property
    def verified(self) -> bool:
        """Every signature intact, trusted and made while its certificate was valid."""
        return self.digitally_signed and bool(self.signers) and not self.problems

    def as_dict(self) -> dict[str, Any]:
        def value(item: Any) -> Any:
            return item.isoformat() if isinstance(item, datetime) else item

        return {
            "format": self.format,
            "sha256": self.sha256,
            "verified": self.verified,
            "signers": [{name: value(item) for name, item in asdict(s).items()} for s in self.signers],
            "problems": self.problems,
        }


def _problem(code: str, signer: str) -> dict[str, str]:
    return {"code": code, "message": str(MESSAGES[code]) % {"signer": signer}}


def _cms_signed_data(data: bytes) -> cms.SignedData | None:
    """The SignedData of a CMS envelope given as DER or as base64 (some tools write .p7m in base64)."""
    candidates = [data]
    with contextlib.suppress(binascii.Error, ValueError):
        candidates.append(base64.b64decode(data, validate=False))
    for candidate in candidates:
        if not candidate.startswith(b"\x30"):
            continue
        try:
            info = cms.ContentInfo.load(candidate)
            if info["content_type"].native != "signed_data":
                continue
            signed = info["content"]
            signed.native  # noqa: B018  # parse it all now: a malformed envelope fails here, not later
            return signed
        except (ValueError, TypeError, KeyError):
            continue
    return None


async def _verify_cms_level(
    signed_data: cms.SignedData, context: ValidationContext
) -> tuple[list[ExternalSigner], bytes | None]:
    content = signed_data["encap_content_info"]["content"]
    inner = bytes(content.native) if content.native is not None else None
    signers: list[ExternalSigner] = []
    for signer_info in signed_data["signer_infos"]:
        # pyHanko validates a SignedData with one signer: each parallel signature is checked on its own copy.
        single = cms.SignedData.load(signed_data.untag().dump())
        single["signer_infos"] = cms.SignerInfos([signer_info])
        try:
            status = await async_validate_cms_signature(
                single, status_cls=StandardCMSSignatureStatus, validation_context=context
            )
        except Exception:  # a corrupt signature must yield a verdict, never a crash
            status = None
        cert = status.signing_cert if status is not None else None
        subject = cert.subject.native if cert is not None else {}
        serial = subject.get("serial_number")
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native if cert is not None else None
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native if cert is not None else None
        signing_time = extract_self_reported_ts(signer_info)
        valid_at_signing = (
            not_before <= signing_time <= not_after
            if signing_time is not None and not_before is not None and not_after is not None
            else None
        )
        signers.append(
            ExternalSigner(
                common_name=str(subject.get("common_name") or ""),
                subject=cert.subject.human_friendly if cert is not None else "",
                codice_fiscale=codice_fiscale_from_serial(serial if isinstance(serial, str) else None),
                signing_time=signing_time,
                cert_not_before=not_before,
                cert_not_after=not_after,
                intact=bool(status and status.intact and status.valid),
                trusted=bool(status and status.trusted),
                valid_at_signing=valid_at_signing,
            )
        )
    return signers, inner


async def _verify_cades(
    signed_data: cms.SignedData, roots: list[bytes]
) -> tuple[list[ExternalSigner], bytes]:
    context = ValidationContext(
        trust_roots=load_certificates(roots), allow_fetching=False, revocation_mode="soft-fail"
    )
    signers: list[ExternalSigner] = []
    current: cms.SignedData | None = signed_data
    content = b""
    for _level in range(MAX_NESTING):
        if current is None:
            break
        level_signers, inner = await _verify_cms_level(current, context)
        signers.extend(level_signers)
        content = inner or b""
        current = _cms_signed_data(content) if inner else None
    return signers, content


def _from_pdf_report(report: Any) -> list[ExternalSigner]:
    return [
        ExternalSigner(
            common_name=facts.signer_common_name or "",
            subject=facts.signer_subject,
            codice_fiscale=facts.codice_fiscale,
            signing_time=facts.signing_time,
            cert_not_before=facts.cert_not_before,
            cert_not_after=facts.cert_not_after,
            intact=facts.intact and facts.valid,
            trusted=facts.trusted,
            valid_at_signing=facts.cert_valid_at_signing_time,
        )
        for facts in report.signatures
    ]


def _judge(result: ExternalVerification) -> ExternalVerification:
    for signer in result.signers:
        name = signer.common_name or signer.subject or "?"
        if not signer.intact:
            result.problems.append(_problem("not_intact", name))
        elif not signer.trusted:
            result.problems.append(_problem("untrusted", name))
        if signer.valid_at_signing is False:
            result.problems.append(_problem("expired", name))
    return result


class UnknownFormat(ValueError):
    message = MESSAGES["unknown_format"]


def verify_signed_act(data: bytes, *, trust_roots: list[bytes]) -> ExternalVerification:
    """What a file registered as a signed act is: its format, its signers and what is wrong with them.

    Raises :class:`UnknownFormat` for a file that is neither a PDF, a CMS envelope nor an image."""
    sha256 = hashlib.sha256(data).hexdigest()
    if data[:1024].lstrip(b"\x00\t\n\f\r ").startswith(b"%PDF-"):
        report = verify_pdf(data, trust_roots=trust_roots)
        if "no_signature" in report.codes:
            return ExternalVerification(format=SCAN, sha256=sha256)
        return _judge(ExternalVerification(format=PADES, sha256=sha256, signers=_from_pdf_report(report)))
    signed_data = _cms_signed_data(data)
    if signed_data is not None:
        signers, content = asyncio.run(_verify_cades(signed_data, trust_roots))
        return _judge(ExternalVerification(format=CADES, sha256=sha256, signers=signers, content=content))
    if data.startswith(_IMAGE_MAGIC):
        return ExternalVerification(format=SCAN, sha256=sha256)
    raise UnknownFormat(str(MESSAGES["unknown_format"]))
