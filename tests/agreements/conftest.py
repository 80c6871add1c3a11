"""Fixtures of the agreements tests."""

import pytest

from tests.agreements.helpers.pages import Agreements, build_agreements
from tests.worlds import World


@pytest.fixture
def agreements(world: World) -> Agreements:
    """An agreement in each stage the editing pages act on (drafting, in approval, in force), with a money
    clause and a template."""
    return build_agreements(world)
