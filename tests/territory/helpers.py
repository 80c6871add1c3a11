"""Residents by age to test on: a small table for the test world's comuni (made-up figures, loaded through the same
loader as the real ones), and the arguments of the profile's pages."""

from datetime import date
from typing import Any

from territory.loaders import HEADER, load_age_table
from territory.models import PopulationDataset
from tests.worlds import World


def ages(*counts: int) -> str:
    """A row's 101 ages: the counts given, then zeros."""
    return ";".join(map(str, [*counts, *([0] * (101 - len(counts)))]))


def age_table(*rows: str) -> bytes:
    return ("\n".join([";".join(HEADER), *rows]) + "\n").encode()


def world_population(world: World, on: date = date(2023, 1, 1)) -> PopulationDataset:
    """Each comune of the world: 10 children, 60 adults, 30 over-65s per sex (made up)."""
    counts = [1] * 10 + [0] * 5 + [2] * 30 + [0] * 20 + [3] * 10
    rows = [
        f"{comune.istat_code};{sex};{ages(*counts)}"
        for comune in (world.x, world.y, world.z, world.w)
        for sex in ("M", "F")
    ]
    return load_age_table(
        data=age_table(*rows),
        reference_date=on,
        source="Dati di prova",
        licence="CC BY 4.0",
        file_name="prova.csv",
    )


def territory_page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    world_population(world)
    own = ambito_indicator(world, ASSISTED[:3])
    return {
        "territory:profile": {},
        "territory:area": {"level": "comune", "pk": world.x.pk},
        "territory:map": {},
        "territory:compare": {},
        "territory:measures": {},
        "territory:istat_data": {},
        "territory:population_import": {},
        "territory:changes_import": {},
        "territory:population_upload": {"pk": queued_upload().pk},
        "territory:measure": {"kind": "indicatore", "pk": own.pk},
        "territory:indicator_create": {},
        "territory:ratio_create": {},
        "territory:composite_create": {},
        "territory:indicator_import": {"pk": own.pk},
        "territory:indicator_edit": {"pk": own.pk},
        "territory:measure_delete": {"kind": "indicatore", "pk": own.pk},
    }


def queued_upload() -> Any:
    """An upload waiting for the worker (its file name only: nothing is stored)."""
    from territory.models import PopulationUpload

    return PopulationUpload.objects.create(
        file="istat/prova.csv", file_name="prova.csv", source="ISTAT (prova)", licence="CC BY 4.0"
    )


def administrator(username: str = "amministratore") -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username=username, password="x", email="")


def values_csv(*rows: tuple[str, int, str], header: str = "codice_istat;anno;valore") -> bytes:
    """An indicator's CSV: (ISTAT code, year, value as written in the file)."""
    return ("\n".join([header, *[f"{code};{year};{value}" for code, year, value in rows]]) + "\n").encode()


def residents_table(
    world: World, by_comune: dict[str, int], on: date = date(2023, 1, 1)
) -> PopulationDataset:
    """The world's comuni with the residents given (all aged 0, split between the sexes; made up)."""
    rows = []
    for comune in (world.x, world.y, world.z, world.w):
        total = by_comune[comune.istat_code or ""]
        rows += [
            f"{comune.istat_code};M;{ages(total // 2)}",
            f"{comune.istat_code};F;{ages(total - total // 2)}",
        ]
    return load_age_table(
        data=age_table(*rows),
        reference_date=on,
        source="Dati di prova",
        licence="CC BY 4.0",
        file_name="r.csv",
    )


# Made-up values for the world's comuni in 2022 (tests/territory/test_indicators.py works them out by hand).
INCOME = [
    ("019901", 2022, "1000"),
    ("019902", 2022, "2.500,00"),
    ("019903", 2022, "3500"),
    ("019904", 2022, "500"),
]
PRICE = [
    ("019901", 2022, "1000"),
    ("019902", 2022, "2000"),
    ("019903", 2022, "1500"),
    ("019904", 2022, "900"),
]
UNEMPLOYMENT = [("019901", 2022, "5"), ("019902", 2022, "10"), ("019903", 2022, "7"), ("019904", 2022, "15")]
ASSISTED = [("019901", 2022, "1"), ("019902", 2022, "2"), ("019903", 2022, "0"), ("019904", 2022, "7")]


def national(admin: Any, code: str, rows: list[tuple[str, int, str]], **fields: Any) -> Any:
    """A national indicator with its values loaded from a CSV, as an administrator does."""
    from territory import services

    defaults = {"name": code, "unit": "euro", "source": "Fonte di prova", "licence": "CC BY 4.0"}
    indicator = services.indicator_create(actor=admin, ambito=None, code=code, **{**defaults, **fields})
    services.indicator_import(
        actor=admin, indicator=indicator, data=values_csv(*rows), file_name=f"{code}.csv"
    )
    return indicator


def ambito_indicator(world: World, rows: list[tuple[str, int, str]], **fields: Any) -> Any:
    """Ambito A's own count of people assisted, loaded by its Ufficio di Piano."""
    from territory import services

    defaults = {
        "code": "assistiti_sad",
        "name": "Assistiti SAD",
        "unit": "persone",
        "source": "ASST Crema",
        "licence": "uso interno",
        "people_assisted": True,
    }
    indicator = services.indicator_create(actor=world.udp, ambito=world.ambito_a, **{**defaults, **fields})
    services.indicator_import(
        actor=world.udp, indicator=indicator, data=values_csv(*rows), file_name="sad.csv"
    )
    return indicator


CHANGES_HEADER = (
    "Anno;Tipo variazione;Codice Regione;Codice Istat del Comune;Denominazione Comune;"
    "Codice Istat del Comune associato alla variazione o nuovo codice Istat del Comune;"
    "Denominazione Comune associata alla variazione o nuova denominazione;Provvedimento e Documento;"
    "Contenuto del provvedimento;Data decorrenza validità amministrativa"
)


def changes_csv(*rows: tuple[int, str, str, str, str]) -> bytes:
    """A changes table in ISTAT's layout: (year, kind, old code, old name, new code); made-up comuni."""
    lines = [f"{year};{kind};03;{old};{name};{new};;;;01/01/{year}" for year, kind, old, name, new in rows]
    return ("\r\n".join([CHANGES_HEADER, *lines]) + "\r\n").encode("cp1252")
