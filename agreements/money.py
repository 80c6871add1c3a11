"""Splitting money among parties, to the cent, and installment schedules.

Every split sums exactly to its total: amounts are computed in whole cents, each party gets the floor of
its exact share, and the cents left over go one each to the largest remainders (ties: the earlier party).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreements.calendar import add_months

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    if amount != amount.quantize(CENT):
        raise ValidationError(_("L'importo %(amount)s ha più di due decimali.") % {"amount": amount})
    return int(amount * 100)


def split_largest_remainder(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split `total` (euro, at most 2 decimals) in proportion to `weights`; the parts sum to `total`."""
    if total < 0:
        raise ValidationError(_("Il totale da ripartire non può essere negativo."))
    if not weights:
        raise ValidationError(_("Non ci sono parti tra cui ripartire."))
    exact_weights = [Decimal(weight) for weight in weights]
    if any(weight < 0 for weight in exact_weights):
        raise ValidationError(_("I pesi del riparto non possono essere negativi."))
    weight_sum = sum(exact_weights, Decimal(0))
    if weight_sum == 0:
        raise ValidationError(_("La somma dei pesi del riparto è zero."))
    cents = to_cents(total)
    exact = [Decimal(cents) * weight / weight_sum for weight in exact_weights]
    floors = [int(value.to_integral_value(rounding=ROUND_FLOOR)) for value in exact]
    leftover = cents - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda index: (-(exact[index] - floors[index]), index))
    for index in by_remainder[:leftover]:
        floors[index] += 1
    return [Decimal(part) / 100 for part in floors]


@dataclass(frozen=True)
class Installment:
    sequence: int
    due_date: date
    amount: Decimal


def installment_schedule(
    amount: Decimal, *, start: date, end: date, every_months: int = 3, in_advance: bool = True
) -> list[Installment]:
    """Equal installments for the periods of `every_months` from `start` to `end` (inclusive), due on the
    first day of each period when paid in advance, else on its last day (seed 001: quarterly, in advance)."""
    if end < start:
        raise ValidationError(_("La data di fine non può precedere la data di inizio."))
    if every_months <= 0:
        raise ValidationError(_("La cadenza delle rate deve essere di almeno un mese."))
    periods: list[tuple[date, date]] = []
    period_start = start
    while period_start <= end:
        next_start = add_months(start, every_months * (len(periods) + 1))
        periods.append((period_start, min(end, date.fromordinal(next_start.toordinal() - 1))))
        period_start = next_start
    amounts = split_largest_remainder(amount, [1] * len(periods))
    return [
        Installment(sequence=number, due_date=first if in_advance else last, amount=part)
        for number, ((first, last), part) in enumerate(zip(periods, amounts, strict=True), start=1)
    ]
