"""Helpers the governance tests and the tests of the apps above share."""

import csv
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from governance import loaders, services
from governance.models import (
    Ambito,
    Organ,
    Organization,
    OrganizationKind,
    Role,
    Seat,
    User,
)
from tests.worlds import World

# The provinces whose comuni the seed acts name (Milano, Cremona, Monza e Brianza).
SEED_PROVINCES = ("015", "019", "108")


@cache
def seed_provinces_csv() -> Path:
    """The official dataset cut down to the seed provinces (about 300 of 7,900 comuni), written once per process:
    what the seeds need, loaded in a fraction of the time. One test still loads the whole country."""
    path = Path(tempfile.mkdtemp(prefix="comuni-seed-")) / "comuni.csv"
    with (
        loaders.COMUNI_CSV.open(encoding="utf-8", newline="") as source,
        path.open("w", encoding="utf-8", newline="") as target,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(row for row in reader if row["province_code"] in SEED_PROVINCES)
    return path


@contextmanager
def seed_provinces_only() -> Iterator[None]:
    """`load_seeds` inside this block loads only the comuni of the seed provinces."""
    full = loaders.COMUNI_CSV
    loaders.COMUNI_CSV = seed_provinces_csv()
    try:
        yield
    finally:
        loaders.COMUNI_CSV = full


# (url name, kwargs from the world, expected status for owner, other, udp). Anonymous always goes to login.
PAGES: list[tuple[str, Callable[[World], dict[str, Any]], tuple[int, int, int]]] = [
    ("home", lambda w: {}, (200, 200, 200)),
    ("governance:organization_list", lambda w: {}, (200, 200, 200)),
    ("governance:organization_detail", lambda w: {"pk": w.y.pk}, (200, 404, 200)),
    ("governance:organization_update", lambda w: {"pk": w.y.pk}, (200, 404, 200)),
    ("governance:mandate_create", lambda w: {"pk": w.y.pk}, (200, 404, 200)),
    ("governance:population_create", lambda w: {"pk": w.y.pk}, (200, 404, 200)),
    ("governance:organization_create", lambda w: {"ambito_pk": w.ambito_a.pk}, (403, 404, 200)),
    ("governance:ambito_list", lambda w: {}, (200, 200, 200)),
    ("governance:ambito_detail", lambda w: {"pk": w.ambito_a.pk}, (200, 404, 200)),
    ("governance:ambito_update", lambda w: {"pk": w.ambito_a.pk}, (403, 404, 200)),
    ("governance:ambito_member_add", lambda w: {"pk": w.ambito_a.pk}, (403, 404, 200)),
    ("governance:organ_create", lambda w: {"pk": w.ambito_a.pk}, (403, 404, 200)),
    ("governance:organ_list", lambda w: {}, (200, 200, 200)),
    ("governance:organ_detail", lambda w: {"pk": w.organ_a.pk}, (200, 404, 200)),
    ("governance:organ_update", lambda w: {"pk": w.organ_a.pk}, (403, 404, 200)),
    ("governance:seat_create", lambda w: {"pk": w.organ_a.pk}, (403, 404, 200)),
    ("governance:seat_update", lambda w: {"pk": w.organ_a.pk, "seat_pk": w.seat_y.pk}, (403, 404, 200)),
    ("governance:person_list", lambda w: {}, (200, 200, 200)),
    ("governance:person_detail", lambda w: {"pk": w.person_y.pk}, (200, 404, 200)),
    ("governance:person_update", lambda w: {"pk": w.person_y.pk}, (200, 404, 200)),
    ("governance:mandate_update", lambda w: {"pk": w.person_y.mandates.get().pk}, (200, 404, 200)),
    ("subambiti:subambito_list", lambda w: {}, (200, 200, 200)),
    ("subambiti:subambito_detail", lambda w: {"pk": w.subambito.pk}, (200, 404, 200)),
    ("subambiti:subambito_update", lambda w: {"pk": w.subambito.pk}, (403, 404, 200)),
    ("subambiti:member_add", lambda w: {"pk": w.subambito.pk}, (403, 404, 200)),
    ("subambiti:subambito_create", lambda w: {"pk": w.ambito_a.pk}, (403, 404, 200)),
]


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
