"""Signing an agreement: parties in turn, each over the previous signed state, every upload verified."""

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from agreements import documents, services, signatures
from agreements.models import AgreementStatus as S
from agreements.models import Party, Signature, SignatureMethod
from core.models import AuditEvent
from documents import testca
from documents.chain import read_file
from documents.verification import verify_pdf
from tests.agreements.helpers.signing import certificate_of, signed_by, to_signature
from tests.worlds import World


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def codes(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [item.code for item in error.value.error_list]  # type: ignore[misc]


def test_three_parties_sign_in_turn_and_the_agreement_comes_into_force(world: World) -> None:
    agreement, people = to_signature(world)
    for position, (party, user) in enumerate(zip(people.parties, people.users, strict=True), start=1):
        signature = signatures.signature_sign_with_test_certificate(actor=user, party=party)
        assert signature.sequence == position and signature.method == SignatureMethod.TEST_SIGNER
        assert signature.signer_tax_code == people.persons[position - 1].tax_code
        agreement.refresh_from_db()
        assert agreement.status == (S.IN_FORCE if position == 3 else S.IN_SIGNATURE)

    assert agreement.in_force_since is not None and agreement.start_date == agreement.in_force_since
    assert all(party.signed_at for party in Party.objects.filter(agreement=agreement))
    final = Signature.objects.filter(document__agreement=agreement).order_by("sequence").last()
    assert final is not None
    # The final file still carries every signature, each valid.
    pdf = read_file(final.file)
    report = verify_pdf(
        pdf, trust_roots=signatures.trust_roots(), expected_original=read_file(final.document.file)
    )
    assert report.ok and [facts.codice_fiscale for facts in report.signatures] == [
        person.tax_code for person in people.persons
    ]
    assert final.sha256 == report.sha256 and final.report["ok"] is True
    assert AuditEvent.objects.filter(object_id=str(final.pk)).exists()


def test_a_signed_file_from_the_signatorys_own_tool_is_accepted(world: World) -> None:
    agreement, people = to_signature(world)
    document = signatures.current_document(agreement)
    assert document is not None
    pdf = signed_by(read_file(document.file), certificate_of(people.persons[0]), "Sindaco")
    signature = signatures.signature_upload(actor=world.udp, party=people.parties[0], signed_pdf=pdf)
    assert signature.method == SignatureMethod.UPLOAD and signature.uploaded_by == world.udp


def test_parties_sign_in_the_agreements_order(world: World) -> None:
    _agreement, people = to_signature(world)
    with pytest.raises(ValidationError) as error:
        signatures.signature_sign_with_test_certificate(actor=people.users[2], party=people.parties[2])
    assert codes(error) == ["not_your_turn"] and "Comune di Ypsilon" in str(error.value)
    # Two parties with the same place in the order may sign in either order.
    Party.objects.filter(pk=people.parties[2].pk).update(signing_order=1)
    signatures.signature_sign_with_test_certificate(actor=people.users[2], party=people.parties[2])
    with pytest.raises(ValidationError) as error:
        signatures.signature_sign_with_test_certificate(actor=people.users[2], party=people.parties[2])
    assert codes(error) == ["already_signed"]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wrong_signer", "wrong_signer"),
        ("tampered", "tampered"),
        ("untrusted", "untrusted"),
        ("expired", "expired"),
        ("wrong_document", "wrong_document"),
        ("unsigned", "no_signature"),
        ("not_pdf", "not_pdf"),
    ],
)
def test_each_bad_upload_has_its_own_message_and_saves_nothing(world: World, case: str, code: str) -> None:
    agreement, people = to_signature(world)
    document = signatures.current_document(agreement)
    assert document is not None
    original = read_file(document.file)
    mine = certificate_of(people.persons[0])
    if case == "wrong_signer":
        pdf = signed_by(original, certificate_of(people.persons[1]), "Sindaco")
    elif case == "tampered":
        signed = signed_by(original, mine, "Sindaco")
        at = signed.index(b"Oggetto") if b"Oggetto" in signed else len(original) // 2
        pdf = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    elif case == "untrusted":
        stranger = testca.TestCA(name="CA sconosciuta")
        pdf = signed_by(
            original,
            stranger.issue(
                given_name="Ada", family_name="Ypsilonni", codice_fiscale=people.persons[0].tax_code
            ),
            "Sindaco",
        )
    elif case == "expired":
        ca = testca.persistent_test_ca(Path(signatures.settings.SIGNATURE_TEST_CA_DIR))
        old = ca.issue(
            given_name="Ada",
            family_name="Ypsilonni",
            codice_fiscale=people.persons[0].tax_code,
            not_before=datetime.now(UTC) - timedelta(days=400),
            not_after=datetime.now(UTC) - timedelta(days=30),
        )
        pdf = signed_by(original, old, "Sindaco")
    elif case == "wrong_document":
        other, _people = to_signature(world, title="Un altro accordo")
        other_document = signatures.current_document(other)
        assert other_document is not None
        pdf = signed_by(read_file(other_document.file), mine, "Sindaco")
    elif case == "unsigned":
        pdf = original
    else:
        pdf = b"GIF89a not a pdf"
    with pytest.raises(ValidationError) as error:
        signatures.signature_upload(actor=world.udp, party=people.parties[0], signed_pdf=pdf)
    assert code in codes(error)
    assert not Signature.objects.exists()
    assert Party.objects.get(pk=people.parties[0].pk).signed_at is None


def test_the_next_party_must_sign_the_already_signed_file(world: World) -> None:
    agreement, people = to_signature(world)
    document = signatures.current_document(agreement)
    assert document is not None
    original = read_file(document.file)
    signatures.signature_sign_with_test_certificate(actor=people.users[0], party=people.parties[0])
    second = certificate_of(people.persons[1])
    # Signing the original again instead of the signed state: one signature where two are due.
    with pytest.raises(ValidationError) as error:
        signatures.signature_upload(
            actor=world.udp, party=people.parties[1], signed_pdf=signed_by(original, second, "B")
        )
    assert codes(error) == ["signature_count"]
    # Over a different first signature: the count is right but the earlier state is not the stored one.
    forged = signed_by(signed_by(original, certificate_of(people.persons[0]), "A2"), second, "B")
    with pytest.raises(ValidationError) as error:
        signatures.signature_upload(actor=world.udp, party=people.parties[1], signed_pdf=forged)
    assert codes(error) == ["not_latest"]


def test_who_may_sign(world: World, settings: Any) -> None:
    _agreement, people = to_signature(world)
    first = people.parties[0]
    pdf = b"%PDF-1.7"
    with pytest.raises(PermissionDenied):
        signatures.signature_upload(actor=world.other, party=first, signed_pdf=pdf)
    with pytest.raises(
        PermissionDenied
    ):  # the built-in signer is the signatory's own tool (or the UdP's demo)
        signatures.signature_sign_with_test_certificate(actor=world.owner, party=first)
    with pytest.raises(ValidationError) as error:  # the comune's officer may file the mayor's signed file
        signatures.signature_upload(actor=world.owner, party=first, signed_pdf=pdf)
    assert codes(error) == ["not_pdf"]
    settings.SIGNATURE_TEST_CA = False
    with pytest.raises(ValidationError) as error:
        signatures.signature_sign_with_test_certificate(actor=people.users[0], party=first)
    assert codes(error) == ["test_signer_disabled"]


def test_no_signature_outside_the_signing_phase_and_no_way_back_once_signed(world: World) -> None:
    agreement, people = to_signature(world)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    with pytest.raises(ValidationError) as error:
        signatures.signature_sign_with_test_certificate(actor=people.users[0], party=people.parties[0])
    assert codes(error) == ["not_in_signature"]
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    document = signatures.current_document(agreement)
    assert document is not None and document.status == "in_coda"  # a fresh PDF of the text as it is now
    with pytest.raises(ValidationError) as error:
        signatures.signature_sign_with_test_certificate(actor=people.users[0], party=people.parties[0])
    assert codes(error) == ["no_document"]
    documents.render(document.pk)
    signatures.signature_sign_with_test_certificate(actor=people.users[0], party=people.parties[0])
    with pytest.raises(ValidationError, match="hanno già firmato: Comune di Ypsilon"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)


def test_signatures_are_immutable(world: World) -> None:
    _agreement, people = to_signature(world)
    signature = signatures.signature_sign_with_test_certificate(
        actor=people.users[0], party=people.parties[0]
    )
    signature.signer_name = "Qualcun altro"
    with pytest.raises(ValueError, match="immutable"):
        signature.save()


def test_two_parties_uploading_at_once_one_wins_the_other_must_sign_the_new_state(
    committed_world: World,
) -> None:
    """Real threads on PostgreSQL: both sign the same state; the row lock lets one in, the other is refused."""
    world = committed_world
    agreement, people = to_signature(world)
    Party.objects.filter(pk=people.parties[2].pk).update(signing_order=1)
    Party.objects.filter(pk=people.parties[1].pk).update(signing_order=1)
    document = signatures.current_document(agreement)
    assert document is not None
    state = read_file(document.file)
    files = {index: signed_by(state, certificate_of(people.persons[index]), f"F{index}") for index in (0, 1)}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def upload(index: int) -> None:
        try:
            barrier.wait()
            signatures.signature_upload(actor=world.udp, party=people.parties[index], signed_pdf=files[index])
            outcomes.append("signed")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["signature_count", "signed"]
    assert Signature.objects.filter(document=document).count() == 1
