"""Registry writes: bad input is a clear Italian error and leaves nothing half-saved; changes are audited."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from governance import permissions, services
from governance.models import Mandate, Organization, Person, Role
from tests.worlds import World


def counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Mandate.objects.count(),
        AuditEvent.objects.count(),
    )


def test_invalid_codes_are_refused_and_nothing_is_saved(world: World) -> None:
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=world.udp, ambito=world.ambito_a, kind="ets", name="Ente X", tax_code="12345678901"
        )
    assert "cifra di controllo" in error.value.message_dict["tax_code"][0]
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            actor=world.udp, ambito=world.ambito_a, kind="ets", name="Ente X", vat_number="123"
        )
    assert "Partita IVA non valida" in error.value.message_dict["vat_number"][0]
    with pytest.raises(ValidationError) as error:
        services.organization_update(actor=world.udp, organization=world.z, tax_code="ABC")
    assert counts() == before
    world.z.refresh_from_db()
    assert world.z.tax_code is None


def test_a_valid_codice_fiscale_is_accepted(world: World) -> None:
    services.organization_update(actor=world.udp, organization=world.z, tax_code="00111540191")
    world.z.refresh_from_db()
    assert world.z.tax_code == "00111540191"


def test_mandate_with_end_before_start_saves_neither_mandate_nor_new_person(world: World) -> None:
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.mandate_create(
            actor=world.udp,
            organization=world.z,
            role="sindaco",
            new_person={"given_name": "Carla", "family_name": "Zetti", "tax_code": "RSSMRA85T10A562S"},
            start_date=date(2024, 6, 10),
            end_date=date(2024, 1, 1),
        )
    assert "data di fine non può precedere" in " ".join(error.value.messages)
    assert counts() == before


def test_person_tax_code_is_checked(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_update(actor=world.udp, person=world.person_y, tax_code="RSSMRA85T10A562X")
    assert "Codice fiscale non valido" in error.value.message_dict["tax_code"][0]


def test_writes_check_object_permissions_first(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=world.other, organization=world.y, pec="a@b.it")
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=world.owner, organization=world.y, name="Altro nome")
    with pytest.raises(PermissionDenied):
        services.ambito_member_add(actor=world.owner, ambito=world.ambito_a, organization=world.w)
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=world.udp, user=world.owner, organization=world.x, role=Role.CAPOFILA)


def test_roles_of_an_ambito_go_only_to_its_capofila_or_gestore(world: World) -> None:
    with pytest.raises(ValidationError):
        services.role_assign(actor=None, user=world.owner, organization=world.y, role=Role.UFFICIO_DI_PIANO)


def test_an_ambito_is_made_of_comuni_one_at_a_time(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.ambito_member_add(actor=world.udp, ambito=world.ambito_a, organization=world.ets)
    assert "composto da comuni" in error.value.message_dict["organization"][0]
    with pytest.raises(ValidationError) as error:
        services.ambito_member_add(actor=None, ambito=world.ambito_b, organization=world.y)
    assert "appartiene già" in error.value.message_dict["organization"][0]
    # After Y leaves A, it may join B from the next day.
    membership = world.ambito_a.memberships.get(organization=world.y)
    services.ambito_member_end(actor=world.udp, membership=membership, end_date=date(2025, 12, 31))
    services.ambito_member_add(
        actor=None, ambito=world.ambito_b, organization=world.y, start_date=date(2026, 1, 1)
    )


def test_changes_leave_an_audit_trail_with_before_and_after(world: World) -> None:
    services.organization_update(actor=world.owner, organization=world.y, pec="protocollo@pec.ypsilon.it")
    event = AuditEvent.objects.filter(object_id=str(world.y.pk), action="update").get()
    assert event.actor == world.owner
    assert event.changes["pec"] == ["", "protocollo@pec.ypsilon.it"]


def test_leaving_an_ambito_withdraws_its_visibility(world: World) -> None:
    assert permissions.has_object_permission(world.owner, world.ambito_a)
    membership = world.ambito_a.memberships.get(organization=world.y)
    services.ambito_member_end(actor=world.udp, membership=membership, end_date=date(2020, 12, 31))
    assert not permissions.has_object_permission(world.owner, world.ambito_a)
    # The Ufficio di Piano still sees the comune's record: it is part of the ambito's history.
    assert permissions.has_object_permission(world.udp, world.y)


def test_bodies_met_in_a_shared_organ_are_visible_but_not_editable(world: World) -> None:
    shared = services.organ_create(
        actor=None, ambiti=[world.ambito_a, world.ambito_b], kind="altro", name="Tavolo"
    )
    services.seat_create(actor=None, organ=shared, organization=world.w, capacity="membro")
    assert permissions.has_object_permission(world.udp, world.w, permissions.VIEW)
    assert not permissions.has_object_permission(world.udp, world.w, permissions.CHANGE)


def test_anonymous_and_inactive_users_see_nothing(world: World, django_user_model: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.filter_visible(AnonymousUser(), Organization.objects.all()).exists()
    world.owner.is_active = False
    assert not permissions.filter_visible(world.owner, Organization.objects.all()).exists()


def test_admin_grants_roles_through_the_role_service(world: World, client: Any) -> None:
    admin = services.user_create(actor=None, username="root", password="x")
    services.role_assign(actor=None, user=admin, organization=world.x, role=Role.AMMINISTRATORE)
    client.force_login(admin)
    newcomer = services.user_create(actor=None, username="nuovo", password="x")
    response = client.post(
        "/admin/governance/roleassignment/add/",
        {"user": newcomer.pk, "organization": world.z.pk, "role": Role.OPERATORE_COMUNALE},
    )
    assert response.status_code == 302
    assert permissions.has_object_permission(newcomer, world.z, permissions.CHANGE)
    assert client.get("/admin/governance/organization/").status_code == 200
