"""Templates with named blanks (seed 003's protocollo is one): filled from the registry at instantiation;
what stays blank is listed and blocks sending to signature until someone fills it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import (
    AgreementStatus,
    Party,
)
from governance import services as registry
from governance.models import OrganizationKind
from tests.agreements.helpers.drafting import protocollo
from tests.worlds import World

S = AgreementStatus


def test_instantiation_fills_blanks_from_the_registry_and_lists_the_rest(world: World) -> None:
    registry.organization_update(actor=None, organization=world.x, tax_code="00111540191")
    asl = registry.organization_create(
        actor=None, ambito=world.ambito_a, kind=OrganizationKind.ASL, name="ASL di Prova"
    )
    registry.mandate_create(
        actor=None,
        organization=world.x,
        role="sindaco",
        title="Sindaco pro tempore",
        new_person={"given_name": "Carla", "family_name": "Xanadi"},
        start_date=date(2024, 6, 10),
    )
    agreement, open_blanks = services.template_instantiate(
        actor=world.udp,
        template=protocollo(world),
        ambito=world.ambito_a,
        title="Protocollo d'intesa AdI — Ambito A",
        organizations={"asl": asl, "capofila": world.x},
        on=date(2025, 1, 1),
    )
    assert open_blanks == ["[[asl.codice_fiscale]]", "[[data_conferenza_unificata]]"]
    article = agreement.versions.get().articles.get()
    assert (
        "Comune di Xanadu (C.F. 00111540191), rappresentato da Carla Xanadi, Sindaco pro tempore"
        in article.body
    )
    assert "insieme a ASL di Prova, C.F. [[asl.codice_fiscale]]" in article.body
    assert (
        "Comuni dell'Ambito Territoriale di Ambito A"
        in agreement.versions.get().premises.get(position=1).text
    )
    assert [(p.organization, p.role) for p in agreement.parties.all()] == [
        (asl, "firmatario"),
        (world.x, "capofila"),
    ]

    # Unfilled blanks block the step to signature, and the message says where they are.
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    for party in agreement.parties.all():
        services.party_record_authorisation(
            actor=world.udp, party=party, organ_name="Giunta", act_number="1", act_date=date(2025, 1, 2)
        )
        services.party_update(actor=world.udp, party=party, signatory=world.person_y)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    message = error.value.messages[0]
    assert (
        "Premessa 2: [[data_conferenza_unificata]]" in message
        and "Art. 11: [[asl.codice_fiscale]]" in message
    )


def test_filling_a_blank_by_hand(world: World) -> None:
    asl = registry.organization_create(
        actor=None, ambito=world.ambito_a, kind=OrganizationKind.ASL, name="ASL di Prova"
    )
    agreement, _open = services.template_instantiate(
        actor=world.udp,
        template=protocollo(world),
        ambito=world.ambito_a,
        title="Protocollo",
        organizations={"asl": asl, "capofila": world.x},
        values={"data_conferenza_unificata": "10 ottobre 2024"},
    )
    assert "seduta del 10 ottobre 2024" in agreement.versions.get().premises.get(position=2).text
    services.blank_fill(
        actor=world.udp, agreement=agreement, blank="[[asl.codice_fiscale]]", value="01234567890"
    )
    services.blank_fill(
        actor=world.udp, agreement=agreement, blank="[[capofila.codice_fiscale]]", value="00111540191"
    )
    services.blank_fill(
        actor=world.udp, agreement=agreement, blank="[[capofila.rappresentante]]", value="il Sindaco"
    )
    assert services.unfilled_blanks(agreement) == {}
    with pytest.raises(ValidationError, match="non compare nel testo"):
        services.blank_fill(actor=world.udp, agreement=agreement, blank="[[inesistente]]", value="x")


def test_every_slot_needs_an_organization(world: World) -> None:
    with pytest.raises(ValidationError, match="Azienda Sanitaria Locale"):
        services.template_instantiate(
            actor=world.udp,
            template=protocollo(world),
            ambito=world.ambito_a,
            title="T",
            organizations={"capofila": world.x},
        )
    assert not Party.objects.exists()
