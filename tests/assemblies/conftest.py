"""Fixtures of the assemblies tests."""

from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from tests.assemblies.helpers import Assembly, build_assembly
from tests.worlds import World


@pytest.fixture
def assembly(world: World) -> Assembly:
    return build_assembly(world)


@pytest.fixture
def worker(committed_world: World) -> Iterator[Any]:
    """The real Celery worker (through Redis), on the committed world."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running
