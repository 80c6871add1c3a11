"""Splits always sum to the total to the cent (property-based), installment schedules, and what a withdrawing
party still owes."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from agreements import selectors, services
from agreements.models import MoneyClause, SplitCriterion
from agreements.money import installment_schedule
from governance.apportionment import split_largest_remainder
from governance.models import Organization
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.money import quarterly_clause
from tests.worlds import World

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


# --- a withdrawing party's share: owed until its withdrawal takes effect ---------------------------------------


def _in_force_with_quarterly_shares(world: World) -> MoneyClause:
    """Three parties, 300 EUR split equally, quarterly installments in advance over 2024 (25 EUR each)."""
    agreement = draft(world)
    clause = quarterly_clause(world, agreement)
    bring_in_force(world, agreement)
    return clause


def test_a_withdrawing_party_owes_the_installments_due_until_its_withdrawal_takes_effect(
    world: World,
) -> None:
    clause = _in_force_with_quarterly_shares(world)
    share = {s.party.organization: s for s in clause.shares.select_related("party__organization")}
    # Notified 31/1: effective 31/7 (6 months' notice), after the installments of 1/1, 1/4 and 1/7.
    services.party_withdraw(actor=world.udp, party=share[world.z].party, notified_on=date(2024, 1, 31))
    # Notified 1/4: effective 1/10, the very day the last installment falls due, which is still owed.
    services.party_withdraw(actor=world.udp, party=share[world.x].party, notified_on=date(2024, 4, 1))
    services.payment_record(
        actor=world.udp, share=share[world.z], paid_on=date(2024, 7, 1), amount=Decimal("75.00")
    )
    shares = {s.party.organization: s for s in clause.shares.select_related("party__organization")}

    def balance(organization: Organization, on: date) -> dict[str, Any]:
        return selectors.share_balance(shares[organization], on=on)

    # Before the withdrawal takes effect nothing changes.
    assert (
        balance(world.z, date(2024, 5, 1))["due"]
        == balance(world.y, date(2024, 5, 1))["due"]
        == Decimal("50.00")
    )
    # After it, the installments that fall due later are not owed (not even as a debt for the withdrawn party).
    assert balance(world.z, date(2024, 12, 31)) == {
        "due": Decimal("75.00"),
        "paid": Decimal("75.00"),
        "owed": Decimal("0.00"),
        "total": Decimal("100.00"),
        "next_due": None,
    }
    # The next installment: Ypsilon's of 1/10 on 15/8; none for Zeta, whose withdrawal takes effect on 31/7.
    upcoming = balance(world.y, date(2024, 8, 15))["next_due"]
    assert (upcoming.due_date, upcoming.amount) == (date(2024, 10, 1), Decimal("25.00"))
    assert balance(world.z, date(2024, 7, 15))["next_due"] is None
    assert balance(world.x, date(2024, 12, 31))["due"] == Decimal("100.00")
    # The others' shares are not re-split (seed 000 art. 9: a withdrawal amends the convention, by deliberation).
    assert balance(world.y, date(2024, 12, 31))["due"] == Decimal("100.00")
    assert [s.amount for s in clause.shares.all()] == [Decimal("100.00")] * 3
    # What the withdrawn comune owes on its page counts the same way.
    rows = selectors.agreements_of_organization(user=world.udp, organization=world.z)
    assert [row["owed"] for row in rows] == [Decimal("0.00")]


def test_a_share_without_installments_stays_due_in_full_after_a_withdrawal(world: World) -> None:
    agreement = draft(world)
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota una tantum",
        total=Decimal("90.00"),
        criterion=SplitCriterion.EQUAL,
    )
    bring_in_force(world, agreement)
    share = clause.shares.select_related("party").get(party__organization=world.z)
    services.party_withdraw(actor=world.udp, party=share.party, notified_on=date(2024, 5, 2))
    share = clause.shares.select_related("party").get(pk=share.pk)
    assert selectors.share_balance(share, on=date(2025, 6, 1))["due"] == Decimal("30.00")
