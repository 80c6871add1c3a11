"""Month arithmetic for validity periods and notice periods, with the checks that compare them."""

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day when the month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_after_months(start: date, months: int) -> date:
    """The last day of a period of `months` starting on `start` (1/4/2012 + 36 months -> 31/3/2015)."""
    return add_months(start, months) - timedelta(days=1)


def whole_months_between(start: date, end: date) -> int | None:
    """How many months [start, end] spans, when it is a whole number of months; else None."""
    months = (end.year - start.year) * 12 + end.month - start.month
    for candidate in (months, months + 1, months - 1):
        if candidate > 0 and end_after_months(start, candidate) == end:
            return candidate
    return None


def validity_mismatch(start: date | None, end: date | None, months: int | None) -> str | None:
    """An Italian sentence when a declared duration disagrees with the declared dates, else None.
    The act's figures are kept as written; the mismatch is shown to whoever drafts or reads it."""
    if start is None or end is None or months is None:
        return None
    if end_after_months(start, months) == end:
        return None
    actual = whole_months_between(start, end)
    days = (end - start).days + 1
    span = (
        ngettext("%(months)d mese", "%(months)d mesi", actual) % {"months": actual}
        if actual is not None
        else ngettext("%(days)d giorno", "%(days)d giorni", days) % {"days": days}
    )
    return _(
        "La durata dichiarata (%(declared)d mesi) non corrisponde alle date: dal %(start)s al %(end)s "
        "sono %(span)s; %(declared)d mesi dal %(start)s terminerebbero il %(expected)s."
    ) % {
        "declared": months,
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
        "span": span,
        "expected": end_after_months(start, months).strftime("%d/%m/%Y"),
    }
