"""Shared fixtures: a small registry with two ambiti, and one user per point of view.

The four points of view every page and endpoint is tested from:
- owner: an operatore comunale of Comune Y (member of ambito A);
- other: an operatore comunale of Comune W (capofila of ambito B);
- udp: Ufficio di Piano of ambito A (acting for its capofila, Comune X);
- anonymous.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from documents.testca import IssuedCertificate, TestCA
from tests.shared_worlds import open_shared_world, release, release_unless_wanted, take_shared_world
from tests.worlds import World, build_world


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the product's language: a request in English activates it for the thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def world_is_shared(request: pytest.FixtureRequest) -> bool:
    return open_shared_world(request, "world", build_world)


@pytest.fixture
def world(request: pytest.FixtureRequest, world_is_shared: bool, db: Any) -> World:
    """The small registry above: shared by the tests of a file, each test rolled back (tests/shared_worlds.py)."""
    return take_shared_world(request, world_is_shared, build_world)


@pytest.fixture(scope="session", autouse=True)
def certificates_issued_once() -> Iterator[None]:
    """A test certificate costs an RSA key: one with the default validity is issued once per process for each
    CA and identity, then handed out again (a world rebuilt for the next test gets the same people's)."""
    issue = TestCA.issue
    issued: dict[tuple[Any, ...], IssuedCertificate] = {}

    def issue_once(self: TestCA, **kwargs: Any) -> IssuedCertificate:
        if kwargs.get("not_before") or kwargs.get("not_after"):
            return issue(self, **kwargs)
        key = (self.cert_der, *sorted(kwargs.items()))
        if key not in issued:
            issued[key] = issue(self, **kwargs)
        return issued[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TestCA, "issue", issue_once)
        yield


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


@pytest.fixture
def worker_factory(committed_world: World, tmp_path: Path) -> Iterator[Any]:
    """Real Celery worker processes (tests/worker_process.py) on the committed world, for fault tests that kill them;
    each started one is stopped at the end. Their media folder is the test's own (private_media uses tmp_path too)."""
    from tests.worker_process import WorkerProcess

    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(
            media_root=tmp_path, log=tmp_path / "worker.log", render_time_limit=60, redelivery_seconds=4
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
