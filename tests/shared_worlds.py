"""Worlds built once and shared by the tests that follow, each test rolled back on top of them.

A world (the registry of tests/conftest.py, the API's registry, ...) takes 30 to 45 service writes. Instead of
building it for every test, the first test that asks for it builds it inside an outer transaction that stays
open; every test then runs in pytest-django's own transaction, a savepoint inside the outer one, rolled back
at its end, and gets a deep copy of the world's rows (what a test changes in memory stays with it).

The outer transaction is rolled back, and the world forgotten, as soon as a test does not ask for that world:
- a test that asks for another world (they share usernames and codes, so one at a time);
- a test that asks for no world: it must not see rows it did not create;
- a test that commits (`transactional_db`, `live_server`): its data must reach other connections (a Celery
  worker, the live server's thread), so it builds its own committed world, and the flush that pytest-django
  runs after it empties every table. The next test that wants the shared world builds it again.

With `--dist loadfile` a test file runs whole in one process, so a world is built about once per file that uses
it rather than once per test.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.db import connection, transaction

T = TypeVar("T")

COMMITTING_FIXTURES = ("transactional_db", "live_server")


class _SharedWorld:
    def __init__(self) -> None:
        self.name: str | None = None
        self.value: Any = None
        self.atomic: Any = None

    def holds(self, name: str) -> bool:
        return self.name == name and connection.in_atomic_block

    def open(self, name: str, build: Callable[[], Any]) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        try:
            self.value = build()
        except BaseException:
            self.close()
            raise
        self.name = name

    def close(self) -> None:
        if self.atomic is not None and connection.in_atomic_block:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.name = self.value = self.atomic = None


_shared = _SharedWorld()


def commits(request: pytest.FixtureRequest) -> bool:
    return any(name in request.fixturenames for name in COMMITTING_FIXTURES)


def open_shared_world(request: pytest.FixtureRequest, name: str, build: Callable[[], Any]) -> bool:
    """Before the test's own transaction (`db`) begins: make sure the outer transaction holds world `name`.
    False when the test must build its own world (it commits, or its transaction began first)."""
    if commits(request):
        return False
    if _shared.holds(name):
        return True
    _shared.close()
    if connection.in_atomic_block:
        # The test's own transaction is already open (another fixture asked for `db` first).
        return False
    request.getfixturevalue("shared_world_session")
    with request.getfixturevalue("django_db_blocker").unblock():
        _shared.open(name, build)
    return True


def take_shared_world(request: pytest.FixtureRequest, shared: bool, build: Callable[[], T]) -> T:
    """Inside the test's transaction: a private copy of the shared world, or a world of the test's own.

    When the test ends, before its transaction is rolled back, the stored grants are compared with a full
    recomputation: every write the test made through the services must have left them exact (a test that
    writes around the services on purpose says so with `@pytest.mark.grants_drift`)."""
    if request.node.get_closest_marker("grants_drift") is None:
        request.addfinalizer(_assert_grants_exact)
    return copy.deepcopy(_shared.value) if shared else build()


def _assert_grants_exact() -> None:
    from core.grants import regrant_all

    added, removed = regrant_all()
    assert (added, removed) == (0, 0), (
        f"the writes of this test left the grants {added} short and {removed} over what the rules imply"
    )


def release_unless_wanted(item: pytest.Item, blocker: Any) -> None:
    """Before a test's fixtures are set up: roll the shared world back unless the test asks for it."""
    if _shared.name is None:
        return
    names = getattr(item, "fixturenames", ())
    if _shared.name in names and not any(name in names for name in COMMITTING_FIXTURES):
        return
    with blocker.unblock():
        _shared.close()


def release(blocker: Any) -> None:
    with blocker.unblock():
        _shared.close()
