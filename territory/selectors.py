"""Reads of the profile: the residents of each area by age band at a dataset's date, summed in the database, with the
areas composed as they were at that date (an ambito's or sub-ambito's memberships over time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet, Sum

from territory.indices import BANDS, INDEX_BY_CODE, INDICES, band_aggregates, band_sum
from territory.models import AgeStructure, PopulationDataset

# Area level -> the path from an age-structure row to the area's key and name.
LEVELS: dict[str, tuple[str, str]] = {
    "comune": ("comune_id", "comune__name"),
    "provincia": ("comune__province_id", "comune__province__name"),
    "regione": ("comune__province__region_id", "comune__province__region__name"),
    "ambito": ("comune__ambito_memberships__ambito_id", "comune__ambito_memberships__ambito__name"),
    "sub_ambito": (
        "comune__subambito_memberships__subambito_id",
        "comune__subambito_memberships__subambito__name",
    ),
}
MEMBERSHIPS = {"ambito": "comune__ambito_memberships", "sub_ambito": "comune__subambito_memberships"}


def _in_force_on(prefix: str, on: date) -> Q:
    """A membership in force on the date; `prefix` is the path to it ("" on the membership itself)."""
    path = f"{prefix}__" if prefix else ""
    return (Q(**{f"{path}start_date__isnull": True}) | Q(**{f"{path}start_date__lte": on})) & (
        Q(**{f"{path}end_date__isnull": True}) | Q(**{f"{path}end_date__gte": on})
    )


def comune_path(level: str) -> str:
    """The area's key said from the comune itself rather than from a row pointing at it."""
    key, _name = LEVELS[level]
    return "pk" if level == "comune" else key.removeprefix("comune__")


def area_condition(level: str, on: date, area: int | None = None, *, from_comune: bool = False) -> Q:
    """Rows (of any model with a `comune`, or the comuni themselves with `from_comune`) that belong to an area of the
    level on the date (to one area when given)."""
    key = comune_path(level) if from_comune else LEVELS[level][0]
    condition = Q()
    if level in MEMBERSHIPS:
        prefix = MEMBERSHIPS[level].removeprefix("comune__") if from_comune else MEMBERSHIPS[level]
        condition &= Q(**{f"{prefix}__isnull": False}) & _in_force_on(prefix, on)
    if area is not None:
        condition &= Q(**{key: area})
    return condition


def rows_at(dataset: PopulationDataset, level: str, area: int | None = None) -> QuerySet[AgeStructure]:
    """The dataset's rows that belong to an area of the level at the dataset's date (to one area when given)."""
    # One filter() call: the conditions hold on the same membership (a multi-valued join).
    return AgeStructure.objects.filter(
        Q(dataset=dataset) & area_condition(level, dataset.reference_date, area)
    )


def comuni_without_rows(
    dataset: PopulationDataset, level: str = "", area: int | None = None, region: str = ""
) -> QuerySet[Any]:
    """The registry's comuni (of the area, or of the region) that the dataset has no rows for: shown as missing,
    never silently left out (a comune formed after the source was written, a source's gap)."""
    from governance.models import Organization, OrganizationKind

    comuni = Organization.objects.filter(kind=OrganizationKind.COMUNE, istat_code__isnull=False)
    if level:
        comuni = comuni.filter(area_condition(level, dataset.reference_date, area, from_comune=True))
    if region:
        comuni = comuni.filter(province__region__code=region)
    present = AgeStructure.objects.filter(dataset=dataset).values("comune_id")
    return comuni.exclude(pk__in=present).distinct().order_by("name")


@dataclass(frozen=True)
class AreaFigures:
    key: int
    name: str
    bands: dict[str, int]

    @property
    def residents(self) -> int:
        return self.bands["total"]

    def index(self, code: str) -> Decimal | None:
        return INDEX_BY_CODE[code].value(self.bands)

    def indices(self) -> dict[str, Decimal | None]:
        return {index.code: index.value(self.bands) for index in INDICES}


def area_figures(
    dataset: PopulationDataset, level: str, area: int | None = None, **filters: Any
) -> list[AreaFigures]:
    """Every area of the level (or the one given) with its bands at the dataset's date: one GROUP BY query, whatever
    the number of comuni. `filters` narrow the rows (e.g. ``comune__province__region__code="03"``)."""
    key, name = LEVELS[level]
    grouped = (
        rows_at(dataset, level, area)
        .filter(**filters)
        .values(key, name)
        .annotate(**band_aggregates())
        .order_by(name, key)
    )
    return [
        AreaFigures(key=row[key], name=row[name], bands={band: int(row[band] or 0) for band in BANDS})
        for row in grouped
    ]


def datasets() -> list[PopulationDataset]:
    """The loaded dates, newest first."""
    return list(PopulationDataset.objects.order_by("-reference_date"))


def dataset_asked(loaded: list[PopulationDataset], wanted: str) -> PopulationDataset | None:
    """The table of the year a page asks for (``?anno=``), or the newest when that year is not loaded."""
    asked = dataset_for(loaded, int(wanted)) if wanted.isdigit() else None
    return asked or dataset_for(loaded, None)


def dataset_for(loaded: list[PopulationDataset], year: int | None) -> PopulationDataset | None:
    """The loaded table of the year asked (None when it is not loaded), or the newest when none is asked."""
    if year is None:
        return loaded[0] if loaded else None
    return next((dataset for dataset in loaded if dataset.reference_date.year == year), None)


def profile_areas(
    dataset: PopulationDataset, level: str, *, region: str = "", search: str = ""
) -> list[AreaFigures]:
    """The areas of a level at the dataset's date, of one region and whose name contains `search` when given: the
    profile page's and the API's rows (one aggregate query; the name filter runs on the aggregated rows)."""
    filters: dict[str, Any] = {"comune__province__region__code": region} if region else {}
    areas = area_figures(dataset, level, **filters)
    if search:
        needle = search.casefold()
        areas = [area for area in areas if needle in (area.name or "").casefold()]
    return areas


PYRAMID_BANDS = [(low, low + 4) for low in range(0, 100, 5)] + [(100, 100)]


@dataclass(frozen=True)
class PyramidRow:
    label: str
    males: int
    females: int


def pyramid(dataset: PopulationDataset, level: str, area: int) -> list[PyramidRow]:
    """The area's residents by five-year band and sex (100 and over on its own), oldest first: one query."""
    names = {f"a{low}_{high}": (low, high) for low, high in PYRAMID_BANDS}
    by_sex = {
        row["sex"]: row
        for row in rows_at(dataset, level, area)
        .values("sex")
        .annotate(**{name: Sum(band_sum(name)) for name in names})
        .order_by("sex")
    }
    rows = []
    for name, (low, high) in reversed(names.items()):
        label = f"{low}-{high}" if high != low else f"{low}+"
        rows.append(
            PyramidRow(
                label,
                int(by_sex.get("M", {}).get(name) or 0),
                int(by_sex.get("F", {}).get(name) or 0),
            )
        )
    return rows


@dataclass(frozen=True)
class TrendRow:
    dataset: PopulationDataset
    figures: AreaFigures | None


def trend(level: str, area: int, loaded: list[PopulationDataset]) -> list[TrendRow]:
    """The area at every loaded date, oldest first: one query per date (two offline years), none per comune."""
    rows = []
    for dataset in sorted(loaded, key=lambda item: item.reference_date):
        found = area_figures(dataset, level, area)
        rows.append(TrendRow(dataset, found[0] if found else None))
    return rows


class MapRow(NamedTuple):
    area: AreaFigures
    istat_code: str
    value: Decimal | None
    ambito: tuple[int, str] | None  # the ambito the comune belonged to at the date: id and name
    subambito: tuple[int, str] | None = None  # likewise its sub-ambito


def map_rows(dataset: PopulationDataset, region_code: str, index_code: str) -> list[MapRow]:
    """The region's comuni with their ISTAT code (the boundaries' ids), the index's value and their ambito and
    sub-ambito at the dataset's date: four queries whatever the number of comuni."""
    from governance.models import AmbitoMembership, Organization
    from subambiti.models import SubAmbitoMembership

    comuni = area_figures(dataset, "comune", comune__province__region__code=region_code)
    codes = dict(
        Organization.objects.filter(pk__in=[area.key for area in comuni]).values_list("pk", "istat_code")
    )
    memberships = AmbitoMembership.objects.filter(
        _in_force_on("", dataset.reference_date), organization__province__region__code=region_code
    )
    ambiti = {
        organization: (ambito, name)
        for organization, ambito, name in memberships.values_list(
            "organization_id", "ambito_id", "ambito__name"
        )
    }
    subambiti = {
        organization: (subambito, name)
        for organization, subambito, name in SubAmbitoMembership.objects.filter(
            _in_force_on("", dataset.reference_date), organization__province__region__code=region_code
        ).values_list("organization_id", "subambito_id", "subambito__name")
    }
    return [
        MapRow(
            area,
            codes.get(area.key) or "",
            area.index(index_code),
            ambiti.get(area.key),
            subambiti.get(area.key),
        )
        for area in comuni
    ]


class AreaChoice(NamedTuple):
    level: str
    key: int
    label: str

    @property
    def token(self) -> str:
        """How a link names the area: ``level:key``."""
        return f"{self.level}:{self.key}"


def _area_rows(level: str) -> Any:
    """The registry rows that are the areas of a level, with what names one unambiguously."""
    from governance.models import Ambito, Organization, OrganizationKind, Province, Region
    from subambiti.models import SubAmbito

    if level == "comune":
        return Organization.objects.filter(kind=OrganizationKind.COMUNE).select_related("province")
    return {
        "provincia": Province.objects.all(),
        "regione": Region.objects.all(),
        "ambito": Ambito.objects.all(),
        "sub_ambito": SubAmbito.objects.select_related("ambito"),
    }[level]


def _choice(level: str, row: Any) -> AreaChoice:
    if level == "comune" and row.province_id:
        return AreaChoice(level, row.pk, f"{row.name} ({row.province.abbreviation})")
    if level == "sub_ambito":
        return AreaChoice(level, row.pk, f"{row.name} ({row.ambito.name})")
    return AreaChoice(level, row.pk, row.name)


def find_areas(level: str, text: str, limit: int = 10) -> list[AreaChoice]:
    """Areas of the level whose name is the text (ignoring case), or else contains it: at most ``limit``."""
    rows = _area_rows(level)
    exact = list(rows.filter(name__iexact=text.strip())[:limit])
    found = exact or list(rows.filter(name__icontains=text.strip()).order_by("name")[:limit])
    return [_choice(level, row) for row in found]


def area_choice(token: str) -> AreaChoice | None:
    """The area a ``level:key`` token names, or None."""
    level, _sep, key = token.partition(":")
    if level not in LEVELS or not key.isdigit():
        return None
    row = _area_rows(level).filter(pk=int(key)).first()
    return _choice(level, row) if row is not None else None
