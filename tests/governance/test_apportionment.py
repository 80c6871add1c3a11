"""The split any app uses: to the cent by weights, and by the population at 31/12 of the year before."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.apportionment import population_weights, split_largest_remainder
from tests.worlds import World


def test_a_split_by_population_sums_to_the_total(world: World) -> None:
    for comune, population, day in ((world.x, 1000, date(2024, 12, 31)), (world.y, 2000, date(2025, 1, 1))):
        services.population_figure_record(
            actor=None, organization=comune, reference_date=day, population=population
        )
    weights = population_weights([world.x, world.y], 2025)
    assert weights == [1000, 2000]
    parts = split_largest_remainder(Decimal("100.00"), weights)
    assert parts == [Decimal("33.33"), Decimal("66.67")] and sum(parts) == Decimal("100.00")


def test_a_missing_figure_names_the_body_and_splits_nothing(world: World) -> None:
    services.population_figure_record(
        actor=None, organization=world.x, reference_date=date(2025, 1, 1), population=1000
    )
    with pytest.raises(ValidationError, match=r"31/12/2024 di: Comune di Ypsilon"):
        population_weights([world.x, world.y], 2025)
