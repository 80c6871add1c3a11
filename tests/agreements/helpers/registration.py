"""Acts signed outside the app, as an Ufficio di Piano finds them: a PAdES PDF, a CAdES .p7m (parallel or
nested signatures), a scan; signed with certificates of the local test CA, or of a CA nobody trusts."""

import asyncio
from datetime import date

from django.conf import settings

from agreements import services
from agreements.models import Agreement, AgreementKind
from documents import testca
from documents.rendering import render_pdf
from documents.signing import sign_pdf
from governance.models import Person
from governance.services import person_create
from tests.worlds import World

# Valid codici fiscali (check character included) for the signatories of the acts below.
SIGNATORIES = [("Ada", "Ypsilonni", "YPSDAA80A41H501V"), ("Mario", "Rossi", "RSSMRA80A01H501U")]


def old_convention(world: World, *, end: date | None = date(2020, 12, 31)) -> Agreement:
    """A convention of ambito A between Y and X, signed on paper years ago, drafted into the app as text."""
    agreement = services.agreement_create(
        actor=world.udp,
        ambito=world.ambito_a,
        kind=AgreementKind.CONVENZIONE,
        title="Convenzione storica",
        start_date=date(2018, 1, 1),
        end_date=end,
    )
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="Oggetto", body="Testo.", expected_revision=None
    )
    for (given, family, tax_code), organization in zip(SIGNATORIES, (world.y, world.x), strict=True):
        person = Person.objects.filter(tax_code=tax_code).first() or person_create(
            actor=None, given_name=given, family_name=family, tax_code=tax_code
        )
        services.party_add(actor=world.udp, agreement=agreement, organization=organization, signatory=person)
    return agreement


def act_pdf() -> bytes:
    return render_pdf(
        "<h1>Convenzione storica</h1><p>Testo firmato.</p>", title="Convenzione storica"
    ).content


def certificate(
    given: str, family: str, tax_code: str | None, *, ca: testca.TestCA | None = None
) -> testca.IssuedCertificate:
    authority = ca or testca.persistent_test_ca(settings.SIGNATURE_TEST_CA_DIR)
    return authority.issue(given_name=given, family_name=family, codice_fiscale=tax_code)


def pades(pdf: bytes, *signers: tuple[str, str, str | None]) -> bytes:
    for position, (given, family, tax_code) in enumerate(signers, start=1):
        signer = testca.make_signer(certificate(given, family, tax_code))
        pdf = sign_pdf(pdf, signer=signer, field_name=f"Firma{position}")
    return pdf


def cades(content: bytes, *signers: tuple[str, str, str | None], ca: testca.TestCA | None = None) -> bytes:
    """A .p7m with one parallel signature per signer over `content`."""
    issued = [certificate(*person, ca=ca) for person in signers]
    first = asyncio.run(
        testca.make_signer(issued[0]).async_sign_general_data(content, "sha256", detached=False)
    )
    if len(issued) == 1:
        return bytes(first.dump())
    from asn1crypto import cms

    signed = first["content"]
    infos = list(signed["signer_infos"])
    certs = list(signed["certificates"])
    for extra in issued[1:]:
        other = asyncio.run(
            testca.make_signer(extra).async_sign_general_data(content, "sha256", detached=False)
        )
        infos.extend(other["content"]["signer_infos"])
        certs.extend(other["content"]["certificates"])
    signed["signer_infos"] = cms.SignerInfos(infos)
    signed["certificates"] = cms.CertificateSet(certs)
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())
