"""The management command that issues per-person test certificates, and signing with its .p12 as a
desktop signing tool would."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pyhanko.sign.signers import SimpleSigner

from agreements import signatures
from documents.chain import read_file
from documents.signing import sign_pdf
from tests.agreements.helpers.signing import to_signature
from tests.worlds import World


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_certificates_for_every_signatory_and_a_p12_that_signs(world: World, settings: Any) -> None:
    agreement, people = to_signature(world)
    out = StringIO()
    call_command("issue_test_certificates", "--p12-password", "segreto", stdout=out)
    report = out.getvalue()
    assert "3 certificati di prova" in report
    for person in people.persons:
        assert f"{person.full_name} ({person.tax_code})" in report
    p12 = Path(settings.SIGNATURE_TEST_CA_DIR) / "people" / f"persona-{people.persons[0].pk}.p12"
    signer = SimpleSigner.load_pkcs12(str(p12), passphrase=b"segreto")
    assert signer is not None
    document = signatures.current_document(agreement)
    assert document is not None
    signed = sign_pdf(read_file(document.file), signer=signer, field_name="Firma")
    signature = signatures.signature_upload(actor=world.owner, party=people.parties[0], signed_pdf=signed)
    assert signature.signer_tax_code == people.persons[0].tax_code


def test_the_command_refuses_when_the_test_ca_is_off(world: World, settings: Any) -> None:
    settings.SIGNATURE_TEST_CA = False
    with pytest.raises(CommandError, match="disattivata"):
        call_command("issue_test_certificates")
    settings.SIGNATURE_TEST_CA = True
    with pytest.raises(CommandError, match="Persone inesistenti: 999999"):
        call_command("issue_test_certificates", "--person", "999999")
