"""Signing and verification of PAdES PDFs: plain functions, no database, no network."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents.signing import SigningError, sign_pdf
from documents.testca import IssuedCertificate, TestCA, make_signer
from documents.verification import MESSAGES, check_signer, verify_pdf
from tests.documents.conftest import ANNA, MARIO, NICOLO, NOCF, make_pdf

Issue = Callable[..., IssuedCertificate]


def _sign(pdf: bytes, cert: IssuedCertificate, field: str, when: datetime | None = None) -> bytes:
    return sign_pdf(
        pdf,
        signer=make_signer(cert),
        field_name=field,
        reason="Sottoscrizione accordo",
        location="Comune di Prova",
        signing_time=when,
    )


def _three_signed(original: bytes, issue: Issue, when: datetime) -> bytes:
    pdf = original
    for n, person in enumerate((MARIO, ANNA, NICOLO), start=1):
        pdf = _sign(pdf, issue(person), f"Firma{n}", when + timedelta(minutes=n))
    return pdf


@pytest.fixture
def roots(test_ca: TestCA) -> list[bytes]:
    return [test_ca.cert_der]


def test_one_signature_is_good_and_facts_are_right(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    signed = _sign(original_pdf, issue(MARIO), "Firma1", signing_time)

    assert signed.startswith(original_pdf)  # an incremental update: the original bytes are untouched
    report = verify_pdf(signed, trust_roots=roots, expected_original=original_pdf)

    assert report.problems == []
    assert report.ok
    assert report.sha256 == hashlib.sha256(signed).hexdigest()
    [facts] = report.signatures
    assert facts.field_name == "Firma1"
    assert facts.signer_common_name == "Mario Rossi"
    assert facts.codice_fiscale == "RSSMRA80A01H501U"
    assert "TINIT-RSSMRA80A01H501U" in facts.signer_subject
    assert facts.signing_time == signing_time
    assert facts.cert_not_before is not None and facts.cert_not_after is not None
    assert facts.cert_not_before <= signing_time <= facts.cert_not_after
    assert facts.cert_valid_at_signing_time is True
    assert (facts.intact, facts.valid, facts.trusted) == (True, True, True)
    assert facts.covers_whole_file and facts.coverage == "ENTIRE_FILE"
    assert facts.modifications_ok
    assert facts.signed_length == len(signed)
    assert check_signer(report, index=0, codice_fiscale="rssmra80a01h501u", full_name=None) is None


def test_pem_trust_roots_and_sha256_of_original(
    original_pdf: bytes, issue: Issue, test_ca: TestCA, signing_time: datetime
) -> None:
    signed = _sign(original_pdf, issue(MARIO), "Firma1", signing_time)

    report = verify_pdf(
        signed,
        trust_roots=[test_ca.cert_pem],
        expected_sha256_of_original=hashlib.sha256(original_pdf).hexdigest(),
    )

    assert report.problems == []


def test_three_parties_sign_in_turn(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    signed = _three_signed(original_pdf, issue, signing_time)

    report = verify_pdf(signed, trust_roots=roots, expected_original=original_pdf)

    assert report.problems == []
    assert [s.field_name for s in report.signatures] == ["Firma1", "Firma2", "Firma3"]
    assert [s.signer_common_name for s in report.signatures] == [
        "Mario Rossi",
        "Anna Bianchi",
        "Nicolò D'Agostino",
    ]
    assert all(s.intact and s.valid and s.trusted and s.modifications_ok for s in report.signatures)
    assert [s.covers_whole_file for s in report.signatures] == [False, False, True]
    assert report.signatures[0].modification_level == "FORM_FILLING"  # later signatures only
    assert report.signatures[-1].signed_length == len(signed)
    for index, person in enumerate((MARIO, ANNA, NICOLO)):
        assert check_signer(report, index=index, codice_fiscale=person.codice_fiscale, full_name=None) is None


def test_same_field_cannot_be_signed_twice(original_pdf: bytes, issue: Issue) -> None:
    signed = _sign(original_pdf, issue(MARIO), "Firma1")

    with pytest.raises(SigningError):
        _sign(signed, issue(ANNA), "Firma1")


def test_not_a_pdf_cannot_be_signed(issue: Issue) -> None:
    with pytest.raises(SigningError):
        _sign(b"hello", issue(MARIO), "Firma1")


def test_tampered_content_is_reported(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    signed = _three_signed(original_pdf, issue, signing_time)
    assert signed.count(b"Accordo di prova") == 1
    tampered = signed.replace(b"Accordo di prova", b"Accordo di trova")  # same length: offsets still hold

    report = verify_pdf(tampered, trust_roots=roots)

    assert set(report.codes) == {"tampered"}
    assert len(report.problems) == 3  # every signature covers the changed byte
    assert not any(s.intact for s in report.signatures)
    assert report.problems[0].message == MESSAGES["tampered"]


def test_non_signature_update_after_signing_is_reported(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    signed = _sign(original_pdf, issue(MARIO), "Firma1", signing_time)
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 600 Td (Clausola aggiunta) Tj ET")
    )
    writer.add_stream_to_page(0, extra)
    out = BytesIO()
    writer.write(out)

    report = verify_pdf(out.getvalue(), trust_roots=roots, expected_original=original_pdf)

    assert report.codes == ["not_whole_file"]
    [facts] = report.signatures
    assert facts.intact and facts.valid and facts.trusted  # the signed revision itself is fine
    assert not facts.covers_whole_file
    assert not facts.modifications_ok
    assert facts.modification_level == "OTHER"


def test_modification_between_two_signatures_is_reported(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    signed = _sign(original_pdf, issue(MARIO), "Firma1", signing_time)
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 600 Td (Clausola aggiunta) Tj ET")
    )
    writer.add_stream_to_page(0, extra)
    out = BytesIO()
    writer.write(out)
    resigned = _sign(out.getvalue(), issue(ANNA), "Firma2", signing_time)

    report = verify_pdf(resigned, trust_roots=roots)

    assert [(p.code, p.field_name) for p in report.problems] == [("not_whole_file", "Firma1")]
    assert report.signatures[1].covers_whole_file


def test_already_verified_signatures_are_skipped_but_the_last_of_them_still_sees_a_sneaked_change(
    original_pdf: bytes, issue: Issue, roots: list[bytes], signing_time: datetime
) -> None:
    two = _sign(
        _sign(original_pdf, issue(MARIO), "Firma1", signing_time), issue(ANNA), "Firma2", signing_time
    )
    writer = IncrementalPdfFileWriter(BytesIO(two))
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 600 Td (Clausola aggiunta) Tj ET")
    )
    writer.add_stream_to_page(0, extra)
    out = BytesIO()
    writer.write(out)
    three = _sign(out.getvalue(), issue(MARIO), "Firma3", signing_time)

    report = verify_pdf(three, trust_roots=roots, expected_original=original_pdf, already_verified=2)

    assert [(p.code, p.field_name) for p in report.problems] == [("not_whole_file", "Firma2")]
    assert [s.checked for s in report.signatures] == [False, True, True]
    clean = _sign(two, issue(MARIO), "Firma3", signing_time)
    assert verify_pdf(clean, trust_roots=roots, expected_original=original_pdf, already_verified=2).ok


def test_wrong_signer(original_pdf: bytes, issue: Issue, roots: list[bytes]) -> None:
    signed = _sign(original_pdf, issue(ANNA), "Firma1")
    report = verify_pdf(signed, trust_roots=roots)
    assert report.problems == []

    problem = check_signer(report, index=0, codice_fiscale=MARIO.codice_fiscale, full_name=MARIO.full_name)

    assert problem is not None
    assert problem.code == "wrong_signer"
    assert "BNCNNA80A41F205X" in problem.message
    assert check_signer(report, index=1, codice_fiscale=ANNA.codice_fiscale, full_name=None) is not None


def test_signer_by_name_when_certificate_has_no_codice_fiscale(
    original_pdf: bytes, issue: Issue, roots: list[bytes]
) -> None:
    signed = _sign(_sign(original_pdf, issue(NOCF), "Firma1"), issue(NICOLO), "Firma2")
    report = verify_pdf(signed, trust_roots=roots)
    assert report.problems == []
    assert report.signatures[0].codice_fiscale is None

    assert (
        check_signer(report, index=0, codice_fiscale="VRDLCU80A41H501X", full_name="  lucia VERDI ") is None
    )
    wrong = check_signer(report, index=0, codice_fiscale=None, full_name="Mario Rossi")
    assert wrong is not None and wrong.code == "wrong_signer"
    # accents and case do not matter for the name; the codice fiscale decides when present
    assert check_signer(report, index=1, codice_fiscale=None, full_name="NICOLO D'AGOSTINO") is None
    assert (
        check_signer(report, index=-1, codice_fiscale=NICOLO.codice_fiscale, full_name="Altro Nome") is None
    )


def test_expired_certificate(original_pdf: bytes, issue: Issue, roots: list[bytes]) -> None:
    now = datetime.now(UTC)
    old = issue(MARIO, not_before=now - timedelta(days=800), not_after=now - timedelta(days=400))
    signed = _sign(original_pdf, old, "Firma1", now.replace(microsecond=0))

    report = verify_pdf(signed, trust_roots=roots)

    assert report.codes == ["expired"]
    assert report.signatures[0].cert_valid_at_signing_time is False
    assert report.signatures[0].intact and not report.signatures[0].trusted


def test_signing_time_outside_certificate_window(
    original_pdf: bytes, issue: Issue, roots: list[bytes]
) -> None:
    now = datetime.now(UTC)
    fresh = issue(ANNA, not_before=now - timedelta(days=1), not_after=now + timedelta(days=100))
    backdated = (now - timedelta(days=30)).replace(microsecond=0)
    signed = _sign(original_pdf, fresh, "Firma1", backdated)

    report = verify_pdf(signed, trust_roots=roots)

    assert report.codes == ["expired"]  # the chain is fine now, but the claimed signing time is not
    assert report.signatures[0].trusted
    assert report.signatures[0].cert_valid_at_signing_time is False


def test_certificate_from_another_ca_is_untrusted(
    original_pdf: bytes, issue: Issue, other_ca: TestCA, roots: list[bytes]
) -> None:
    signed = _sign(original_pdf, issue(MARIO, ca=other_ca), "Firma1")

    report = verify_pdf(signed, trust_roots=roots)

    assert report.codes == ["untrusted"]
    assert report.signatures[0].intact and report.signatures[0].valid and not report.signatures[0].trusted
    # trusted once that CA is configured
    assert verify_pdf(signed, trust_roots=[*roots, other_ca.cert_der]).problems == []


def test_signature_over_another_document(original_pdf: bytes, issue: Issue, roots: list[bytes]) -> None:
    other = make_pdf("Accordo diverso")
    signed = _sign(_sign(other, issue(MARIO), "Firma1"), issue(ANNA), "Firma2")

    report = verify_pdf(signed, trust_roots=roots, expected_original=original_pdf)
    by_hash = verify_pdf(
        signed, trust_roots=roots, expected_sha256_of_original=hashlib.sha256(original_pdf).hexdigest()
    )

    assert report.codes == ["wrong_document"]
    assert by_hash.codes == ["wrong_document"]
    assert verify_pdf(signed, trust_roots=roots, expected_original=other).problems == []


def test_original_with_extra_revision_before_signing_is_wrong_document(
    original_pdf: bytes, issue: Issue, roots: list[bytes]
) -> None:
    # someone edits the produced document (an incremental update), then signs: the signed revision is not
    # the original, although the original is a byte prefix of the file
    writer = IncrementalPdfFileWriter(BytesIO(original_pdf))
    extra = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 600 Td (Aggiunta) Tj ET"))
    writer.add_stream_to_page(0, extra)
    out = BytesIO()
    writer.write(out)
    signed = _sign(out.getvalue(), issue(MARIO), "Firma1")

    report = verify_pdf(signed, trust_roots=roots, expected_original=original_pdf)

    assert signed.startswith(original_pdf)
    assert report.codes == ["wrong_document"]


@pytest.mark.parametrize("data", [b"", b"hello world", b"PK\x03\x04 a zip", b"%PDF-1.7\ngarbage"])
def test_not_a_pdf(data: bytes, roots: list[bytes]) -> None:
    report = verify_pdf(data, trust_roots=roots)

    assert report.codes == ["not_pdf"]
    assert report.signatures == []
    assert report.sha256 == hashlib.sha256(data).hexdigest()


def test_unsigned_pdf(original_pdf: bytes, roots: list[bytes]) -> None:
    report = verify_pdf(original_pdf, trust_roots=roots)

    assert report.codes == ["no_signature"]
    assert report.problems[0].message == "Il PDF non contiene alcuna firma digitale."


@pytest.mark.skipif(not Path("/usr/bin/pdfsig").exists(), reason="poppler's pdfsig is not installed")
def test_pdfsig_agrees(original_pdf: bytes, issue: Issue, tmp_path: Path, signing_time: datetime) -> None:
    signed = _three_signed(original_pdf, issue, signing_time)
    good = tmp_path / "good.pdf"
    bad = tmp_path / "bad.pdf"
    good.write_bytes(signed)
    bad.write_bytes(signed.replace(b"Accordo di prova", b"Accordo di trova"))
    pdfsig = shutil.which("pdfsig") or "/usr/bin/pdfsig"

    def run(path: Path) -> str:
        command = [pdfsig, "-nocert", "-no-ocsp", str(path)]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603

    good_out, bad_out = run(good), run(bad)

    assert good_out.count("Signature is Valid") == 3, good_out
    assert "Total document signed" in good_out
    assert "Digest Mismatch" in bad_out, bad_out
