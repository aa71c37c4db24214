"""Names the gazetteer knows beyond the packages' own forms: short and former country names, regions without their article."""

from __future__ import annotations

import pytest

from newsledger.geo.gazetteer import gazetteer
from newsledger.geo.resolve import geocode
from tests.geo.test_resolve import _entities


@pytest.mark.parametrize(("text", "name", "iso3", "feature"), [
    # a former country name whose ISO 3166-3 code names one successor
    ("Troops crossed from Dahomey into the north before dawn.", "Dahomey", "BEN", "country"),
    ("Aid convoys reached Upper Volta after the drought.", "Upper Volta", "BFA", "country"),
    # the first part of a two-part country name
    ("Carnival crowds filled the streets of Trinidad on Monday.", "Trinidad", "TTO", "country"),
    # a region named without its Arabic article
    ("Kurdish forces held most of Hasakah through the winter.", "Hasakah", "SYR", "admin1"),
    ("Farmers in Qassim complained about the water tariffs.", "Qassim", "SAU", "admin1"),
])
def test_short_former_and_article_names(text: str, name: str, iso3: str, feature: str) -> None:
    ents = _entities(text, [(name, "GPE")])
    geo = geocode(ents, text)["E1"]
    assert (geo.country_iso3, geo.feature) == (iso3, feature)


@pytest.mark.parametrize(("name", "absent_iso3"), [
    ("Turks", "TCA"),  # a demonym, not the Turks and Caicos Islands
    ("Sikkim", None),  # a state of India now: not India the country
])
def test_no_country_for_demonyms_or_renamed_regions(name: str, absent_iso3: str | None) -> None:
    countries = [c for c in gazetteer().lookup(name) if c.feature == "country"]
    assert not countries or absent_iso3 is not None and all(c.iso3 != absent_iso3 for c in countries)
