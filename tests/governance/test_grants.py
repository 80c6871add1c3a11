"""The grants a write recomputes: only those of the rows it changed, so its cost does not grow with the ambito;
and after any write, a full recomputation finds nothing to add or remove (every test using a shared world checks
that too, when it ends: tests/shared_worlds.py)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services as agreements
from agreements.models import AgreementKind, PartyRole
from governance import permissions, services
from governance.models import Ambito, Organization, OrganizationKind, Role
from subambiti import services as subambiti
from tests.agreements.helpers.drafting import S, bring_in_force, draft
from tests.worlds import World, make_user

MEMBER_ROLES = (Role.OPERATORE_COMUNALE, Role.SINDACO)


def new_comune(world: World, number: int) -> Organization:
    return services.organization_create(
        actor=None,
        ambito=None,
        kind=OrganizationKind.COMUNE,
        name=f"Comune {number}",
        istat_code=f"0199{number:02d}",
        province=world.x.province,
    )


def grow_ambito_a(world: World, comuni: int) -> None:
    """More comuni in ambito A, each with a user in every member role, and drafts with them as parties."""
    for number in range(20, 20 + comuni):
        comune = new_comune(world, number)
        services.ambito_member_add(actor=None, ambito=world.ambito_a, organization=comune)
        for role in MEMBER_ROLES:
            make_user(f"u{number}-{role}", comune, role)
        agreement = draft(world)
        agreements.party_add(
            actor=world.udp, agreement=agreement, organization=comune, role=PartyRole.ADERENTE
        )


def queries(write: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        write()
    return len(captured)


def test_each_write_costs_the_same_queries_however_large_the_ambito(world: World) -> None:
    joining = iter(range(60, 70))
    newcomers = iter(range(100))

    def create_agreement() -> None:
        agreements.agreement_create(
            actor=world.udp,
            ambito=world.ambito_a,
            kind=AgreementKind.CONVENZIONE,
            title="Convenzione",
            starts_on_signature=True,
            duration_months=36,
        )

    drafts = iter([draft(world) for _round in range(2)])

    def add_party() -> None:
        agreements.party_add(
            actor=world.udp, agreement=next(drafts), organization=world.w, role=PartyRole.ADERENTE
        )

    def join_ambito() -> None:
        services.ambito_member_add(
            actor=None, ambito=world.ambito_a, organization=new_comune(world, next(joining))
        )

    def assign_role() -> None:
        make_user(f"nuovo-{next(newcomers)}", world.y, Role.OPERATORE_COMUNALE)

    writes = {"create": create_agreement, "party": add_party, "join": join_ambito, "role": assign_role}
    queries(create_agreement)  # warm the caches (content types) so both rounds start alike
    small = {name: queries(write) for name, write in writes.items()}
    grow_ambito_a(world, 12)
    large = {name: queries(write) for name, write in writes.items()}
    assert large == small


def test_a_new_capofila_takes_the_whole_ambito_over(world: World) -> None:
    agreement = draft(world)
    assert permissions.has_object_permission(world.udp, agreement, permissions.CHANGE)
    services.ambito_update(actor=None, ambito=world.ambito_a, capofila=world.y)
    office_of_y = make_user("udp-y", world.y, Role.UFFICIO_DI_PIANO)
    assert permissions.has_object_permission(office_of_y, agreement, permissions.CHANGE)
    assert permissions.has_object_permission(office_of_y, world.z, permissions.CHANGE)
    # X's office keeps seeing the draft X is a party to, but no longer manages it nor the ambito.
    assert not permissions.has_object_permission(world.udp, agreement, permissions.CHANGE)
    assert not permissions.has_object_permission(world.udp, world.ambito_a)
    assert permissions.regrant_all() == (0, 0)


def test_writes_that_move_things_leave_nothing_to_repair(world: World) -> None:
    agreement = draft(world)
    agreements.party_add(actor=world.udp, agreement=agreement, organization=world.w, role=PartyRole.ADERENTE)
    bring_in_force(world, agreement)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_FORCE
    # A seat moves from Y to Z, an organ gets another managing body, a body registers in ambito B.
    services.seat_update(actor=None, seat=world.seat_y, organization=world.z)
    services.organ_update(actor=None, organ=world.organ_a, managing_body=world.y)
    services.organization_update(actor=None, organization=world.ets, registered_in=world.ambito_b)
    # Z leaves ambito A and its sub-ambito; a new sub-ambito is referred by X.
    membership = world.ambito_a.memberships.get(organization=world.z)
    services.ambito_member_end(actor=None, membership=membership, end_date=date.today() - timedelta(days=1))
    subambiti.subambito_member_end(
        actor=None,
        membership=world.subambito.memberships.get(organization=world.z),
        end_date=date.today() - timedelta(days=1),
    )
    subambiti.subambito_create(
        actor=None, ambito=world.ambito_a, number=2, name="Sub-ambito 2", referente=world.x
    )
    assert permissions.regrant_all() == (0, 0)


def test_the_nightly_refresh_follows_the_calendar(world: World) -> None:
    """A membership that ends tomorrow: the comune still sees the ambito today; the day after, the refresh
    withdraws it, and a second run finds nothing more."""
    zeta_user = make_user("zeta", world.z, Role.OPERATORE_COMUNALE)
    membership = world.ambito_a.memberships.get(organization=world.z)
    tomorrow = date.today() + timedelta(days=1)
    services.ambito_member_end(actor=None, membership=membership, end_date=tomorrow)
    assert permissions.has_object_permission(zeta_user, world.ambito_a)
    assert permissions.regrant_all(day=tomorrow + timedelta(days=1)) == (0, 1)
    assert not permissions.has_object_permission(zeta_user, world.ambito_a)
    assert permissions.regrant_all(day=tomorrow + timedelta(days=1)) == (0, 0)
    permissions.regrant_all()  # back to today, for the check at the end of the test


def test_a_new_ambito_is_seen_by_its_capofila_office(world: World) -> None:
    led = Ambito.objects.create(name="Ambito C", capofila=world.x)
    assert not permissions.has_object_permission(world.udp, led)
    permissions.regrant(Ambito, [led.pk])
    assert permissions.has_object_permission(world.udp, led, permissions.CHANGE)
