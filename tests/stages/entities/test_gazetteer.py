"""Gazetteer tables: country aliases, demonyms, places, case sensitivity."""

from __future__ import annotations

import pytest

from newsledger.stages.entities.gazetteer import gazetteer


@pytest.mark.parametrize(
    ("surface", "alpha3", "name"),
    [
        ("DPRK", "PRK", "North Korea"),
        ("North Korea", "PRK", "North Korea"),
        ("Democratic People's Republic of Korea", "PRK", "North Korea"),
        ("U.S.", "USA", "United States"),
        ("USA", "USA", "United States"),
        ("America", "USA", "United States"),
        ("Britain", "GBR", "United Kingdom"),
        ("UK", "GBR", "United Kingdom"),
        ("Russian Federation", "RUS", "Russia"),
        ("Türkiye", "TUR", "Turkey"),
        ("FRANCE", "FRA", "France"),
    ],
)
def test_country_aliases(surface: str, alpha3: str, name: str) -> None:
    place = gazetteer().lookup(surface)
    assert place is not None and place.kind == "country"
    assert (place.country, place.name) == (alpha3, name)


@pytest.mark.parametrize(
    ("surface", "alpha3"),
    [("Pyongyang", "PRK"), ("Kharkiv", "UKR"), ("Belgorod", "RUS"), ("New Delhi", "IND"), ("NEW DELHI", "IND"),
     ("Gaza", "PSE")],
)
def test_places_have_a_country(surface: str, alpha3: str) -> None:
    place = gazetteer().lookup(surface)
    assert place is not None and place.type == "GPE" and place.country == alpha3


@pytest.mark.parametrize(
    ("surface", "alpha3"),
    [("North Korean", "PRK"), ("Russian", "RUS"), ("Ukrainians", "UKR"), ("American", "USA"), ("Filipino", "PHL")],
)
def test_demonyms(surface: str, alpha3: str) -> None:
    assert gazetteer().demonym(surface) == alpha3


@pytest.mark.parametrize("surface", ["us", "the", "Subscribe", "march", "said", "korea"])
def test_ordinary_words_are_not_places(surface: str) -> None:
    assert gazetteer().lookup(surface) is None
    assert gazetteer().demonym(surface) is None


def test_word_lists_are_loaded() -> None:
    gz = gazetteer()
    assert ("border", "area") in gz.place_heads
    assert len(gz.place_heads[0]) >= len(gz.place_heads[-1])  # longest head first
    assert {"leader", "president", "minister"} <= gz.titles
    assert "agreement" in gz.law_heads and "ministry" in gz.org_heads and "subscribe" in gz.cta_verbs
