"""Verify an uploaded signed PDF and say precisely what is wrong with it.

Bytes in, facts out: :func:`verify_pdf` returns a :class:`VerificationReport` with one
:class:`SignatureFacts` per embedded signature (in signing order) and a list of :class:`Problem`, each with a
stable ``code`` and an Italian ``message`` for the user. :func:`check_signer` compares a signature's
certificate with the expected signatory. Runs offline: no OCSP/CRL fetching (see ``docs/signing.md``).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import EmbeddedPdfSignature, async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

__all__ = [
    "MESSAGES",
    "Problem",
    "SignatureFacts",
    "VerificationReport",
    "check_signer",
    "codice_fiscale_from_serial",
    "load_certificates",
    "normalize_name",
    "verify_pdf",
]

# Stable codes -> Italian messages. Codes are part of the API (stored, tested, shown in the UI).
# Marked for translation: Italian by default, English when the user chose it.
MESSAGES: dict[str, Any] = {
    "not_pdf": _("Il file caricato non è un PDF valido."),
    "no_signature": _("Il PDF non contiene alcuna firma digitale."),
    "tampered": _(
        "Il contenuto è stato modificato dopo l'apposizione della firma (impronta non corrispondente)."
    ),
    "invalid_signature": _("La firma digitale non è valida (verifica crittografica non superata)."),
    "not_whole_file": _(
        "Il documento contiene modifiche successive alla firma che non sono altre firme: "
        "la firma non copre l'intero file."
    ),
    "untrusted": _(
        "Il certificato del firmatario non è emesso da un'autorità di certificazione riconosciuta."
    ),
    "expired": _("Il certificato del firmatario non era valido alla data della firma."),
    "wrong_document": _("Il documento firmato non corrisponde all'originale prodotto dal sistema."),
    "wrong_signer": _("La firma non appartiene al firmatario atteso."),
}

# Modification levels that an incremental update after a signature may reach and still be fine:
# further signatures, DSS/timestamps, filling in form fields (signature fields are form fields).
_ACCEPTABLE_LEVELS = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}
# AdES sub-indications that mean "the certificate chain is fine, but not valid at that moment".
_TIME_INDICATIONS: set[AdESSubIndic] = {
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESFailure.NOT_YET_VALID,
}
_TINIT = re.compile(r"^TINIT-([A-Z0-9]{16})$")
_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field_name: str | None = None  # the signature concerned, when there is one


@dataclass(frozen=True)
class SignatureFacts:
    field_name: str
    signer_common_name: str | None
    signer_subject: str  # the whole subject DN, human readable
    codice_fiscale: str | None  # from serialNumber TINIT-<16 chars>; None if absent
    signing_time: datetime | None  # as claimed by the signer (CMS signingTime), not proven
    cert_not_before: datetime | None
    cert_not_after: datetime | None
    cert_valid_at_signing_time: bool | None  # None when no signing time is claimed
    intact: bool  # the digest over the signed byte ranges matches
    valid: bool  # the cryptographic signature verifies
    trusted: bool  # the certificate chains to a configured trust root, valid at validation time
    coverage: str  # SignatureCoverageLevel name: ENTIRE_FILE, ENTIRE_REVISION, CONTIGUOUS_BLOCK_FROM_START...
    covers_whole_file: bool
    modification_level: str | None  # ModificationLevel name of what was appended after this signature
    modifications_ok: bool  # only further signatures / form filling after this signature
    signed_revision: int
    signed_length: int  # bytes from the start of the file to the end of the signed revision
    checked: bool = True  # False: skipped as already verified (see ``already_verified``); flags not computed


@dataclass(frozen=True)
class VerificationReport:
    signatures: list[SignatureFacts]
    sha256: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: to store with the file and to return from the API."""

        def value(item: Any) -> Any:
            return item.isoformat() if isinstance(item, datetime) else item

        return {
            "sha256": self.sha256,
            "ok": self.ok,
            "signatures": [
                {name: value(item) for name, item in asdict(facts).items()} for facts in self.signatures
            ],
            "problems": [asdict(problem) for problem in self.problems],
        }


def _problem(code: str, field_name: str | None = None, detail: str = "") -> Problem:
    message = str(MESSAGES[code])
    if detail:
        message = f"{message} {detail}"
    return Problem(code=code, message=message, field_name=field_name)


def load_certificates(data: list[bytes]) -> list[asn1_x509.Certificate]:
    """Parse certificates given as DER or PEM (a PEM blob may hold several)."""
    certs: list[asn1_x509.Certificate] = []
    for item in data:
        if pem.detect(item):
            certs.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(item, multiple=True))
        else:
            certs.append(asn1_x509.Certificate.load(item))
    return certs


def codice_fiscale_from_serial(serial_number: str | None) -> str | None:
    """``TINIT-RSSMRA80A01H501U`` -> ``RSSMRA80A01H501U``; anything else -> None."""
    if not serial_number:
        return None
    match = _TINIT.match(serial_number.strip().upper())
    return match.group(1) if match else None


def _fmt(dt: datetime | None) -> str:
    return dt.astimezone(UTC).strftime("%d/%m/%Y %H:%M:%S UTC") if dt else "?"


def _facts(
    es: EmbeddedPdfSignature, status: PdfSignatureStatus | None, *, checked: bool = True
) -> SignatureFacts:
    cert = status.signing_cert if status is not None else es.signer_cert
    subject = cert.subject.native if cert is not None else {}
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native if cert is not None else None
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native if cert is not None else None
    signing_time = status.signer_reported_dt if status is not None else es.self_reported_timestamp
    valid_at_signing: bool | None = None
    if signing_time is not None and not_before is not None and not_after is not None:
        valid_at_signing = not_before <= signing_time <= not_after
    coverage = status.coverage if status is not None else None
    level = status.modification_level if status is not None else None
    modifications_ok = (
        status is not None
        and status.docmdp_ok is not False
        and (level is None or level in _ACCEPTABLE_LEVELS)
    )
    serial = subject.get("serial_number")
    byte_range = list(es.sig_object["/ByteRange"])
    return SignatureFacts(
        field_name=es.field_name,
        signer_common_name=subject.get("common_name"),
        signer_subject=cert.subject.human_friendly if cert is not None else "",
        codice_fiscale=codice_fiscale_from_serial(serial if isinstance(serial, str) else None),
        signing_time=signing_time,
        cert_not_before=not_before,
        cert_not_after=not_after,
        cert_valid_at_signing_time=valid_at_signing,
        intact=bool(status and status.intact),
        valid=bool(status and status.valid),
        trusted=bool(status and status.trusted),
        coverage=coverage.name if coverage is not None else "UNKNOWN",
        covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification_level=level.name if level is not None else None,
        modifications_ok=modifications_ok,
        signed_revision=es.signed_revision,
        signed_length=int(byte_range[2]) + int(byte_range[3]),
        checked=checked,
    )


def _original_candidates(pdf: bytes, reader: PdfFileReader, first: EmbeddedPdfSignature) -> list[bytes]:
    """The possible byte prefixes that form the document as it was before the first signature.

    That is revisions ``0 .. signed_revision-1``: everything up to the ``%%EOF`` (plus its end-of-line, if
    any) that follows the xref data of the revision just before the first signature's.
    """
    if first.signed_revision < 1:
        return []
    info = reader.xrefs.get_xref_container_info(first.signed_revision - 1)
    match = _EOF.search(pdf, info.end_location)
    if match is None:
        return []
    ends = {match.start() + 5, match.end()}
    return [pdf[:end] for end in sorted(ends)]


async def _validate(es: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], moment: datetime | None):
    context = ValidationContext(
        trust_roots=roots,
        allow_fetching=False,  # never go to the network (OCSP, CRL, AIA)
        revocation_mode="soft-fail",  # no revocation info available offline: do not fail on its absence
        moment=moment,
    )
    return await async_validate_pdf_signature(es, signer_validation_context=context)


async def async_verify_pdf(
    pdf: bytes,
    *,
    trust_roots: list[bytes],
    expected_original: bytes | None = None,
    expected_sha256_of_original: str | None = None,
    validation_time: datetime | None = None,
    already_verified: int = 0,
) -> VerificationReport:
    """Async variant of :func:`verify_pdf`."""
    sha256 = hashlib.sha256(pdf).hexdigest()
    if not pdf[:1024].lstrip(b"\x00\t\n\f\r ").startswith(b"%PDF-"):
        return VerificationReport(signatures=[], sha256=sha256, problems=[_problem("not_pdf")])
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = sorted(reader.embedded_signatures, key=lambda es: es.signed_revision)
    except Exception as exc:
        return VerificationReport(
            signatures=[], sha256=sha256, problems=[_problem("not_pdf", detail=f"({exc})")]
        )
    if not embedded:
        return VerificationReport(signatures=[], sha256=sha256, problems=[_problem("no_signature")])

    roots = load_certificates(trust_roots)
    problems: list[Problem] = []
    facts: list[SignatureFacts] = []
    # The signature just before the new ones is validated again: its diff analysis is what sees anything
    # other than a signature appended after it.
    skip = max(already_verified - 1, 0)
    for position, es in enumerate(embedded):
        name = es.field_name
        if position < skip:
            facts.append(_facts(es, None, checked=False))
            continue
        status: PdfSignatureStatus | None
        try:
            status = await _validate(es, roots, validation_time)
        except Exception as exc:  # any upload must yield a report, never a crash
            status = None
            problems.append(_problem("invalid_signature", name, f"({exc})"))
        fact = _facts(es, status)
        facts.append(fact)
        if status is None:
            continue
        if not status.intact:
            problems.append(_problem("tampered", name))
        elif not status.valid:
            problems.append(_problem("invalid_signature", name))
        is_last = position == len(embedded) - 1
        if not fact.modifications_ok or (is_last and not fact.covers_whole_file):
            problems.append(
                _problem(
                    "not_whole_file",
                    name,
                    f"(copertura: {fact.coverage}, modifiche: {fact.modification_level})",
                )
            )
        expired = fact.cert_valid_at_signing_time is False
        if expired:
            problems.append(
                _problem(
                    "expired",
                    name,
                    f"Firma del {_fmt(fact.signing_time)}, certificato valido dal {_fmt(fact.cert_not_before)} "
                    f"al {_fmt(fact.cert_not_after)}.",
                )
            )
        if status.intact and status.valid and not status.trusted:
            if status.trust_problem_indic in _TIME_INDICATIONS:
                if not expired:
                    problems.append(
                        _problem(
                            "expired",
                            name,
                            f"Il certificato (valido dal {_fmt(fact.cert_not_before)} al "
                            f"{_fmt(fact.cert_not_after)}) non è valido alla data della verifica.",
                        )
                    )
            else:
                problems.append(_problem("untrusted", name))

    if expected_original is not None or expected_sha256_of_original is not None:
        candidates = _original_candidates(pdf, reader, embedded[0])
        if expected_original is not None:
            matches = any(c == expected_original for c in candidates)
        else:
            wanted = (expected_sha256_of_original or "").strip().lower()
            matches = any(hashlib.sha256(c).hexdigest() == wanted for c in candidates)
        if not matches:
            problems.append(_problem("wrong_document", embedded[0].field_name))

    return VerificationReport(signatures=facts, sha256=sha256, problems=problems)


def verify_pdf(
    pdf: bytes,
    *,
    trust_roots: list[bytes],
    expected_original: bytes | None = None,
    expected_sha256_of_original: str | None = None,
    validation_time: datetime | None = None,
    already_verified: int = 0,
) -> VerificationReport:
    """Verify every signature in ``pdf``.

    ``trust_roots``: CA certificates (DER or PEM) a signer's certificate must chain to.
    ``expected_original`` / ``expected_sha256_of_original``: the document the app produced; the revision
    the first signature was applied to must be exactly it (else ``wrong_document``).
    ``validation_time``: when to check the certificate chain (default: now).
    ``already_verified``: how many leading signatures the caller verified before, in a file that is a
    byte-identical prefix of this one (the previous signed state). They are not validated again, but for the
    last of them, whose check covers what was appended after it: each upload costs the same whether it
    carries 2 signatures or 50 (validating every one is quadratic, ~10 s for 50).
    Must not be called from a running event loop; use :func:`async_verify_pdf` there.
    """
    return asyncio.run(
        async_verify_pdf(
            pdf,
            trust_roots=trust_roots,
            expected_original=expected_original,
            expected_sha256_of_original=expected_sha256_of_original,
            validation_time=validation_time,
            already_verified=already_verified,
        )
    )


def normalize_name(name: str) -> list[str]:
    """A person's name for comparison: lower case, no accents, words sorted (word order does not count)."""
    return _normalize_name(name)


def _normalize_name(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.split(r"[\s'’\-]+", stripped.casefold())
    return sorted(w for w in words if w)


def check_signer(
    report: VerificationReport,
    *,
    index: int,
    codice_fiscale: str | None,
    full_name: str | None,
) -> Problem | None:
    """``wrong_signer`` unless signature ``index`` (signing order; negative counts from the end) is by the
    expected person.

    The codice fiscale (from the certificate's ``serialNumber`` ``TINIT-...``) decides when both sides have
    one; otherwise the certificate CN is compared with ``full_name`` ignoring case, accents and word order.
    """
    try:
        facts = report.signatures[index]
    except IndexError:
        return _problem("wrong_signer", detail=f"(nessuna firma in posizione {index})")
    expected_cf = codice_fiscale.strip().upper() if codice_fiscale else None
    if expected_cf and facts.codice_fiscale:
        if facts.codice_fiscale == expected_cf:
            return None
        return _problem(
            "wrong_signer",
            facts.field_name,
            f"Codice fiscale del certificato {facts.codice_fiscale}, atteso {expected_cf}.",
        )
    if full_name and facts.signer_common_name:
        if _normalize_name(full_name) == _normalize_name(facts.signer_common_name):
            return None
        return _problem(
            "wrong_signer",
            facts.field_name,
            f"Firmatario «{facts.signer_common_name}», atteso «{full_name}».",
        )
    return _problem(
        "wrong_signer",
        facts.field_name,
        "Impossibile confrontare il firmatario: codice fiscale o nome mancanti.",
    )
