"""Geocoding in context: the right place for a name, from population, qualifiers, region words and the story's places."""

from __future__ import annotations

import pytest

from newsledger.document import Entity, Mention
from newsledger.geo.resolve import geocode, geocode_name


def _entities(text: str, names: list[tuple[str, str]]) -> list[Entity]:
    """Entities for each (surface, type), with every occurrence of the surface as a mention."""
    out = []
    for i, (surface, etype) in enumerate(names):
        mentions, pos = [], text.find(surface)
        while pos >= 0:
            kind = "demonym" if surface.endswith(("an", "ese")) and etype == "NORP" else "name"
            mentions.append(Mention(pos, pos + len(surface), surface, kind))
            pos = text.find(surface, pos + 1)
        out.append(Entity(f"E{i + 1}", surface, etype, mentions))
    return out


@pytest.mark.parametrize(("text", "names", "name", "iso3", "admin1"), [
    # a US story's Georgia is the state; a Caucasus story's the country
    ("Voters in Atlanta and Savannah lined up as Georgia counted ballots.", [("Atlanta", "GPE"), ("Savannah", "GPE"), ("Georgia", "GPE")], "Georgia", "USA", "Georgia"),
    ("Russian troops stayed in South Ossetia while Georgia protested to Moscow.", [("South Ossetia", "GPE"), ("Georgia", "GPE"), ("Moscow", "GPE")], "Georgia", "GEO", None),
    # a qualifier after the name picks the town
    ("The rally in Paris, Texas, drew a small crowd.", [("Paris", "GPE"), ("Texas", "GPE")], "Paris", "USA", "Texas"),
    ("Storms hit Birmingham, Ala., overnight.", [("Birmingham", "GPE")], "Birmingham", "USA", "Alabama"),
    ("Ministers met in Birmingham and London on trade.", [("Birmingham", "GPE"), ("London", "GPE")], "Birmingham", "GBR", None),
    # a region word makes it the region; the bare name of a city and region is the city
    ("Shelling hit the Kursk region overnight.", [("Kursk", "GPE")], "Kursk", "RUS", "Kursk"),
    # "state media" after a country's demonym is no region
    ("North Korean state media said North Korea tested a missile.", [("North Korea", "GPE")], "North Korea", "PRK", None),
    ("Protesters marched in Kyiv and Kharkiv.", [("Kyiv", "GPE"), ("Kharkiv", "GPE")], "Kharkiv", "UKR", None),
])
def test_geocode_in_context(text: str, names: list[tuple[str, str]], name: str, iso3: str, admin1: str | None) -> None:
    ents = _entities(text, names)
    geos = geocode(ents, text)
    geo = geos[next(e.id for e in ents if e.name == name)]
    assert geo.country_iso3 == iso3
    if admin1 is not None:
        assert geo.admin1_name == admin1
    assert -90 <= geo.lat <= 90 and -180 <= geo.lon <= 180


@pytest.mark.parametrize(("phrase", "iso3", "precision"), [
    ("in Indonesia's northwestern Aceh province", "IDN", "admin1"),
    ("the White House", "USA", "place"),
    ("outside the Kremlin", "RUS", "place"),
    ("the Gaza Strip", "PSE", "admin1"),
])
def test_geocode_phrases(phrase: str, iso3: str, precision: str) -> None:
    geo = geocode_name(phrase, [], {})
    assert geo is not None and (geo.country_iso3, geo.precision) == (iso3, precision)


def test_unknown_places_stay_unplaced() -> None:
    assert geocode_name("the Betty Ford Center", [], {}) is None
    text = "Staff at Morningside Recovery said nothing."
    ents = _entities(text, [("Morningside Recovery", "FAC")])
    assert geocode(ents, text) == {}


def test_the_country_code_of_a_us_place_follows_the_context() -> None:
    from newsledger.document import Analysis, Document, Event, Role, TextSpan
    from newsledger.geo.resolve import geocode_analysis

    text = "Voters in Atlanta and Savannah waited for hours as Georgia counted ballots."
    ents = _entities(text, [("Atlanta", "GPE"), ("Savannah", "GPE"), ("Georgia", "GPE")])
    ents[2].country = "GEO"  # what a name-only lookup says
    s = text.index("counted")
    ev = Event("V1", "STATEMENT", TextSpan(s, s + 7, "counted"), where=Role("Georgia", "E3", country="GEO"))
    a = Analysis(Document("d", text), entities=ents, events=[ev])
    geocode_analysis(a)
    assert ents[2].country == "USA" and ev.where is not None and ev.where.country == "USA"
