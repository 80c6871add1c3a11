"""Signed-file upload (agreements/{id}/parties/{party}/signature/) and the agreement's signatures, seen as owner /
other / Ufficio di Piano / anonymous. Files are signed with the built-in test CA (documents.testca) as each
signatory's own signing tool would, through tests/agreements/signing.py."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import signatures
from agreements.models import Agreement, AgreementStatus, Party, Signature
from agreements.selectors import current_state
from documents.chain import read_file
from documents.verification import MESSAGES, verify_pdf
from tests.agreements.helpers.signing import Signatories, certificate_of, signed_by, to_signature
from tests.api.helpers import (
    API,
    ClientFor,
    assert_error,
    assert_unauthenticated,
    assert_validation_error,
    body,
    ids,
)
from tests.worlds import World


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signing(world: World) -> tuple[Agreement, Signatories]:
    """Three parties (Y, X, Z in this order, each with its mayor as signatory), the PDF ready."""
    return to_signature(world)


def upload_url(agreement: Agreement, party: Party) -> str:
    return f"{API}/agreements/{agreement.pk}/parties/{party.pk}/signature/"


def signatures_url(agreement: Agreement) -> str:
    return f"{API}/agreements/{agreement.pk}/signatures/"


def next_state(agreement: Agreement) -> bytes:
    document = signatures.current_document(agreement)
    assert document is not None
    return current_state(document)


def signed_now(agreement: Agreement, people: Signatories, index: int) -> bytes:
    """What party `index`'s signatory's tool returns: the current state with one more signature."""
    return signed_by(next_state(agreement), certificate_of(people.persons[index]), f"Firma{index + 1}")


def upload(client: Any, agreement: Agreement, party: Party, pdf: bytes) -> Any:
    return client.post(
        upload_url(agreement, party),
        {"file": SimpleUploadedFile("firmato.pdf", pdf, content_type="application/pdf")},
        format="multipart",
    )


def test_three_parties_sign_in_turn_and_the_agreement_comes_into_force(
    world: World, client_for: ClientFor, signing: tuple[Agreement, Signatories]
) -> None:
    agreement, people = signing
    # Comune Y's officer files its mayor's signature; the Ufficio di Piano files the others' (sent by PEC).
    uploaders = ["owner", "udp", "udp"]
    for index, (party, who) in enumerate(zip(people.parties, uploaders, strict=True)):
        response = upload(client_for(who), agreement, party, signed_now(agreement, people, index))
        assert response.status_code == 201, response.content
        data = body(response)
        assert data["sequence"] == index + 1 and data["version"] == 1 and data["method"] == "caricato"
        assert data["party"]["organization"]["id"] == party.organization_id
        assert data["signer_tax_code"] == people.persons[index].tax_code
        assert data["signer_name"] and "TINIT-" in data["certificate_subject"]
        assert len(data["sha256"]) == 64 and data["report"]["ok"] is True
        assert data["uploaded_by"]["username"] == who
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    listed = body(client_for("owner").get(signatures_url(agreement)))["results"]
    assert [row["sequence"] for row in listed] == [1, 2, 3]
    # The last signed file carries every signature, still valid; it is downloadable.
    response = client_for("owner").get(listed[-1]["download"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    final = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    last = Signature.objects.get(pk=listed[-1]["id"])
    assert final == read_file(last.file)
    report = verify_pdf(
        final, trust_roots=signatures.trust_roots(), expected_original=read_file(last.document.file)
    )
    assert report.ok and len(report.signatures) == 3


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wrong_signer", "wrong_signer"),
        ("tampered", "tampered"),
        ("unsigned", "no_signature"),
        ("not_pdf", "not_pdf"),
    ],
)
def test_a_bad_file_is_a_400_with_its_code_and_saves_nothing(
    client_for: ClientFor, signing: tuple[Agreement, Signatories], case: str, code: str
) -> None:
    agreement, people = signing
    original = next_state(agreement)
    if case == "wrong_signer":
        pdf = signed_by(original, certificate_of(people.persons[1]), "Firma1")
    elif case == "tampered":
        signed = signed_by(original, certificate_of(people.persons[0]), "Firma1")
        at = len(original) // 2
        pdf = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    elif case == "unsigned":
        pdf = original
    else:
        pdf = b"GIF89a, not a PDF"
    data = assert_validation_error(upload(client_for("udp"), agreement, people.parties[0], pdf), "file")
    found = {item["code"]: item["message"] for item in data["errors"]["file"]}
    assert found[code].startswith(str(MESSAGES[code]))  # one Italian message per failed check (+ details)
    assert not Signature.objects.exists()
    assert Party.objects.get(pk=people.parties[0].pk).signed_at is None


def test_parties_sign_in_order(client_for: ClientFor, signing: tuple[Agreement, Signatories]) -> None:
    agreement, people = signing
    pdf = signed_by(next_state(agreement), certificate_of(people.persons[2]), "Firma3")
    data = assert_validation_error(upload(client_for("udp"), agreement, people.parties[2], pdf), "file")
    (error,) = data["errors"]["file"]
    assert error["code"] == "not_your_turn" and "Comune di Ypsilon" in error["message"]


def test_the_file_is_required(client_for: ClientFor, signing: tuple[Agreement, Signatories]) -> None:
    agreement, people = signing
    response = client_for("udp").post(upload_url(agreement, people.parties[0]), {}, format="multipart")
    assert_validation_error(response, "file")


def test_upload_matrix(world: World, client_for: ClientFor, signing: tuple[Agreement, Signatories]) -> None:
    agreement, people = signing
    pdf = signed_now(agreement, people, 0)
    # Comune Y's officer may not file the signature of Comune X (a body it does not act for).
    assert_error(upload(client_for("owner"), agreement, people.parties[1], pdf), 403, "permission_denied")
    assert_error(upload(client_for("other"), agreement, people.parties[0], pdf), 404, "not_found")
    assert_unauthenticated(upload(client_for("anonymous"), agreement, people.parties[0], pdf))
    assert not Signature.objects.exists()
    assert upload(client_for("owner"), agreement, people.parties[0], pdf).status_code == 201


@pytest.mark.parametrize("path", ["", "{signature}/", "{signature}/pdf/"])
def test_signatures_read_matrix(
    world: World, client_for: ClientFor, signing: tuple[Agreement, Signatories], path: str
) -> None:
    agreement, people = signing
    signature = signatures.signature_upload(
        actor=world.udp, party=people.parties[0], signed_pdf=signed_now(agreement, people, 0)
    )
    url = signatures_url(agreement) + path.format(signature=signature.pk)
    for who in ("owner", "udp"):
        assert client_for(who).get(url).status_code == 200
    assert_error(client_for("other").get(url), 404, "not_found")
    assert_unauthenticated(client_for("anonymous").get(url))
    if not path:
        assert ids(client_for("owner").get(url)) == {signature.pk}
    assert_error(client_for("udp").get(signatures_url(agreement) + "0/"), 404, "not_found")


def test_signatures_are_not_changed(
    world: World, client_for: ClientFor, signing: tuple[Agreement, Signatories]
) -> None:
    agreement, people = signing
    signature = signatures.signature_upload(
        actor=world.udp, party=people.parties[0], signed_pdf=signed_now(agreement, people, 0)
    )
    url = f"{signatures_url(agreement)}{signature.pk}/"
    assert_error(client_for("udp").patch(url, {}, format="json"), 405, "method_not_allowed")
    assert_error(client_for("udp").delete(url), 405, "method_not_allowed")


@pytest.mark.parametrize(("path", "queries"), [("", 3), ("{signature}/", 3)])
def test_signatures_query_count_does_not_grow(
    world: World,
    client_for: ClientFor,
    signing: tuple[Agreement, Signatories],
    django_assert_num_queries: Any,
    path: str,
    queries: int,
) -> None:
    """1 token, 1 agreement, 1 for the signatures with their party, body, signatory, document, version and
    uploader."""
    agreement, people = signing
    first = signatures.signature_upload(
        actor=world.udp, party=people.parties[0], signed_pdf=signed_now(agreement, people, 0)
    )
    url = signatures_url(agreement) + path.format(signature=first.pk)
    client = client_for("udp")
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for index in (1, 2):
        signatures.signature_upload(
            actor=world.udp, party=people.parties[index], signed_pdf=signed_now(agreement, people, index)
        )
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if not path:
        assert body(response)["count"] == 3
