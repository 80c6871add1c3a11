"""The ordered chain of signatures any app's documents use (documents/chain.py): whose turn it is, and the
checks an upload passes as the chain's next link. The agreements' signing tests cover the whole flow."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from documents import chain, testca
from documents.signing import sign_pdf
from tests.documents.conftest import make_pdf


@dataclass(frozen=True)
class Signer:
    pk: int
    signing_order: int


def test_signers_take_turns_by_order_and_equal_orders_sign_in_any_sequence() -> None:
    first, second_a, second_b, last = Signer(1, 1), Signer(2, 2), Signer(3, 2), Signer(4, 3)
    signers = [first, second_a, second_b, last]
    assert chain.in_turn(signers, set()) == [first]
    assert chain.in_turn(signers, {1}) == [second_a, second_b]
    assert chain.in_turn(signers, {1, 3}) == [second_a]
    assert chain.in_turn(signers, {1, 2, 3, 4}) == []
    with pytest.raises(ValidationError, match="prima devono firmare firmatario 1"):
        chain.require_turn(last, signers, set(), describe=lambda signer: f"firmatario {signer.pk}")
    with pytest.raises(ValidationError, match="ha già firmato"):
        chain.require_turn(first, signers, {1})


def test_the_next_link_must_add_exactly_one_signature_by_the_expected_signer() -> None:
    ca = testca.persistent_test_ca(settings.SIGNATURE_TEST_CA_DIR)
    ada = ca.issue(given_name="Ada", family_name="Rossi", codice_fiscale="RSSDAA80A41H501X")
    bice = ca.issue(given_name="Bice", family_name="Verdi", codice_fiscale=None)
    original = make_pdf()
    once = sign_pdf(original, signer=testca.make_signer(ada), field_name="Firma1")
    report, problems = chain.check_next(
        once, original=original, chain=[], tax_code="RSSDAA80A41H501X", full_name="Ada Rossi"
    )
    assert problems == [] and len(report.signatures) == 1
    twice = sign_pdf(once, signer=testca.make_signer(bice), field_name="Firma2")
    _report, problems = chain.check_next(
        twice, original=original, chain=[], tax_code=None, full_name="Bice Verdi"
    )
    assert [problem.code for problem in problems] == ["signature_count"]
    _report, problems = chain.check_next(
        once, original=original, chain=[], tax_code="BNCLCU75C12D969I", full_name="Luca Bianchi"
    )
    assert problems and problems[-1].code not in ("signature_count", "not_latest")


def test_an_upload_too_large_is_refused_before_it_is_read() -> None:
    too_large = b"%PDF" + b"0" * (settings.SIGNATURE_MAX_UPLOAD_MB * 1024 * 1024)
    with pytest.raises(ValidationError, match="dimensione massima"):
        chain.check_next(too_large, original=b"", chain=[], tax_code=None, full_name=None)
