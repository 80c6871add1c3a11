"""Shared fixtures: a small registry with two ambiti, and one user per point of view.

The four points of view every page and endpoint is tested from:
- owner: an operatore comunale of Comune Y (member of ambito A);
- other: an operatore comunale of Comune W (capofila of ambito B);
- udp: Ufficio di Piano of ambito A (acting for its capofila, Comune X);
- anonymous.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from governance import services
from governance.models import Ambito, Organ, Organization, OrganizationKind, Person, Role, Seat, User
from subambiti.models import SubAmbito
from subambiti.services import subambito_create, subambito_member_add
from tests.governance.factories import ComuneFactory, ProvinceFactory
from tests.shared_worlds import open_shared_world, release, release_unless_wanted, take_shared_world

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the product's language: a request in English activates it for the thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


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


@pytest.fixture
def world_is_shared(request: pytest.FixtureRequest) -> bool:
    return open_shared_world(request, "world", build_world)


@pytest.fixture
def world(world_is_shared: bool, db: Any) -> World:
    """The small registry above: shared by the tests of a file, each test rolled back (tests/shared_worlds.py)."""
    return take_shared_world(world_is_shared, build_world)


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


@pytest.fixture
def committed_world(transactional_db: Any, request: Any) -> World:
    """The world committed to the database: for what runs on another connection (a Celery worker, the live
    server, a second thread or process)."""
    world: World = request.getfixturevalue("world")
    return world


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    """Uploads and rendered files of this test in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    release_unless_wanted(item, item.config.stash[blocking_manager_key])


@pytest.fixture(scope="session")
def shared_world_session(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Asked for by the first shared world: set up after the test database, so torn down before it goes."""
    yield
    release(django_db_blocker)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run's logs hold no codice fiscale (config/logging.py blanks them): grepped once, at the end."""
    if hasattr(session.config, "workerinput"):  # a pytest-xdist process: the controller greps for all
        return
    from django.conf import settings as django_settings

    from governance.validators import PERSON_TAX_CODE_RE

    log_dir = getattr(django_settings, "TEST_LOG_DIR", None)
    if log_dir is None:
        return
    leaks = [
        f"{path.name}: {line}"
        for path in sorted(log_dir.glob("*.log"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if PERSON_TAX_CODE_RE.search(line)
    ]
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"Codici fiscali nei log della suite ({len(leaks)} righe):", red=True)
            for line in leaks[:20]:
                reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
