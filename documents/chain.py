"""An ordered chain of signatures over a document, for any app (an agreement's parties now; the president and
the secretary of a session's minutes next).

Who signs is the owner's business; the chain knows the order and the bytes: signers sign in turn by their
`signing_order` (equal orders in any sequence), each over the state the previous one left; an upload is verified
(documents.verification) against the trust anchors, the document the app produced and the previous state, must
add exactly one signature, by the expected signer; and it is stored as an immutable `ChainSignature` row with
its facts. The owner locks its row, checks its own rules, then calls `check_next` and `append`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy

from documents import testca
from documents.models import ChainSignature
from documents.verification import Problem, VerificationReport, check_signer, verify_pdf

MESSAGES = {
    "already_signed": gettext_lazy("Questa parte ha già firmato."),
    "not_your_turn": gettext_lazy("Non è ancora il turno di questa parte: prima devono firmare %(parties)s."),
    "too_large": gettext_lazy("Il file supera la dimensione massima di %(mb)s MB."),
    "not_latest": gettext_lazy(
        "Il file non contiene il documento nello stato attuale con le firme già apposte: scaricare "
        "l'ultima versione firmata e firmare quella."
    ),
    "signature_count": gettext_lazy(
        "Il file deve contenere esattamente una firma in più rispetto all'ultima versione firmata "
        "(attese %(expected)s, trovate %(found)s)."
    ),
}


def error(code: str, **params: Any) -> ValidationError:
    message = str(MESSAGES[code])
    return ValidationError(message % params if params else message, code=code)


class Signer(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def signing_order(self) -> int: ...


S = TypeVar("S", bound=Signer)
C = TypeVar("C", bound=ChainSignature)


def trust_roots() -> list[bytes]:
    """The CA certificates signatures must chain to: the configured anchors, plus the test CA when on."""
    roots = [Path(path).read_bytes() for path in settings.SIGNATURE_TRUST_ANCHORS]
    if settings.SIGNATURE_TEST_CA:
        roots.append(testca.persistent_test_ca(settings.SIGNATURE_TEST_CA_DIR).cert_pem)
    return roots


def read_file(field_file: Any) -> bytes:
    with field_file.open("rb") as handle:
        return bytes(handle.read())


def in_turn(signers: Sequence[S], signed_ids: set[Any]) -> list[S]:
    """The signers whose turn it is: unsigned, with no unsigned signer earlier in the order (`signers` sorted
    by it)."""
    unsigned = [signer for signer in signers if signer.pk not in signed_ids]
    if not unsigned:
        return []
    first = unsigned[0].signing_order
    return [signer for signer in unsigned if signer.signing_order == first]


def require_turn(signer: S, signers: Sequence[S], signed_ids: set[Any], *, describe: Any = str) -> None:
    if signer.pk in signed_ids:
        raise error("already_signed")
    turn = in_turn(signers, signed_ids)
    if signer not in turn:
        raise error("not_your_turn", parties=", ".join(describe(other) for other in turn))


def current_state(original: Any, chain: Sequence[ChainSignature]) -> bytes:
    """The bytes the next signer must sign: the latest signed state, or the produced document."""
    return read_file(chain[-1].file if chain else original)


def check_next(
    pdf: bytes,
    *,
    original: bytes,
    chain: Sequence[ChainSignature],
    tax_code: str | None,
    full_name: str | None,
) -> tuple[VerificationReport, list[Problem]]:
    """Verify an upload as the next link of `chain`: the file alone (documents.verification), then exactly one
    signature more than the chain, made over its latest state, by the expected signer."""
    if len(pdf) > settings.SIGNATURE_MAX_UPLOAD_MB * 1024 * 1024:
        raise error("too_large", mb=settings.SIGNATURE_MAX_UPLOAD_MB)
    # The earlier signatures were verified at their upload and the prefix check below proves they are
    # byte-identical here: only the new one (and the one before it) are validated again.
    report = verify_pdf(
        pdf, trust_roots=trust_roots(), expected_original=original, already_verified=len(chain)
    )
    problems = list(report.problems)
    if report.signatures:
        expected = len(chain) + 1
        if len(report.signatures) != expected:
            problems.append(
                Problem(
                    "signature_count",
                    str(
                        MESSAGES["signature_count"] % {"expected": expected, "found": len(report.signatures)}
                    ),
                )
            )
        elif chain and not pdf.startswith(read_file(chain[-1].file)):
            problems.append(Problem("not_latest", str(MESSAGES["not_latest"])))
        wrong = check_signer(report, index=-1, codice_fiscale=tax_code, full_name=full_name)
        if wrong is not None:
            problems.append(wrong)
    return report, problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError([ValidationError(problem.message, code=problem.code) for problem in problems])


def append(link: C, *, pdf: bytes, report: VerificationReport, filename: str, chain_length: int) -> C:
    """Store the verified upload as the chain's next link (immutable from now on)."""
    link.sequence = chain_length + 1
    link.verified_at = timezone.now()
    link.set_facts(pdf=pdf, report=report, facts=report.signatures[-1])
    link.file.save(filename.format(sequence=link.sequence), ContentFile(pdf), save=False)
    link.full_clean()
    link.save()
    return link
