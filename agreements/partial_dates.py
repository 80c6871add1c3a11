"""Dates an act states only in part: «2024», «marzo 2012», «28/03/2012». Stored as the first day of what is
known plus its precision, and always shown at that precision: an unknown day or month is never printed."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from agreements.models import DatePrecision

_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_partial_date(text: str) -> tuple[date, str] | None:
    """«28/03/2012» -> (2012-03-28, day); «03/2012» -> (2012-03-01, month); «2012» -> (2012-01-01, year);
    blank -> None. Anything else is a ValidationError with the accepted forms."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        if match := _DAY.match(value):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day), DatePrecision.DAY
        if match := _ISO_DAY.match(value):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day), DatePrecision.DAY
        if match := _MONTH.match(value):
            month, year = (int(part) for part in match.groups())
            return date(year, month, 1), DatePrecision.MONTH
        if match := _ISO_MONTH.match(value):
            year, month = (int(part) for part in match.groups())
            return date(year, month, 1), DatePrecision.MONTH
        if match := _YEAR.match(value):
            return date(int(match.group(1)), 1, 1), DatePrecision.YEAR
    except ValueError:
        pass
    raise ValidationError(
        _("Data non valida: scrivi il giorno (28/03/2012), solo mese e anno (03/2012) o solo l'anno (2012)."),
        code="invalid_partial_date",
    )


def format_partial_date(value: date | None, precision: str) -> str:
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def as_text(value: date | None, precision: str) -> str:
    """The form field's text for a stored partial date (the inverse of parse_partial_date)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}/{value.year}"
    return value.strftime("%d/%m/%Y")
