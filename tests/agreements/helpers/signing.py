"""Bring an agreement to signature with a ready PDF, and sign files as the parties' own tools would."""

from dataclasses import dataclass
from datetime import date

from agreements import documents, services
from agreements.models import Agreement, AgreementDocument, AgreementKind, Party, PartyRole
from agreements.models import AgreementStatus as S
from documents import testca
from documents.signing import sign_pdf
from governance.models import Person, User
from governance.services import person_create, role_assign, user_create
from tests.worlds import PASSWORD, World


@dataclass
class Signatories:
    """Who signs for each party: a person with a codice fiscale and a user account linked to them."""

    parties: list[Party]  # in signing order: y (referente), x, z
    persons: list[Person]
    users: list[User]


PEOPLE = [
    ("Ada", "Ypsilonni", "YPSADA80A41H501Y"),
    ("Mario", "Rossi", "RSSMRA80A01H501U"),
    ("Luca", "Bianchi", "BNCLCU75C12D969I"),
]


def to_signature(world: World, *, title: str = "Convenzione di sub-ambito") -> tuple[Agreement, Signatories]:
    """A three-party agreement in signature, its PDF rendered (as the worker does)."""
    agreement = services.agreement_create(
        actor=world.udp,
        ambito=world.ambito_a,
        kind=AgreementKind.CONVENZIONE,
        title=title,
        starts_on_signature=True,
        until_event="l'approvazione del nuovo Piano di Zona",
        place="Crema",
    )
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="Oggetto", body="Testo.", expected_revision=None
    )
    parties, persons, users = [], [], []
    for order, ((given, family, tax_code), organization) in enumerate(
        zip(PEOPLE, (world.y, world.x, world.z), strict=True), start=1
    ):
        person = Person.objects.filter(tax_code=tax_code).first() or person_create(
            actor=None, given_name=given, family_name=family, tax_code=tax_code
        )
        user = User.objects.filter(person=person).first()
        if user is None:
            user = user_create(actor=None, username=f"sindaco.{family.lower()}", password=PASSWORD)
            user.person = person
            user.save(update_fields=["person"])
            role_assign(actor=None, user=user, organization=organization, role="sindaco")
        party = services.party_add(
            actor=world.udp,
            agreement=agreement,
            organization=organization,
            role=PartyRole.REFERENTE if order == 1 else PartyRole.FIRMATARIO,
            signing_order=order,
            signatory=person,
            signatory_capacity="Sindaco pro tempore",
        )
        parties.append(party)
        persons.append(person)
        users.append(user)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    for party in parties:
        services.party_record_authorisation(
            actor=world.udp,
            party=party,
            organ_name="Consiglio Comunale",
            act_number="12",
            act_date=date(2024, 3, 1),
        )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    document = AgreementDocument.objects.get(agreement=agreement)
    documents.render(document.pk)  # what the worker does
    return agreement, Signatories(parties=parties, persons=persons, users=users)


def certificate_of(person: Person, **overrides: object) -> testca.IssuedCertificate:
    """The person's certificate from the configured test CA (the same one the built-in signer uses)."""
    return testca.certificate_for(person)[0]


def signed_by(pdf: bytes, issued: testca.IssuedCertificate, field: str) -> bytes:
    return sign_pdf(pdf, signer=testca.make_signer(issued), field_name=field)
