"""Sign a PDF with a PAdES signature (``ETSI.CAdES.detached``) as an incremental update.

Bytes in, bytes out: the input is never rewritten, the signature is appended as a new revision, so a
second and a third party can sign the result in turn and every earlier signature stays valid.
See ``docs/signing.md``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, Signer
from pyhanko.sign.signers.pdf_signer import PdfSigningSession

__all__ = ["SigningError", "sign_pdf"]


class SigningError(ValueError):
    """The PDF could not be signed (not a PDF, encrypted, field already signed, ...)."""


class _TimedPdfSigner(PdfSigner):
    """A PdfSigner whose signing time (CMS ``signingTime`` and the ``/M`` entry) can be fixed.

    pyHanko 0.38 takes the signing time from ``PdfSigningSession.system_time``, which ``PdfSigner`` sets
    to "now" with no parameter to override it; we set it on the session right after it is created.
    """

    def __init__(
        self, signature_meta: PdfSignatureMetadata, signer: Signer, *, signing_time: datetime | None = None
    ) -> None:
        super().__init__(signature_meta, signer)
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        if self._signing_time is not None:
            session.system_time = self._signing_time
        return session


def sign_pdf(
    pdf: bytes,
    *,
    signer: Signer,
    field_name: str,
    reason: str = "",
    location: str = "",
    signing_time: datetime | None = None,
) -> bytes:
    """Return ``pdf`` with one more PAdES signature, appended as an incremental update.

    ``field_name`` names the (new or existing, empty) signature field; it must differ from the fields
    already signed. ``signing_time`` must be timezone-aware; default: now.
    """
    if signing_time is not None and signing_time.tzinfo is None:
        raise SigningError("signing_time must be timezone-aware")
    return asyncio.run(
        async_sign_pdf(
            pdf,
            signer=signer,
            field_name=field_name,
            reason=reason,
            location=location,
            signing_time=signing_time,
        )
    )


async def async_sign_pdf(
    pdf: bytes,
    *,
    signer: Signer,
    field_name: str,
    reason: str = "",
    location: str = "",
    signing_time: datetime | None = None,
) -> bytes:
    """Async variant of :func:`sign_pdf` (for callers already inside an event loop)."""
    if not pdf.lstrip(b"\x00\t\n\f\r ").startswith(b"%PDF-"):
        raise SigningError("input is not a PDF")
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except Exception as exc:
        raise SigningError(f"cannot read the PDF: {exc}") from exc
    if writer.prev.encrypted:
        raise SigningError("encrypted PDFs are not supported")
    meta = PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    pdf_signer = _TimedPdfSigner(meta, signer, signing_time=signing_time)
    output = BytesIO()
    try:
        await pdf_signer.async_sign_pdf(writer, output=output)
    except Exception as exc:
        raise SigningError(f"signing failed: {exc}") from exc
    return output.getvalue()
