"""Sub-ambiti: members come from the ambito, one sub-ambito at a time; edits need the Ufficio di Piano."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import permissions
from subambiti import services
from subambiti.models import SubAmbito
from tests.worlds import World


def test_members_must_belong_to_the_ambito(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.subambito_member_add(actor=world.udp, subambito=world.subambito, organization=world.w)
    assert "prima far parte dell'ambito" in error.value.message_dict["organization"][0]


def test_a_comune_is_in_one_subambito_of_its_ambito_at_a_time(world: World) -> None:
    second = services.subambito_create(actor=world.udp, ambito=world.ambito_a, number=2, name="Sub-ambito 2")
    with pytest.raises(ValidationError) as error:
        services.subambito_member_add(actor=world.udp, subambito=second, organization=world.z)
    assert "fa già parte" in error.value.message_dict["organization"][0]
    membership = world.subambito.memberships.get(organization=world.z)
    services.subambito_member_end(actor=world.udp, membership=membership, end_date=date(2025, 12, 31))
    services.subambito_member_add(
        actor=world.udp, subambito=second, organization=world.z, start_date=date(2026, 1, 1)
    )
    assert second.memberships.filter(organization=world.z).exists()


def test_the_referente_must_be_a_comune_of_the_ambito(world: World) -> None:
    with pytest.raises(ValidationError):
        services.subambito_create(
            actor=world.udp, ambito=world.ambito_a, number=3, name="S3", referente=world.w
        )
    assert not SubAmbito.objects.filter(number=3).exists()


def test_only_the_ufficio_di_piano_edits_and_the_number_is_unique(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.subambito_update(actor=world.owner, subambito=world.subambito, name="Rinominato")
    with pytest.raises(ValidationError):
        services.subambito_create(actor=world.udp, ambito=world.ambito_a, number=1, name="Doppione")


def test_members_see_their_subambito_and_others_do_not(world: World) -> None:
    assert permissions.has_object_permission(world.owner, world.subambito)
    assert not permissions.has_object_permission(world.other, world.subambito)
    assert permissions.has_object_permission(world.udp, world.subambito, permissions.CHANGE)
