"""Following a comune through ISTAT's administrative changes: a population table or an indicator file written with a
code that is no longer in use (Bardello, Bregano and Malgesso, merged on 1 January 2023 into Bardello con Malgesso e
Bregano) lands on the comune that took its residents, so the time series stay on today's comuni.

Only extinctions (ES: merged into another comune) and changes of province (AP: a new code) move residents whole; a
chain (A into B, later B into C) is followed to its end. A comune formed by splitting others has no old code to
follow: before it existed it is shown as missing. Where the successor is not in the registry yet (the list of comuni
is older than the change) the rows stay unplaced, and are placed when the table is imported again after the list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from governance.importers.istat_changes import FOLLOWED_KINDS
from governance.models import Organization, OrganizationKind
from territory.indices import BANDS, band_counts
from territory.models import (
    AGE_FIELDS,
    AdministrativeChange,
    AgeStructure,
    Aggregation,
    IndicatorImport,
    IndicatorValue,
    PopulationDataset,
)


def comune_ids() -> dict[str, int]:
    rows = Organization.objects.filter(kind=OrganizationKind.COMUNE, istat_code__isnull=False)
    return {code: pk for code, pk in rows.values_list("istat_code", "pk") if code}


def age_structure(dataset: PopulationDataset, comune_id: int, sex: str, counts: list[int]) -> AgeStructure:
    return AgeStructure(
        dataset=dataset,
        comune_id=comune_id,
        sex=sex,
        **band_counts(counts),
        **dict(zip(AGE_FIELDS, counts, strict=True)),
    )


def successors(codes: Iterable[str]) -> dict[str, str]:
    """Old code → the code its residents went to, at the end of the chain; codes no change moves are left out."""
    moves = dict(
        AdministrativeChange.objects.filter(kind__in=FOLLOWED_KINDS)
        .exclude(new_code="")
        .order_by("year", "effective", "line")
        .values_list("old_code", "new_code")
    )
    found: dict[str, str] = {}
    for code in codes:
        current, seen = code, {code}
        while current in moves and moves[current] not in seen:
            current = moves[current]
            seen.add(current)
        if current != code:
            found[code] = current
    return found


@transaction.atomic
def follow_population(dataset: PopulationDataset, comuni: dict[str, int] | None = None) -> dict[str, str]:
    """Adds the dataset's unplaced rows to the comuni that took them; returns what moved (old code → new code)."""
    comuni = comune_ids() if comuni is None else comuni
    moves = {old: new for old, new in successors(dataset.unplaced).items() if new in comuni}
    if not moves:
        return {}
    added: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * len(AGE_FIELDS))
    for old, new in moves.items():
        for sex, counts in dataset.unplaced[old].items():
            total = added[(comuni[new], sex)]
            for age, count in enumerate(counts):
                total[age] += count
    existing = {
        (row.comune_id, row.sex): row
        for row in AgeStructure.objects.filter(dataset=dataset, comune_id__in={key[0] for key in added})
    }
    to_create, to_update = [], []
    for (comune_id, sex), counts in added.items():
        row = existing.get((comune_id, sex))
        if row is None:
            to_create.append(age_structure(dataset, comune_id, sex, counts))
            continue
        merged = [have + more for have, more in zip(row.counts(), counts, strict=True)]
        for name, value in [*zip(AGE_FIELDS, merged, strict=True), *band_counts(merged).items()]:
            setattr(row, name, value)
        to_update.append(row)
    AgeStructure.objects.bulk_create(to_create)
    AgeStructure.objects.bulk_update(to_update, [*AGE_FIELDS, *BANDS])
    totals = AgeStructure.objects.filter(dataset=dataset).aggregate(residents=Sum("total"))
    dataset.unplaced = {code: rows for code, rows in dataset.unplaced.items() if code not in moves}
    dataset.followed = {**dataset.followed, **moves}
    dataset.residents = totals["residents"] or 0
    dataset.comuni = AgeStructure.objects.filter(dataset=dataset).values("comune").distinct().count()
    dataset.save(update_fields=["unplaced", "followed", "residents", "comuni"])
    return moves


@transaction.atomic
def follow_indicator_import(record: IndicatorImport, comuni: dict[str, int] | None = None) -> dict[str, str]:
    """Adds the values of codes no longer in use to their successors, for indicators that are summed (a mean or a
    per-comune index of a merged comune says nothing about the merged whole, so those stay unplaced)."""
    if record.indicator.aggregation != Aggregation.SUM or not record.unknown_codes:
        return {}
    comuni = comune_ids() if comuni is None else comuni
    codes = {code for values in record.unknown_codes.values() for code in values}
    moves = {old: new for old, new in successors(codes).items() if new in comuni}
    if not moves:
        return {}
    for year, values in record.unknown_codes.items():
        for old, value in values.items():
            if old not in moves:
                continue
            row, created = IndicatorValue.objects.get_or_create(
                indicator=record.indicator,
                comune_id=comuni[moves[old]],
                year=int(year),
                defaults={"value": value, "loaded_by": record},
            )
            if not created:
                row.value += Decimal(value)
                row.save(update_fields=["value"])
    followed = dict(record.followed)
    unknown: dict[str, dict[str, str]] = {}
    for year, values in record.unknown_codes.items():
        for old, value in values.items():
            if old in moves:
                followed.setdefault(year, {})[old] = moves[old]
            else:
                unknown.setdefault(year, {})[old] = value
    record.followed, record.unknown_codes = followed, unknown
    record.save(update_fields=["followed", "unknown_codes"])
    return moves


def follow_everything() -> dict[str, str]:
    """After a changes table is imported: every population table and indicator file with codes still unplaced."""
    comuni = comune_ids()
    moved: dict[str, str] = {}
    for dataset in PopulationDataset.objects.exclude(unplaced={}):
        moved.update(follow_population(dataset, comuni))
    for record in IndicatorImport.objects.exclude(unknown_codes={}).select_related("indicator"):
        moved.update(follow_indicator_import(record, comuni))
    return dict(sorted(moved.items()))
