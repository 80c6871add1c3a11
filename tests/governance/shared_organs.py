"""A shared organ for permission tests: the shape of the Consiglio InterAmbiti (seed 001).

Consiglio (ambiti A, B and C; no managing body named)
  seat of X   for ambito A (X: capofila of A)
  seat of W   for ambito B (W: capofila of B)
  seat of the Consorzio, one seat for ambiti B and C (registered in B, capofila of C)
udp_b: Ufficio di Piano of W (ambito B); udp_c: Ufficio di Piano of the Consorzio (ambito C)
"""

from dataclasses import dataclass

from governance import services
from governance.models import Ambito, Organ, Organization, OrganizationKind, Role, Seat, User


@dataclass
class SharedOrgan:
    organ: Organ
    ambito_c: Ambito
    consorzio: Organization
    seat_x: Seat
    seat_w: Seat
    seat_consorzio: Seat
    udp_b: User
    udp_c: User


def build_shared_organ(*, ambito_a: Ambito, ambito_b: Ambito, password: str) -> SharedOrgan:
    x, w = ambito_a.capofila, ambito_b.capofila
    assert x is not None and w is not None
    consorzio = services.organization_create(
        actor=None, ambito=ambito_b, kind=OrganizationKind.AZIENDA_SPECIALE, name="Consorzio Due Ambiti"
    )
    ambito_c = Ambito.objects.create(name="Ambito C", capofila=consorzio, province=ambito_a.province)
    organ = services.organ_create(
        actor=None,
        ambiti=[ambito_a, ambito_b, ambito_c],
        kind="consiglio_interambiti",
        name="Consiglio Tre Ambiti",
    )
    seat_x = services.seat_create(actor=None, organ=organ, organization=x, capacity="membro")
    seat_w = services.seat_create(actor=None, organ=organ, organization=w, capacity="membro")
    seat_consorzio = services.seat_create(actor=None, organ=organ, organization=consorzio, capacity="membro")
    users = []
    for username, organization in (("udp_b", w), ("udp_c", consorzio)):
        user = services.user_create(actor=None, username=username, password=password)
        services.role_assign(actor=None, user=user, organization=organization, role=Role.UFFICIO_DI_PIANO)
        users.append(user)
    return SharedOrgan(organ, ambito_c, consorzio, seat_x, seat_w, seat_consorzio, users[0], users[1])
