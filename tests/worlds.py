"""The small registry most tests start from, and the points of view they test from (see tests/conftest.py)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from governance import services
from governance.models import Ambito, Organ, Organization, OrganizationKind, Person, Role, Seat, User
from subambiti.models import SubAmbito
from subambiti.services import subambito_create, subambito_member_add
from tests.governance.factories import ComuneFactory, ProvinceFactory

PASSWORD = "test-password-123"


@dataclass
class World:
    x: Organization
    y: Organization
    z: Organization
    w: Organization
    ets: Organization
    ambito_a: Ambito
    ambito_b: Ambito
    subambito: SubAmbito
    organ_a: Organ
    organ_b: Organ
    seat_y: Seat
    person_y: Person
    person_w: Person
    owner: User
    other: User
    udp: User

    def client_for(self, who: str) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(self, who))
        return client


def make_user(username: str, organization: Organization, role: str) -> User:
    user = services.user_create(actor=None, username=username, password=PASSWORD)
    services.role_assign(actor=None, user=user, organization=organization, role=role)
    return user


def build_world() -> World:
    province = ProvinceFactory.create()
    x = ComuneFactory.create(name="Xanadu", istat_code="019901", province=province)
    y = ComuneFactory.create(name="Ypsilon", istat_code="019902", province=province)
    z = ComuneFactory.create(name="Zeta", istat_code="019903", province=province)
    w = ComuneFactory.create(name="Wu", istat_code="019904", province=province)
    ambito_a = Ambito.objects.create(name="Ambito A", capofila=x, province=province)
    ambito_b = Ambito.objects.create(name="Ambito B", capofila=w, province=province)
    for comune in (x, y, z):
        services.ambito_member_add(actor=None, ambito=ambito_a, organization=comune)
    services.ambito_member_add(actor=None, ambito=ambito_b, organization=w)
    ets = services.organization_create(
        actor=None,
        ambito=ambito_a,
        kind=OrganizationKind.ETS,
        name="Cooperativa Alfa",
        ets_category="cooperazione",
    )
    subambito = subambito_create(
        actor=None, ambito=ambito_a, number=1, name="Sub-ambito 1 – Ypsilon", referente=y
    )
    subambito_member_add(actor=None, subambito=subambito, organization=y)
    subambito_member_add(actor=None, subambito=subambito, organization=z)
    organ_a = services.organ_create(
        actor=None, ambiti=[ambito_a], kind="assemblea_sindaci", name="Assemblea A"
    )
    organ_b = services.organ_create(
        actor=None, ambiti=[ambito_b], kind="assemblea_sindaci", name="Assemblea B"
    )
    seat_y = services.seat_create(actor=None, organ=organ_a, organization=y, capacity="membro")
    services.seat_create(actor=None, organ=organ_a, organization=x, capacity="presidente")
    services.seat_create(actor=None, organ=organ_b, organization=w, capacity="presidente")
    mandate_y = services.mandate_create(
        actor=None,
        organization=y,
        role="sindaco",
        new_person={"given_name": "Ada", "family_name": "Ypsilonni"},
    )
    mandate_w = services.mandate_create(
        actor=None, organization=w, role="sindaco", new_person={"given_name": "Bruno", "family_name": "Wuwu"}
    )
    return World(
        x=x,
        y=y,
        z=z,
        w=w,
        ets=ets,
        ambito_a=ambito_a,
        ambito_b=ambito_b,
        subambito=subambito,
        organ_a=organ_a,
        organ_b=organ_b,
        seat_y=seat_y,
        person_y=mandate_y.person,
        person_w=mandate_w.person,
        owner=make_user("owner", y, Role.OPERATORE_COMUNALE),
        other=make_user("other", w, Role.OPERATORE_COMUNALE),
        udp=make_user("udp", x, Role.UFFICIO_DI_PIANO),
    )


# The five points of view every page is tested from (tests/budgets, tests/coprogettazione): the ambito's Ufficio di
# Piano, a member comune's officer, another organization, another ambito's Ufficio di Piano, anonymous.
POINTS_OF_VIEW = ("udp", "owner", "other", "udp_b", "anonymous")


def points_of_view(world: World) -> dict[str, Client]:
    users = {
        "udp": world.udp,
        "owner": world.owner,
        "other": world.other,
        "udp_b": make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO),
    }
    found = {}
    for name in POINTS_OF_VIEW:
        client = Client()
        if name in users:
            client.force_login(users[name])
        found[name] = client
    return found


def matrix_mismatches(
    clients: Mapping[str, Client], pages: Mapping[str, dict[str, Any]], matrix: Mapping[str, tuple[int, ...]]
) -> list[str]:
    """Each page fetched from each point of view: the statuses that differ from the matrix's."""
    wrong = []
    for name, arguments in pages.items():
        url = reverse(name, kwargs=arguments)
        for view, expected in zip(POINTS_OF_VIEW, matrix[name], strict=True):
            status = clients[view].get(url).status_code
            if status != expected:
                wrong.append(f"{name} as {view}: {status}, expected {expected}")
    return wrong
