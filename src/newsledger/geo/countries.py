"""Country lookups of the events stage and the ledger: names, aliases and demonyms -> country."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

# Countries for event roles: canonical name, ISO 3166 alpha-3 code and lower-case names (see geo/README.md).
EVENT_COUNTRIES = "event_countries.tsv"


@dataclass(frozen=True)
class Country:
    """A country with its ISO 3166 alpha-3 code."""

    name: str
    iso3: str


def _split(value: str | None) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in (value or "").split(",") if x.strip())


def event_countries() -> dict[str, Country]:
    """Lower-case name, alias or demonym -> country, from event_countries.tsv (the events stage caches it)."""
    text = resources.files("newsledger.geo").joinpath("lexicons", EVENT_COUNTRIES).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    countries: dict[str, Country] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        c = Country(row["country"].strip(), row["iso3"].strip())
        countries[c.name.lower()] = c
        for alias in _split(row.get("names")):
            countries.setdefault(alias, c)
    return countries


def country_name_forms() -> Iterator[tuple[str, str]]:
    """(name, canonical name) for the name, common name and official name pycountry has of every country."""
    import pycountry

    for c in pycountry.countries:
        canonical = getattr(c, "common_name", None) or c.name
        for n in {c.name, canonical, getattr(c, "official_name", None)}:
            if n:
                yield n, canonical
