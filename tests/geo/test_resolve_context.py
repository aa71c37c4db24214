"""Geocoding beyond the plain case: capitals and namesakes, misfiled entity types, unknown places inside known ones."""

from __future__ import annotations

import pytest

from newsledger.document import Entity, Mention
from newsledger.geo.gazetteer import gazetteer
from newsledger.geo.resolve import geocode


def _entities(text: str, names: list[tuple[str, str]]) -> list[Entity]:
    """Entities for each (surface, type), with every occurrence of the surface as a name mention."""
    out = []
    for i, (surface, etype) in enumerate(names):
        mentions, pos = [], text.find(surface)
        while pos >= 0:
            mentions.append(Mention(pos, pos + len(surface), surface, "name"))
            pos = text.find(surface, pos + 1)
        out.append(Entity(f"E{i + 1}", surface, etype, mentions))
    return out


@pytest.mark.parametrize(("text", "names", "name", "iso3", "feature"), [
    # a national capital outweighs a small namesake in a story full of the other country's places
    ("Senators from Ohio and Texas asked whether Moscow had courted the campaign in Florida.",
     [("Ohio", "GPE"), ("Texas", "GPE"), ("Moscow", "GPE"), ("Florida", "GPE")], "Moscow", "RUS", "city"),
    # a dateline's WASHINGTON is the capital once the story's other town settles in its own state
    ("WASHINGTON - Lawmakers spoke about Parkland while Florida mourned.",
     [("WASHINGTON", "GPE"), ("Parkland", "GPE"), ("Florida", "GPE")], "WASHINGTON", "USA", "city"),
    # a country entity that also holds its capital as an alias is the country
    ("Trade talks went on in Beijing although China wanted tariffs cut.", [("China", "GPE")], "China", "CHN", "country"),
    # places that cross borders have no country
    ("The envoy toured the Middle East for a week.", [("Middle East", "LOC")], "Middle East", None, "region"),
    ("He urged the Gulf states to agree on oil output.", [("Gulf", "LOC")], "Gulf", None, "region"),
])
def test_context_and_priors(text: str, names: list[tuple[str, str]], name: str, iso3: str | None, feature: str) -> None:
    ents = _entities(text, names)
    geo = geocode(ents, text)[next(e.id for e in ents if e.name == name)]
    assert (geo.country_iso3, geo.feature) == (iso3, feature)


def test_only_the_largest_namesake_is_the_capital() -> None:
    capitals = [c for c in gazetteer().lookup("Washington") if c.iso3 == "USA" and c.feature == "city" and c.capital]
    assert len(capitals) == 1 and abs(capitals[0].lat - 38.9) < 0.1


@pytest.mark.parametrize(("text", "names", "iso3", "feature"), [
    # names the NER typed as people or organisations, plainly places
    ("Protesters gathered in Kiev on Sunday.", [("Kiev", "PERSON")], "UKR", "city"),
    ("The senator spoke on Capitol Hill after the vote.", [("Capitol Hill", "ORG")], "USA", "facility"),
    ("Soldiers entered Sinaloa before dawn.", [("Sinaloa", "ORG")], "MEX", "admin1"),
    # an unknown place qualified by a known region or country takes that region or country
    ("Officers trained at Camp Quiet Oaks, Maryland, last month.", [("Camp Quiet Oaks", "FAC")], "USA", "admin1"),
    ("A rocket fell near Little Brook Farm, Ukraine, at night.", [("Little Brook Farm", "GPE")], "UKR", "country"),
    # a US state's abbreviation standing alone
    ("He campaigned in Erie, then across Pa. all week.", [("Pa.", "GPE")], "USA", "admin1"),
    # an unknown place said to be in a known one
    ("Gunmen raided Greenleaf Lane in Imphal West district.", [("Greenleaf Lane", "FAC")], "IND", "city"),
])
def test_more_places_are_placed(text: str, names: list[tuple[str, str]], iso3: str, feature: str) -> None:
    ents = _entities(text, names)
    geo = geocode(ents, text)["E1"]
    assert (geo.country_iso3, geo.feature) == (iso3, feature)


@pytest.mark.parametrize(("text", "names"), [
    ("Virginia said she would run again.", [("Virginia", "PERSON")]),  # a person's first name, not the state
    ("Russian officials declined to comment.", [("Russian", "NORP")]),  # a demonym is no place
    ("Western leaders met on Friday.", [("Western", "NORP")]),  # no province of that name for a NORP
    ("Sanctions by the West hurt Tehran.", [("West", "LOC"), ("Tehran", "GPE")]),  # a bloc, not a region
    ("Batman returned to cinemas this week.", [("Batman", "ORG")]),  # a small region named like a film
    # a name the NER misread as a place: a small town abroad that nothing else in the story points to
    ("Voters in Ohio and Texas cheered when Obama spoke in Florida.",
     [("Obama", "GPE"), ("Ohio", "GPE"), ("Texas", "GPE"), ("Florida", "GPE")]),
    ("Staff at Morningside Recovery said nothing.", [("Morningside Recovery", "FAC")]),  # nothing known around it
    ("Analysts at Bluewater Partners were cautious.", [("Bluewater Partners", "ORG")]),
])
def test_what_is_no_place_stays_unplaced(text: str, names: list[tuple[str, str]]) -> None:
    assert "E1" not in geocode(_entities(text, names), text)


def test_a_small_town_with_support_in_the_story_is_kept() -> None:
    text = "Rockets fell on Sderot, near Gaza, and Israel closed the crossings."
    ents = _entities(text, [("Sderot", "GPE"), ("Israel", "GPE")])
    assert geocode(ents, text)["E1"].country_iso3 == "ISR"
