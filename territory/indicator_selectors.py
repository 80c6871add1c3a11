"""Reads of the indicators, ratios and composite indices: their values per area of a level in a year, summed or
averaged in the database with the areas composed as on 1 January of that year (as the population tables are), and
with counts of people assisted under the threshold removed here, before any page, export, map or API sees them.

An indicator sums (counts, amounts), averages weighted by the residents of the same year, or stays per comune. A
ratio sums each side over the area first and divides. A composite index aggregates each component over the areas of
the level, normalises it over every area of the level that has all of them, and weighs them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils.translation import gettext as _

from governance.models import Organization, OrganizationKind
from territory import rules
from territory.models import (
    AgeStructure,
    Aggregation,
    CompositeIndex,
    Indicator,
    IndicatorValue,
    Normalisation,
    PopulationDataset,
    Ratio,
)
from territory.selectors import LEVELS, area_condition, area_figures, comune_path

TWO_PLACES = Decimal("0.01")
Measure = Indicator | Ratio | CompositeIndex


@dataclass(frozen=True)
class Cell:
    """A value as it may be shown: missing (None), suppressed (a count of people assisted under the threshold, whose
    figure is not even kept here), or a number."""

    value: Decimal | None
    suppressed: bool = False

    @property
    def missing(self) -> bool:
        return self.value is None and not self.suppressed

    def exported(self) -> Decimal | str | None:
        """What a CSV, a spreadsheet or the API writes: the number, the threshold sign, or nothing."""
        if self.suppressed:
            return f"<{rules.small_count_threshold()}"
        return self.value


MISSING = Cell(None)


def _cell(value: Decimal | None, people_assisted: bool) -> Cell:
    if rules.suppressed(people_assisted, value):
        return Cell(None, suppressed=True)
    return Cell(value)


@dataclass(frozen=True)
class AreaValue:
    key: int
    name: str
    cell: Cell
    comuni: int  # the area's comuni with a value


def first_of_year(year: int) -> date:
    return date(year, 1, 1)


def _region_filter(region: str) -> Q:
    return Q(comune__province__region__code=region) if region else Q()


# --- indicators ------------------------------------------------------------------------------------------------


def indicator_years(indicator: Indicator) -> list[int]:
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _residents(year: int) -> Subquery:
    """The comune's residents on 1 January of the year (the weight of a mean), NULL when that table is not loaded."""
    rows = (
        AgeStructure.objects.filter(dataset__reference_date=first_of_year(year), comune=OuterRef("comune"))
        .values("comune")
        .annotate(residents=Sum("total"))
        .values("residents")
    )
    return Subquery(rows, output_field=DecimalField(max_digits=20, decimal_places=0))


def indicator_areas(indicator: Indicator, year: int, level: str, region: str = "") -> list[AreaValue]:
    """The indicator's value for every area of the level with data in the year: one GROUP BY query."""
    if indicator.aggregation == Aggregation.NONE and level != "comune":
        return []
    key, name = LEVELS[level]
    rows = IndicatorValue.objects.filter(
        Q(indicator=indicator, year=year)
        & area_condition(level, first_of_year(year))
        & _region_filter(region)
    )
    if indicator.aggregation == Aggregation.MEAN and level != "comune":
        residents = _residents(year)
        value: Any = Sum(F("value") * residents) / Sum(residents)
    else:
        value = Sum("value")
    grouped = rows.values(key, name).annotate(
        v=value, n=Count("comune", distinct=True), hidden=_hidden(indicator, level)
    )
    found = []
    for row in grouped:
        cell = _cell(_rounded(row["v"], 4), indicator.people_assisted)
        if rules.revealed_by_differencing(indicator.people_assisted, row["hidden"]):
            cell = Cell(None, suppressed=True)
        found.append(AreaValue(row[key], row[name], cell, row["n"]))
    return found


def _hidden(indicator: Indicator, level: str) -> Any:
    """The sum of the area's comuni whose own count is suppressed (None where nothing can be hidden): what the
    area's total minus its comuni shown would give away (rules.revealed_by_differencing)."""
    if not indicator.people_assisted or level == "comune" or indicator.aggregation != Aggregation.SUM:
        return Value(None, output_field=DecimalField())
    small = Q(value__gt=0, value__lt=rules.small_count_threshold())
    return Sum(Case(When(small, then=F("value")), default=Value(0), output_field=DecimalField()))


def _rounded(value: Any, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def comuni_per_area(level: str, on: date, region: str = "") -> dict[int, int]:
    """How many comuni each area of the level had on the date: the denominator of "with data"."""
    path = comune_path(level)
    comuni = Organization.objects.filter(kind=OrganizationKind.COMUNE).filter(
        area_condition(level, on, from_comune=True), **({"province__region__code": region} if region else {})
    )
    return {
        row[path]: row["n"] for row in comuni.values(path).annotate(n=Count("pk", distinct=True)).order_by()
    }


def missing_comuni(indicator: Indicator, year: int, region: str = "") -> QuerySet[Organization]:
    """The comuni the indicator should cover in the year (every comune, or the ambito's) that have no value: shown,
    never silently left out."""
    if indicator.ambito is not None:
        scope = Organization.objects.filter(pk__in=rules.comuni_of_ambito_in(indicator.ambito, year))
    else:
        scope = Organization.objects.filter(kind=OrganizationKind.COMUNE)
    if region:
        scope = scope.filter(province__region__code=region)
    present = IndicatorValue.objects.filter(indicator=indicator, year=year).values("comune_id")
    return scope.exclude(pk__in=present).order_by("name")


# --- ratios ----------------------------------------------------------------------------------------------------


def _operand(
    indicator: Indicator | None, band: str, year: int, level: str, region: str
) -> dict[int, tuple[str, Cell, int]]:
    if indicator is not None:
        return {
            area.key: (area.name, area.cell, area.comuni)
            for area in indicator_areas(indicator, year, level, region)
        }
    dataset = PopulationDataset.objects.filter(reference_date=first_of_year(year)).first()
    if dataset is None:
        return {}
    filters: dict[str, Any] = {"comune__province__region__code": region} if region else {}
    return {
        area.key: (area.name, Cell(Decimal(area.bands[band])), 0)
        for area in area_figures(dataset, level, **filters)
    }


def ratio_years(ratio: Ratio) -> list[int]:
    years: set[int] | None = None
    for indicator in (ratio.numerator_indicator, ratio.denominator_indicator):
        if indicator is not None:
            found = set(indicator_years(indicator))
            years = found if years is None else years & found
    if ratio.numerator_band or ratio.denominator_band:
        loaded = {
            day.year
            for day in PopulationDataset.objects.filter(
                reference_date__month=1, reference_date__day=1
            ).values_list("reference_date", flat=True)
        }
        years = loaded if years is None else years & loaded
    return sorted(years or [], reverse=True)


def ratio_areas(ratio: Ratio, year: int, level: str, region: str = "") -> list[AreaValue]:
    """numerator / denominator × multiplier per area, each side summed over the area: two GROUP BY queries."""
    numerators = _operand(ratio.numerator_indicator, ratio.numerator_band, year, level, region)
    denominators = _operand(ratio.denominator_indicator, ratio.denominator_band, year, level, region)
    found = []
    for key, (name, numerator, comuni) in numerators.items():
        if key not in denominators:
            continue
        denominator = denominators[key][1]
        if numerator.suppressed or denominator.suppressed:
            cell = Cell(None, suppressed=True)
        elif numerator.value is None or not denominator.value:
            cell = MISSING
        else:
            cell = Cell(_rounded(numerator.value * ratio.multiplier / denominator.value, 2))
        found.append(AreaValue(key, name, cell, comuni or denominators[key][2]))
    return sorted(found, key=lambda area: (area.name or "", area.key))


# --- composite indices -----------------------------------------------------------------------------------------


def composite_years(composite: CompositeIndex) -> list[int]:
    years: set[int] | None = None
    for component in composite.components.all():
        found = set(indicator_years(component.indicator))
        years = found if years is None else years & found
    return sorted(years or [], reverse=True)


def _normalised(values: dict[int, Decimal], method: str, inverted: bool) -> dict[int, float]:
    numbers = {key: float(value) for key, value in values.items()}
    if not numbers:
        return {}
    if method == Normalisation.Z_SCORE:
        mean = sum(numbers.values()) / len(numbers)
        deviation = math.sqrt(sum((value - mean) ** 2 for value in numbers.values()) / len(numbers))
        scaled = {key: (value - mean) / deviation if deviation else 0.0 for key, value in numbers.items()}
        return {key: -value if inverted else value for key, value in scaled.items()}
    low, high = min(numbers.values()), max(numbers.values())
    scaled = {
        key: (value - low) / (high - low) * 100 if high > low else 50.0 for key, value in numbers.items()
    }
    return {key: 100 - value if inverted else value for key, value in scaled.items()}


def composite_areas(composite: CompositeIndex, year: int, level: str, region: str = "") -> list[AreaValue]:
    """Each component aggregated per area of the level (one query each), normalised over every area of the level
    that has all the components (not only the region shown, so a comune scores the same whatever the filter), then
    Σ weight × normalised / Σ weight. An area where a component's count is suppressed has its score suppressed."""
    components = list(composite.components.select_related("indicator"))
    per_component = [indicator_areas(component.indicator, year, level) for component in components]
    names: dict[int, str] = {}
    complete: set[int] | None = None
    suppressed: set[int] = set()
    for areas in per_component:
        keys = set()
        for area in areas:
            names[area.key] = area.name
            if area.cell.suppressed:
                suppressed.add(area.key)
            if area.cell.value is not None or area.cell.suppressed:
                keys.add(area.key)
        complete = keys if complete is None else complete & keys
    complete = (complete or set()) - suppressed
    normalised = [
        _normalised(
            {
                area.key: area.cell.value
                for area in areas
                if area.key in complete and area.cell.value is not None
            },
            composite.normalisation,
            component.inverted,
        )
        for component, areas in zip(components, per_component, strict=True)
    ]
    total_weight = float(sum(component.weight for component in components))
    in_region = _keys_in_region(level, region, year) if region else None
    found = []
    for key in sorted(names, key=lambda item: (names[item] or "", item)):
        if in_region is not None and key not in in_region:
            continue
        if key in suppressed:
            cell = Cell(None, suppressed=True)
        elif key in complete:
            score = sum(
                float(component.weight) * scores[key]
                for component, scores in zip(components, normalised, strict=True)
            )
            cell = Cell(_rounded(Decimal(str(score / total_weight)), 2))
        else:
            cell = MISSING
        found.append(AreaValue(key, names[key], cell, 0))
    return found


def _keys_in_region(level: str, region: str, year: int) -> set[int]:
    return set(comuni_per_area(level, first_of_year(year), region))


# --- any of the three -----------------------------------------------------------------------------------------


def years_of(measure: Measure) -> list[int]:
    if isinstance(measure, Indicator):
        return indicator_years(measure)
    if isinstance(measure, Ratio):
        return ratio_years(measure)
    return composite_years(measure)


def areas_of(measure: Measure, year: int, level: str, region: str = "") -> list[AreaValue]:
    if isinstance(measure, Indicator):
        return indicator_areas(measure, year, level, region)
    if isinstance(measure, Ratio):
        return ratio_areas(measure, year, level, region)
    return composite_areas(measure, year, level, region)


def unit_of(measure: Measure) -> str:
    """What a value of an indicator, ratio or composite index is counted in (a composite index is a score)."""
    if isinstance(measure, CompositeIndex):
        return str(_("punteggio"))
    return measure.unit


KINDS: dict[str, type[Any]] = {"indicatore": Indicator, "rapporto": Ratio, "composito": CompositeIndex}


def measure_for(kind: str, pk: int) -> Measure | None:
    """An indicator, ratio or composite index by its kind's name in the URL, with what its pages show."""
    if kind not in KINDS:
        return None
    queryset = KINDS[kind].objects.select_related("ambito")
    if kind == "rapporto":
        queryset = queryset.select_related("numerator_indicator", "denominator_indicator")
    if kind == "composito":
        queryset = queryset.prefetch_related("components__indicator")
    found: Measure | None = queryset.filter(pk=pk).first()
    return found


def all_measures() -> dict[str, list[Any]]:
    """Every indicator, ratio and composite index with their ambito: three queries."""
    return {
        "indicators": list(Indicator.objects.select_related("ambito")),
        "ratios": list(
            Ratio.objects.select_related("ambito", "numerator_indicator", "denominator_indicator")
        ),
        "composites": list(
            CompositeIndex.objects.select_related("ambito").prefetch_related("components__indicator")
        ),
    }


@dataclass(frozen=True)
class MeasureValue:
    """One indicator, ratio or composite index for some areas in one year (the year closest to the one asked)."""

    kind: str
    measure: Measure
    year: int
    cells: tuple[Cell, ...]  # one per area asked, in order


def all_years(found: dict[str, list[Any]]) -> dict[tuple[type[Any], int], list[int]]:
    """The years of every measure of ``all_measures()``, newest first, in two queries whatever their number."""
    by_indicator: dict[int, set[int]] = {}
    for indicator_id, year in IndicatorValue.objects.values_list("indicator_id", "year").distinct():
        by_indicator.setdefault(indicator_id, set()).add(year)
    loaded = {
        day.year
        for day in PopulationDataset.objects.filter(
            reference_date__month=1, reference_date__day=1
        ).values_list("reference_date", flat=True)
    }
    years: dict[tuple[type[Any], int], list[int]] = {}
    for indicator in found["indicators"]:
        years[(Indicator, indicator.pk)] = sorted(by_indicator.get(indicator.pk, set()), reverse=True)
    for ratio in found["ratios"]:
        sides = [
            by_indicator.get(indicator_id, set()) if indicator_id else (loaded if band else None)
            for indicator_id, band in (
                (ratio.numerator_indicator_id, ratio.numerator_band),
                (ratio.denominator_indicator_id, ratio.denominator_band),
            )
        ]
        common = set.intersection(*[side for side in sides if side is not None]) if any(sides) else set()
        years[(Ratio, ratio.pk)] = sorted(common, reverse=True)
    for composite in found["composites"]:
        parts = [by_indicator.get(component.indicator_id, set()) for component in composite.components.all()]
        years[(CompositeIndex, composite.pk)] = sorted(
            set.intersection(*parts) if parts else set(), reverse=True
        )
    return years


def values_for_areas(level_keys: list[tuple[str, int]], year: int) -> list[MeasureValue]:
    """Every measure's value for each of the areas given (level, key), in its latest year up to ``year`` (or its
    earliest after, when it has none before): the rows of an area's page and of a comparison. The queries grow with
    the measures defined, never with the comuni."""
    found: list[MeasureValue] = []
    defined = all_measures()
    known = all_years(defined)
    for group in defined.values():
        for measure in group:
            years = known[(type(measure), measure.pk)]
            if not years:
                continue
            up_to = [each for each in years if each <= year]
            chosen = max(up_to) if up_to else min(years)
            by_level: dict[str, dict[int, Cell]] = {}
            for level in {level for level, _key in level_keys}:
                by_level[level] = {row.key: row.cell for row in areas_of(measure, chosen, level)}
            cells = tuple(by_level[level].get(key, MISSING) for level, key in level_keys)
            if any(not cell.missing for cell in cells):
                kind = next(name for name, model in KINDS.items() if isinstance(measure, model))
                found.append(MeasureValue(kind, measure, chosen, cells))
    return found
