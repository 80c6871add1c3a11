"""The territorial profile at the scale of Italy (issue 12): every comune's residents at one date aggregated per
province and per region with every index, as the profile computes them (`territory.selectors.area_figures`, one GROUP
BY summing the age bands, then the indices in Python), against a bare SQL GROUP BY of the residents over the same rows
in the same run. Target: within 2x.

Reads only (needs `manage.py load_population` after the seeds, as bin/bench does); measured `repeat` times after one
untimed run each.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from governance.models import Organization, Province
from territory.models import AgeStructure, PopulationDataset
from territory.selectors import area_figures

LEVELS = {"provincia": "province_id", "regione": "region_id"}


@dataclass
class Level:
    name: str
    areas: int
    profile_seconds: list[float] = field(default_factory=list)
    baseline_seconds: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.profile_seconds) / statistics.median(self.baseline_seconds)


@dataclass
class Result:
    repeat: int
    reference_date: str
    comuni: int
    levels: list[Level]


def _timed(action: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    value = action()  # warm: plans and caches as in a served page
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = action()
        seconds.append(time.perf_counter() - start)
    return value, seconds


def _baseline(dataset: PopulationDataset, column: str) -> list[tuple[Any, ...]]:
    """SELECT area, SUM(total) … GROUP BY area over the same rows and joins."""
    table = AgeStructure._meta.db_table
    join = (
        f"JOIN {Organization._meta.db_table} o ON o.id = r.comune_id "
        f"JOIN {Province._meta.db_table} p ON p.id = o.province_id"
    )
    area = "o.province_id" if column == "province_id" else "p.region_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {area}, SUM(r.total) FROM {table} r {join} WHERE r.dataset_id = %s GROUP BY {area}",  # noqa: S608
            [dataset.pk],
        )
        return list(cursor.fetchall())


def run(*, repeat: int = 5) -> Result | None:
    dataset = PopulationDataset.objects.order_by("-reference_date").first()
    if dataset is None:
        return None
    levels = []
    for name, column in LEVELS.items():

        def profile(level: str = name) -> list[Any]:
            return [(area.key, area.indices()) for area in area_figures(dataset, level)]

        areas, profile_seconds = _timed(profile, repeat)

        def baseline(column: str = column) -> list[tuple[Any, ...]]:
            return _baseline(dataset, column)

        baseline_rows, baseline_seconds = _timed(baseline, repeat)
        assert len(areas) == len(baseline_rows), (name, len(areas), len(baseline_rows))
        levels.append(Level(name, len(areas), profile_seconds, baseline_seconds))
    return Result(repeat, dataset.reference_date.isoformat(), dataset.comuni, levels)


def format_table(result: Result | None) -> str:
    if result is None:
        return "Profilo territoriale: nessuna tabella della popolazione caricata (manage.py load_population)."
    lines = [
        f"Profilo territoriale: {result.comuni} comuni al {result.reference_date}, fasce d'età e indici per area "
        f"(mediana di {result.repeat}); obiettivo: entro 2x di un GROUP BY in SQL",
        f"{'livello':<12} {'aree':>5} {'profilo (ms)':>13} {'GROUP BY (ms)':>14} {'rapporto':>9}",
    ]
    for level in result.levels:
        lines.append(
            f"{level.name:<12} {level.areas:>5} {statistics.median(level.profile_seconds) * 1000:>13.1f} "
            f"{statistics.median(level.baseline_seconds) * 1000:>14.1f} {level.ratio:>8.2f}x"
        )
    return "\n".join(lines)


def to_json(result: Result | None) -> str:
    if result is None:
        return json.dumps({"levels": []})
    return json.dumps(
        {
            "reference_date": result.reference_date,
            "comuni": result.comuni,
            "levels": [
                {
                    "level": level.name,
                    "areas": level.areas,
                    "profile_seconds": statistics.median(level.profile_seconds),
                    "baseline_seconds": statistics.median(level.baseline_seconds),
                    "ratio": level.ratio,
                }
                for level in result.levels
            ],
        },
        indent=2,
    )
