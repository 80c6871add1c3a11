"""Splits always sum to the total to the cent (property-based), and installment schedules."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from agreements.money import installment_schedule, split_largest_remainder

cents = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c) / 100)
weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60).filter(
    lambda w: sum(w) > 0
)


@given(total=cents, weights=weights)
def test_a_split_sums_exactly_and_each_part_is_within_a_cent_of_its_exact_share(
    total: Decimal, weights: list[int]
) -> None:
    parts = split_largest_remainder(total, weights)
    assert sum(parts) == total
    assert all(part == part.quantize(Decimal("0.01")) and part >= 0 for part in parts)
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = total * weight / weight_sum
        assert abs(part - exact) < Decimal("0.01")


@given(total=cents, count=st.integers(min_value=1, max_value=50))
def test_equal_parts_differ_by_at_most_one_cent(total: Decimal, count: int) -> None:
    parts = split_largest_remainder(total, [1] * count)
    assert sum(parts) == total
    assert max(parts) - min(parts) <= Decimal("0.01")


def test_the_leftover_cents_go_to_the_largest_remainders_then_to_earlier_parties() -> None:
    assert split_largest_remainder(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert split_largest_remainder(Decimal("10.00"), [1, 2]) == [Decimal("3.33"), Decimal("6.67")]


def test_seed_001_five_shares_of_about_12000_euro() -> None:
    assert split_largest_remainder(Decimal("60000.00"), [1] * 5) == [Decimal("12000.00")] * 5


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (Decimal("-1.00"), [1], "negativo"),
        (Decimal("1.001"), [1], "due decimali"),
        (Decimal("1.00"), [], "Non ci sono parti"),
        (Decimal("1.00"), [0, 0], "zero"),
        (Decimal("1.00"), [1, -1], "negativi"),
    ],
)
def test_bad_input_is_a_clear_error(total: Decimal, weights: list[int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        split_largest_remainder(total, weights)


def test_quarterly_installments_in_advance_over_2024() -> None:
    plan = installment_schedule(Decimal("12000.00"), start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert [(i.sequence, i.due_date, i.amount) for i in plan] == [
        (1, date(2024, 1, 1), Decimal("3000.00")),
        (2, date(2024, 4, 1), Decimal("3000.00")),
        (3, date(2024, 7, 1), Decimal("3000.00")),
        (4, date(2024, 10, 1), Decimal("3000.00")),
    ]
    in_arrears = installment_schedule(
        Decimal("100.00"), start=date(2024, 3, 15), end=date(2024, 12, 31), in_advance=False
    )
    assert [i.due_date for i in in_arrears] == [
        date(2024, 6, 14),
        date(2024, 9, 14),
        date(2024, 12, 14),
        date(2024, 12, 31),
    ]
    assert sum(i.amount for i in in_arrears) == Decimal("100.00")
