"""Signing pages from every point of view: upload, built-in signer, downloads, report, "to sign" list."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agreements import signatures
from agreements.models import AgreementStatus as S
from agreements.models import Signature
from documents.chain import read_file
from tests.agreements.helpers.signing import certificate_of, signed_by, to_signature
from tests.worlds import World


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_upload_page_and_upload_from_each_point_of_view(world: World) -> None:
    agreement, people = to_signature(world)
    first = people.parties[0]  # Comune Ypsilon: the owner's comune
    url = reverse("agreements:signature_upload", args=[agreement.pk, first.pk])
    assert world.client_for("anonymous").get(url).status_code == 302
    assert world.client_for("other").get(url).status_code == 404  # not a party: cannot see the agreement
    assert client_of(people.users[1]).get(url).status_code == 403  # Xanadu's mayor does not sign for Ypsilon
    for who in ("owner", "udp"):
        page = world.client_for(who).get(url)
        assert page.status_code == 200 and "Carica e verifica" in page.content.decode()

    document = signatures.current_document(agreement)
    assert document is not None
    wrong = signed_by(read_file(document.file), certificate_of(people.persons[1]), "Sindaco")
    response = world.client_for("owner").post(url, {"file": SimpleUploadedFile("firmato.pdf", wrong)})
    assert response.status_code == 400
    assert "La firma non appartiene al firmatario atteso." in response.content.decode()
    assert not Signature.objects.exists()

    good = signed_by(read_file(document.file), certificate_of(people.persons[0]), "Sindaco")
    response = world.client_for("owner").post(url, {"file": SimpleUploadedFile("firmato.pdf", good)})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.party == first and signature.uploaded_by == world.owner


def test_the_signatory_signs_with_the_test_certificate_after_confirming(world: World) -> None:
    agreement, people = to_signature(world)
    first = people.parties[0]
    url = reverse("agreements:signature_test_sign", args=[agreement.pk, first.pk])
    assert world.client_for("udp").get(url).status_code == 200  # the UdP may walk a demo through it
    assert world.client_for("owner").post(url).status_code == 403  # an officer is not the signatory
    assert world.client_for("other").get(url).status_code == 404
    assert world.client_for("anonymous").post(url).status_code == 302
    mayor = client_of(people.users[0])
    confirm = mayor.get(url)
    assert confirm.status_code == 200 and "Firma il documento" in confirm.content.decode()
    assert not Signature.objects.exists()  # the confirmation page signs nothing
    assert mayor.post(url).status_code == 302
    assert Signature.objects.filter(party=first).exists()
    # Not their turn any more: the next party's page offers it to its own mayor only.
    detail = client_of(people.users[1]).get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    assert reverse("agreements:signature_test_sign", args=[agreement.pk, people.parties[1].pk]) in (
        detail.content.decode()
    )


def test_downloads_and_report_after_everyone_signed(world: World) -> None:
    agreement, people = to_signature(world)
    for party, user in zip(people.parties, people.users, strict=True):
        signatures.signature_sign_with_test_certificate(actor=user, party=party)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_FORCE
    last = Signature.objects.order_by("-sequence").first()
    assert last is not None
    report_url = reverse("agreements:signature_report", args=[agreement.pk])
    download = reverse("agreements:signed_file_download", args=[agreement.pk, last.pk])
    for who, expected in (("owner", 200), ("udp", 200), ("other", 404), ("anonymous", 302)):
        assert world.client_for(who).get(report_url).status_code == expected, who
        assert world.client_for(who).get(download).status_code == expected, who
    page = world.client_for("owner").get(report_url).content.decode()
    assert "3 firme valide" in page and last.sha256 in page
    for person in people.persons:
        assert str(person.tax_code) in page
    body = b"".join(world.client_for("owner").get(download).streaming_content)  # type: ignore[attr-defined]
    assert body == read_file(last.file)
    detail = world.client_for("owner").get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    assert "Scarica il PDF firmato" in detail.content.decode()


def test_state_to_sign_is_the_latest_signed_file(world: World) -> None:
    agreement, people = to_signature(world)
    url = reverse("agreements:signing_state_download", args=[agreement.pk])
    document = signatures.current_document(agreement)
    assert document is not None
    first = b"".join(world.client_for("owner").get(url).streaming_content)  # type: ignore[attr-defined]
    assert first == read_file(document.file)
    signature = signatures.signature_sign_with_test_certificate(
        actor=people.users[0], party=people.parties[0]
    )
    after = b"".join(world.client_for("udp").get(url).streaming_content)  # type: ignore[attr-defined]
    assert after == read_file(signature.file)
    assert world.client_for("other").get(url).status_code == 404
    assert world.client_for("anonymous").get(url).status_code == 302


def test_to_sign_list_by_role(world: World) -> None:
    agreement, people = to_signature(world)
    url = reverse("agreements:to_sign")
    assert world.client_for("anonymous").get(url).status_code == 302
    assert agreement.title not in world.client_for("other").get(url).content.decode()
    owner_page = world.client_for("owner").get(url).content.decode()  # Ypsilon's officer: its party is first
    assert agreement.title in owner_page and "carica il file firmato" in owner_page
    mayor_x = client_of(people.users[1]).get(url).content.decode()  # second in the order: waits for Ypsilon
    assert "In attesa di:" in mayor_x and "Comune di Ypsilon" in mayor_x
    udp_page = world.client_for("udp").get(url).content.decode()
    assert udp_page.count(agreement.title) == 3  # all three parties still to sign


@pytest.mark.parametrize("count", [1, 3])
def test_query_counts_do_not_grow_with_rows(world: World, count: int, django_assert_num_queries: Any) -> None:
    agreement = None
    for index in range(count):
        agreement, people = to_signature(world, title=f"Accordo {index}")
        signatures.signature_sign_with_test_certificate(actor=people.users[0], party=people.parties[0])
    assert agreement is not None
    client = world.client_for("udp")
    # session, user; waiting parties (roles, visible agreements and person as subqueries); all their parties;
    # the page's own permission lookups
    with django_assert_num_queries(5):
        assert client.get(reverse("agreements:to_sign")).status_code == 200
    # session, user; the visible agreement and its prefetches (signed copies of a registered act included);
    # the signatures with their parties, signers and documents; the trust anchors need none
    with django_assert_num_queries(11):
        assert client.get(reverse("agreements:signature_report", args=[agreement.pk])).status_code == 200
