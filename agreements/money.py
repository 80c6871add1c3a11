"""Installment schedules of an agreement's money clauses. The split itself (to the cent, by weights or by
population) is governance/apportionment.py, which any app uses."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreements.calendar import add_months
from governance.apportionment import split_largest_remainder


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
