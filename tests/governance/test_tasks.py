"""Background tasks through a real Celery worker and the real Redis broker."""

from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from governance import permissions
from governance.models import OrganizationGroupObjectPermission, RoleGroup
from governance.tasks import refresh_role_permissions
from tests.worlds import World


@pytest.fixture
def celery_worker(transactional_db: Any) -> Iterator[Any]:
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def test_permission_refresh_runs_in_the_worker_and_repairs_grants(
    committed_world: World, celery_worker: Any
) -> None:
    group = RoleGroup.objects.get(organization=committed_world.y, role="operatore_comunale").group
    OrganizationGroupObjectPermission.objects.filter(group=group).delete()
    assert not permissions.has_object_permission(committed_world.owner, committed_world.y)

    result = refresh_role_permissions.delay().get(timeout=30)

    assert result["added"] >= 2  # view and change on its own comune
    assert permissions.has_object_permission(committed_world.owner, committed_world.y, permissions.CHANGE)
    assert refresh_role_permissions.delay().get(timeout=30) == {"added": 0, "removed": 0}
