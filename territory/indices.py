"""The demographic indices of the profile, each written once: its age bands, its formula as the user reads it, and
its value from the bands' sums (docs/territorial-profile.md). DOMAIN.md: indice di vecchiaia = 65+ / 0-14 x 100;
dipendenza strutturale = (0-14 + 65+) / (15-64) x 100; dipendenza anziani = 65+ / (15-64) x 100; shares of over-65s,
over-75s and minors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, F, Func, Sum
from django.utils.translation import gettext_lazy as _

from territory.models import AGE_FIELDS

# Age bands in completed years, both ends included; 100 is "100 and over".
BANDS: dict[str, tuple[int, int]] = {
    "under15": (0, 14),
    "age15_64": (15, 64),
    "over65": (65, 100),
    "over75": (75, 100),
    "minors": (0, 17),
    "total": (0, 100),
}


class _Plus(Func):
    """``(a0 + a1 + …)`` written flat: Django nests each ``+`` in parentheses, which overflows SQLite's parser stack
    beyond a few dozen terms."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = BigIntegerField()


def band_sum(band: str) -> Func | F:
    """The band's residents of one row: its stored column for the indices' bands, else one SQL expression over the age
    columns."""
    if band in BANDS:
        return F(band)
    first, last = _bounds(band)
    return _Plus(*(F(name) for name in AGE_FIELDS[first : last + 1]))


def _bounds(band: str) -> tuple[int, int]:
    """A band named "a<first>_<last>" (e.g. a0_4 for a pyramid), both ends included."""
    first, last = band.removeprefix("a").split("_")
    return int(first), int(last)


def band_counts(counts: list[int]) -> dict[str, int]:
    """The indices' bands of one row of ages (what the loader stores beside them)."""
    return {band: sum(counts[first : last + 1]) for band, (first, last) in BANDS.items()}


def band_aggregates() -> dict[str, Sum]:
    """SUM of every band over the grouped rows: one query gives every index of every area."""
    return {band: Sum(band_sum(band)) for band in BANDS}


@dataclass(frozen=True)
class Index:
    code: str
    name: object  # lazy text
    formula: object  # lazy text, shown beside the value
    numerator: tuple[str, ...]
    denominator: str
    per: int = 100

    def value(self, bands: Mapping[str, int | None]) -> Decimal | None:
        """To two decimals (half up); None when the denominator is zero or a band is missing."""
        denominator = bands.get(self.denominator)
        parts = [bands.get(band) for band in self.numerator]
        if not denominator or any(part is None for part in parts):
            return None
        numerator = sum(part or 0 for part in parts)
        return (Decimal(numerator) * self.per / Decimal(denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


INDICES: list[Index] = [
    Index(
        "vecchiaia",
        _("Indice di vecchiaia"),
        _("residenti di 65 anni e più / residenti di 0-14 anni × 100"),
        ("over65",),
        "under15",
    ),
    Index(
        "dipendenza_strutturale",
        _("Indice di dipendenza strutturale"),
        _("(residenti di 0-14 anni + residenti di 65 anni e più) / residenti di 15-64 anni × 100"),
        ("under15", "over65"),
        "age15_64",
    ),
    Index(
        "dipendenza_anziani",
        _("Indice di dipendenza degli anziani"),
        _("residenti di 65 anni e più / residenti di 15-64 anni × 100"),
        ("over65",),
        "age15_64",
    ),
    Index(
        "quota_over65",
        _("Quota di over 65"),
        _("residenti di 65 anni e più / residenti × 100"),
        ("over65",),
        "total",
    ),
    Index(
        "quota_over75",
        _("Quota di over 75"),
        _("residenti di 75 anni e più / residenti × 100"),
        ("over75",),
        "total",
    ),
    Index(
        "quota_minori",
        _("Quota di minori"),
        _("residenti di 0-17 anni / residenti × 100"),
        ("minors",),
        "total",
    ),
]
INDEX_BY_CODE = {index.code: index for index in INDICES}


def change_percent(before: int | None, after: int | None) -> Decimal | None:
    """The change of residents between two dates, in percent of the first (two decimals, half up)."""
    if not before or after is None:
        return None
    return (Decimal(after - before) * 100 / Decimal(before)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
