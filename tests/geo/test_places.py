"""Place tables and country lookups of newsledger.geo."""

from __future__ import annotations

from newsledger.geo.countries import Country, country_name_forms, event_countries
from newsledger.geo.places import BIG_CITY_POPULATION, lexicon_rows, place_tables


def test_place_tables_hold_countries_cities_regions_and_demonyms() -> None:
    tables = place_tables()
    assert tables.places["DPRK"].country == "PRK" and tables.places["DPRK"].kind == "country"
    assert tables.country_names["PRK"] == "North Korea"
    assert tables.places["Lyon"].kind == "city"
    assert tables.places["Donbas"].kind == "region" and tables.places["Donbas"].country == "UKR"
    assert tables.places["Texas"].country == "USA"
    assert tables.demonyms["North Korean"] == "PRK"
    assert BIG_CITY_POPULATION > 0


def test_lexicon_rows_skip_comments() -> None:
    rows = lexicon_rows("countries.tsv")
    assert rows and all(not r[0].startswith("#") for r in rows)


def test_event_countries_by_name_alias_and_demonym() -> None:
    table = event_countries()
    assert table["north korean"] == Country("North Korea", "PRK")
    assert table["kyiv"].iso3 == "UKR"


def test_country_name_forms_name_pycountry_names() -> None:
    forms = dict(country_name_forms())
    assert forms["France"] == "France"
    assert forms["Russian Federation"] == "Russian Federation"
