"""Agreements drafted and brought into force through the services, and a template like seed 003's."""

from datetime import date

from django.utils import timezone

from agreements import services
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    Party,
    PartyRole,
    TemplateArticle,
    TemplatePremise,
    TemplateSlot,
)
from tests.worlds import World

S = AgreementStatus


def draft(world: World) -> Agreement:
    agreement = services.agreement_create(
        actor=world.udp,
        ambito=world.ambito_a,
        kind=AgreementKind.CONVENZIONE,
        title="Convenzione di sub-ambito",
        starts_on_signature=True,
        until_event="l'approvazione del nuovo Piano di Zona",
    )
    for order, (organization, role) in enumerate(
        [(world.y, PartyRole.REFERENTE), (world.x, PartyRole.FIRMATARIO), (world.z, PartyRole.FIRMATARIO)],
        start=1,
    ):
        services.party_add(
            actor=world.udp, agreement=agreement, organization=organization, role=role, signing_order=order
        )
    return agreement


def bring_in_force(world: World, agreement: Agreement) -> None:
    if not agreement.versions.filter(articles__isnull=False).exists():
        services.article_save(
            actor=world.udp,
            agreement=agreement,
            number=1,
            title="Finalità",
            body="Testo.",
            expected_revision=None,
        )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    for party in agreement.parties.all():
        services.party_record_authorisation(
            actor=world.udp,
            party=party,
            organ_name="Consiglio Comunale",
            act_number="12",
            act_date=date(2024, 3, 1),
        )
        services.party_update(
            actor=world.udp, party=party, signatory=world.person_y, signatory_capacity="Sindaco pro tempore"
        )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    Party.objects.filter(agreement=agreement).update(
        signed_at=timezone.now()
    )  # what the signing service records
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE, on=date(2024, 4, 1))


def protocollo(world: World) -> AgreementTemplate:
    template = AgreementTemplate.objects.create(kind="protocollo_intesa", title="Protocollo d'intesa AdI")
    TemplateSlot.objects.create(template=template, key="asl", label="Azienda Sanitaria Locale", position=1)
    TemplateSlot.objects.create(
        template=template,
        key="capofila",
        label="Comune capofila dell'ambito",
        role=PartyRole.CAPOFILA,
        position=2,
    )
    TemplatePremise.objects.create(
        template=template,
        section="ricordato",
        position=1,
        text="il Comune di [[capofila.comune]] ed i Comuni dell'Ambito Territoriale di [[ambito.nome]] sono titolari...",
    )
    TemplatePremise.objects.create(
        template=template,
        section="premesso",
        position=2,
        text="la Conferenza Unificata nella seduta del [[data_conferenza_unificata]] ha approvato le Linee Guida",
    )
    TemplateArticle.objects.create(
        template=template,
        number=11,
        title="Tavolo di coordinamento",
        body="Il Coordinamento è affidato al [[capofila.nome]] (C.F. [[capofila.codice_fiscale]]), "
        "rappresentato da [[capofila.rappresentante]], insieme a [[asl.nome]], C.F. [[asl.codice_fiscale]].",
    )
    return template
