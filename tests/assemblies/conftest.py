"""Fixtures of the assemblies tests."""

import pytest

from tests.assemblies.helpers import Assembly, build_assembly
from tests.worlds import World


@pytest.fixture
def assembly(world: World) -> Assembly:
    return build_assembly(world)
