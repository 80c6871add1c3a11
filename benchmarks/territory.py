"""The territorial profile at the scale of Italy (issue 12): every comune's residents at one date aggregated per
province and per region with every index, as the profile computes them (`territory.selectors.area_figures`, one GROUP
BY summing the age bands, then the indices in Python), against a bare SQL GROUP BY of the residents over the same rows
in the same run. Target: within 2x. And the map of Lombardy as the browser gets it: the map page and the region's
boundaries (gzip-compressed), their payload and time.

Reads only (needs `manage.py load_population` after the seeds, as bin/bench does); measured `repeat` times after one
untimed run each.
"""

from __future__ import annotations

import gzip
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

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
class MapServed:
    page_bytes: int
    page_seconds: list[float]
    boundaries_bytes: int  # as sent, gzip-compressed
    boundaries_raw_bytes: int
    boundaries_seconds: list[float]


@dataclass
class Result:
    repeat: int
    reference_date: str
    comuni: int
    levels: list[Level]
    map: MapServed | None = None


def _timed(action: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    value = action()  # warm: plans and caches as in a served page
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = action()
        seconds.append(time.perf_counter() - start)
    return value, seconds


def _map(repeat: int) -> MapServed:
    """The map page of Lombardy and its boundaries through Django's test client, as a user made for the run (rolled
    back: the database is left as it was)."""
    from django.test import Client

    from governance.models import User

    with transaction.atomic():
        user = User.objects.create_user(username="bench-territory-reader", password=None)
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(user)
        page, page_seconds = _timed(lambda: client.get("/profilo/mappa/", {"regione": "03"}), repeat)
        boundaries, seconds = _timed(lambda: client.get("/profilo/confini/03.json"), repeat)
        transaction.set_rollback(True)
    return MapServed(
        page_bytes=len(page.content),
        page_seconds=page_seconds,
        boundaries_bytes=len(boundaries.content),
        boundaries_raw_bytes=len(gzip.decompress(boundaries.content)),
        boundaries_seconds=seconds,
    )


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
    return Result(repeat, dataset.reference_date.isoformat(), dataset.comuni, levels, _map(repeat))


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
    served = result.map
    if served is not None:
        lines += [
            "",
            "Mappa della Lombardia servita (1.503 comuni; mediana)",
            f"{'pagina della mappa':<24} {served.page_bytes:>10,} byte {statistics.median(served.page_seconds) * 1000:>8.1f} ms",
            f"{'confini (gzip)':<24} {served.boundaries_bytes:>10,} byte {statistics.median(served.boundaries_seconds) * 1000:>8.1f} ms"
            f"  ({served.boundaries_raw_bytes:,} byte non compressi; limite 1 MB compresso)",
        ]
    return "\n".join(lines)


def to_json(result: Result | None) -> str:
    if result is None:
        return json.dumps({"levels": []})
    return json.dumps(
        {
            "reference_date": result.reference_date,
            "comuni": result.comuni,
            "map": None
            if result.map is None
            else {
                "page_bytes": result.map.page_bytes,
                "page_seconds": statistics.median(result.map.page_seconds),
                "boundaries_bytes": result.map.boundaries_bytes,
                "boundaries_raw_bytes": result.map.boundaries_raw_bytes,
                "boundaries_seconds": statistics.median(result.map.boundaries_seconds),
            },
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
