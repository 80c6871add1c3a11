"""Fixtures of the territorial profile's tests."""

from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from tests.worlds import World


@pytest.fixture
def worker(committed_world: World, private_media: Any) -> Iterator[Any]:
    """The real Celery worker (through Redis), on the committed world, with this test's own media folder."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running
