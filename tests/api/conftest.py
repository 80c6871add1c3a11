"""Fixtures of the API tests: a small registry built through the services, and one token client per point
of view.

The registry (every row made by the same services the API calls, with actor=None = the system):

    Lombardia > Milano (MI), Bergamo (BG)
    Ambito A  capofila Comune X; members X, Y, Z (since 2020-01-01)
    Ambito B  capofila Comune W; member W
    ATS       an ASL seated (invitato) in Assemblea A, in nobody's registry
    Assemblea A (organ of ambito A): seats X (presidente), Y (membro), ATS (invitato), Sara Segreti (segretario,
              a person without an organization)
    Assemblea B (organ of ambito B): seat W (presidente)
    Mandates  Ada Xeni sindaco of X, Bice Ypsi sindaco of Y, Carlo Wolf sindaco of W, Dario Atsi direttore of ATS
    Population 2023-01-01 of X, Y, Z, W
    Sub-ambito A1 of A (referente Y): members Y, Z; sub-ambito B1 of B (referente W): member W

The points of view:
    owner  operatore comunale of Comune Y ("the owner organization")
    other  operatore comunale of Comune W ("another organization", in another ambito)
    udp    Ufficio di Piano of ambito A (acting for its capofila, Comune X)
    anonymous
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agreements.models import Agreement
from governance import permissions, services
from governance.models import (
    Ambito,
    Mandate,
    Organization,
    OrganizationKind,
    Province,
    Region,
    Role,
    User,
)
from subambiti import services as subambiti_services
from tests.api.helpers import SINCE, ApiFor, ClientFor, Registry, in_approval
from tests.shared_worlds import open_shared_world, take_shared_world
from tests.worlds import World


def comune(name: str, istat_code: str, province: Province) -> Organization:
    return services.organization_create(
        actor=None,
        ambito=None,
        kind=OrganizationKind.COMUNE,
        name=name,
        istat_code=istat_code,
        province=province,
    )


def mandate(organization: Organization, role: str, given_name: str, family_name: str) -> Mandate:
    return services.mandate_create(
        actor=None,
        organization=organization,
        role=role,
        new_person={"given_name": given_name, "family_name": family_name},
        start_date=dt.date(2021, 10, 4),
    )


def user_with_role(username: str, organization: Organization, role: str) -> User:
    user = services.user_create(actor=None, username=username, password=None)
    services.role_assign(actor=None, user=user, organization=organization, role=role)
    return user


@pytest.fixture
def registry_is_shared(request: pytest.FixtureRequest) -> bool:
    return open_shared_world(request, "registry", build_registry)


@pytest.fixture
def registry(request: pytest.FixtureRequest, registry_is_shared: bool, db: Any) -> Registry:
    """Shared by the tests of a file, each test rolled back (tests/shared_worlds.py)."""
    return take_shared_world(request, registry_is_shared, build_registry)


def build_registry() -> Registry:
    lombardia = Region.objects.create(code="03", name="Lombardia")
    milano = Province.objects.create(code="015", name="Milano", abbreviation="MI", region=lombardia)
    bergamo = Province.objects.create(code="016", name="Bergamo", abbreviation="BG", region=lombardia)
    x = comune("Xenia", "015001", milano)
    y = comune("Ypsilon", "015002", milano)
    z = comune("Zeta", "015003", milano)
    w = comune("Wolfsburg", "016001", bergamo)
    ats = services.organization_create(actor=None, ambito=None, kind=OrganizationKind.ASL, name="ATS Città")
    ambito_a = Ambito.objects.create(name="Ambito A", capofila=x, province=milano)
    ambito_b = Ambito.objects.create(name="Ambito B", capofila=w, province=bergamo)
    membership_x, membership_y, membership_z = (
        services.ambito_member_add(actor=None, ambito=ambito_a, organization=member, start_date=SINCE)
        for member in (x, y, z)
    )
    membership_w = services.ambito_member_add(actor=None, ambito=ambito_b, organization=w, start_date=SINCE)

    organ_a = services.organ_create(
        actor=None, ambiti=[ambito_a], kind="assemblea_sindaci", name="Assemblea A"
    )
    organ_b = services.organ_create(
        actor=None, ambiti=[ambito_b], kind="assemblea_sindaci", name="Assemblea B"
    )
    seat_x = services.seat_create(actor=None, organ=organ_a, organization=x, capacity="presidente")
    seat_y = services.seat_create(actor=None, organ=organ_a, organization=y, capacity="membro")
    seat_ats = services.seat_create(
        actor=None, organ=organ_a, organization=ats, capacity="invitato", has_vote=False
    )
    secretary = services.person_create(actor=None, given_name="Sara", family_name="Segreti")
    seat_secretary = services.seat_create(actor=None, organ=organ_a, person=secretary, capacity="segretario")
    seat_w = services.seat_create(actor=None, organ=organ_b, organization=w, capacity="presidente")

    mandate_x = mandate(x, "sindaco", "Ada", "Xeni")
    mandate_y = mandate(y, "sindaco", "Bice", "Ypsi")
    mandate_w = mandate(w, "sindaco", "Carlo", "Wolf")
    mandate_ats = mandate(ats, "direttore", "Dario", "Atsi")

    reference = dt.date(2023, 1, 1)
    for member, population in ((x, 1000), (z, 3000)):
        services.population_figure_record(
            actor=None, organization=member, reference_date=reference, population=population
        )
    population_y = services.population_figure_record(
        actor=None, organization=y, reference_date=reference, population=2000
    )
    population_w = services.population_figure_record(
        actor=None, organization=w, reference_date=reference, population=4000
    )

    subambito_a1 = subambiti_services.subambito_create(
        actor=None, ambito=ambito_a, number=1, name="Sub-ambito A1", referente=y
    )
    subambito_b1 = subambiti_services.subambito_create(
        actor=None, ambito=ambito_b, number=1, name="Sub-ambito B1", referente=w
    )
    sub_membership_y, sub_membership_z = (
        subambiti_services.subambito_member_add(
            actor=None, subambito=subambito_a1, organization=member, start_date=SINCE
        )
        for member in (y, z)
    )
    sub_membership_w = subambiti_services.subambito_member_add(
        actor=None, subambito=subambito_b1, organization=w, start_date=SINCE
    )

    return Registry(
        milano=milano,
        bergamo=bergamo,
        x=x,
        y=y,
        z=z,
        w=w,
        ats=ats,
        ambito_a=ambito_a,
        ambito_b=ambito_b,
        membership_x=membership_x,
        membership_y=membership_y,
        membership_z=membership_z,
        membership_w=membership_w,
        organ_a=organ_a,
        organ_b=organ_b,
        seat_x=seat_x,
        seat_y=seat_y,
        seat_ats=seat_ats,
        seat_secretary=seat_secretary,
        seat_w=seat_w,
        person_x=mandate_x.person,
        person_y=mandate_y.person,
        person_w=mandate_w.person,
        person_ats=mandate_ats.person,
        secretary=secretary,
        mandate_x=mandate_x,
        mandate_y=mandate_y,
        mandate_w=mandate_w,
        mandate_ats=mandate_ats,
        population_y=population_y,
        population_w=population_w,
        subambito_a1=subambito_a1,
        subambito_b1=subambito_b1,
        sub_membership_y=sub_membership_y,
        sub_membership_z=sub_membership_z,
        sub_membership_w=sub_membership_w,
        # Roles last: role_assign computes the grants from the registry as it stands.
        owner=user_with_role("owner", y, Role.OPERATORE_COMUNALE),
        other=user_with_role("other", w, Role.OPERATORE_COMUNALE),
        udp=user_with_role("udp", x, Role.UFFICIO_DI_PIANO),
    )


@pytest.fixture
def api(registry: Registry) -> ApiFor:
    """api("owner") -> a client that sends the owner's token; api("anonymous") sends none."""

    def client_for(who: str) -> APIClient:
        client = APIClient()
        if who != "anonymous":
            user: User = getattr(registry, who)
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def grow(registry: Registry) -> Callable[[], None]:
    """Add many rows that the Ufficio di Piano of ambito A (and, for Comune Y, the owner) can see: used to
    check that no list or detail endpoint makes a query per row."""

    def add_rows() -> None:
        r = registry
        for number in range(2, 6):
            subambiti_services.subambito_create(
                actor=None, ambito=r.ambito_a, number=number, name=f"A{number}"
            )
        for n in range(6):
            member = comune(f"Nuovo {n}", f"0150{50 + n}", r.milano)
            services.ambito_member_add(actor=None, ambito=r.ambito_a, organization=member, start_date=SINCE)
            subambiti_services.subambito_member_add(actor=None, subambito=r.subambito_a1, organization=member)
            services.population_figure_record(
                actor=None, organization=member, reference_date=dt.date(2023, 1, 1), population=100 + n
            )
            services.population_figure_record(
                actor=None, organization=r.y, reference_date=dt.date(2010 + n, 1, 1), population=1900 + n
            )
            holder = mandate(member, "sindaco", f"Nome{n}", f"Cognome{n}")
            services.mandate_create(
                actor=None, organization=r.y, role="assessore", person=holder.person, start_date=SINCE
            )
            services.seat_create(actor=None, organ=r.organ_a, organization=member, capacity="membro")
            services.organ_create(actor=None, ambiti=[r.ambito_a], kind="altro", name=f"Tavolo {n}")
        for n in range(3):
            led = Ambito.objects.create(name=f"Ambito A{n}", capofila=r.x)
            permissions.regrant(Ambito, [led.pk])

    return add_rows


@pytest.fixture
def client_for(world: World) -> ClientFor:
    """client_for("owner") sends the owner's token; client_for("anonymous") sends none."""

    def make(who: str) -> APIClient:
        client = APIClient()
        if who != "anonymous":
            token, _created = Token.objects.get_or_create(user=getattr(world, who))
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def visible(world: World) -> Agreement:
    return in_approval(world)
