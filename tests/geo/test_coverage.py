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


def _doc(text: str, names: list[tuple[str, str]]) -> dict[str, tuple[str | None, str]]:
    ents = _entities(text, names)
    geos = geocode(ents, text)
    return {e.name: (geos[e.id].country_iso3, geos[e.id].name) for e in ents if e.id in geos}


@pytest.mark.parametrize(("text", "names", "name", "expected"), [
    # an unlisted airport after its owner city's possessive is in that city
    ("Flights resumed at Lisbon's Portela Airport after the strike, officials in Portugal said.",
     [("Portela Airport", "FAC"), ("Portugal", "GPE")], "Portela Airport", ("PRT", "Lisbon")),
    # an unlisted square in a story about one city is in that city
    ("Thousands rallied in Madrid on Sunday. Calderon Stadium was full by noon, and Madrid police closed the metro.",
     [("Madrid", "GPE"), ("Calderon Stadium", "FAC")], "Calderon Stadium", ("ESP", "Madrid")),
    # a facility said to be in a town, after a comma, is in that town
    ("The senator spoke at Maple Ridge School, in Nashua, on Monday night.", [("Maple Ridge School", "FAC")],
     "Maple Ridge School", ("USA", "Nashua")),
    # a city inside a facility's name
    ("Police cordoned off Manchester Piccadilly station for an hour.", [("Manchester Piccadilly station", "FAC")],
     "Manchester Piccadilly station", ("GBR", "Manchester")),
    # a name typed PERSON that stands where a place stands, in a story of its country
    ("Protests spread from Tehran to Tabriz, and police made arrests in Mashhad.",
     [("Tehran", "GPE"), ("Tabriz", "GPE"), ("Mashhad", "PERSON")], "Mashhad", ("IRN", "Mashhad")),
    # an ORG named as a site ("... Hospital") is placed by the place it is said to be in
    ("Two patients were flown to Riverside General Hospital in Denver on Friday.",
     [("Riverside General Hospital", "ORG")], "Riverside General Hospital", ("USA", "Denver")),
    # a name typed ORG in a list of the story's places
    ("Aid reached Basra, Najaf and Karbala before the holiday in Iraq.",
     [("Basra", "GPE"), ("Najaf", "ORG"), ("Karbala", "GPE"), ("Iraq", "GPE")], "Najaf", ("IRQ", "Najaf")),
])
def test_places_from_what_is_around(text: str, names: list[tuple[str, str]], name: str, expected: tuple[str, str]) -> None:
    assert _doc(text, names)[name] == expected


@pytest.mark.parametrize(("text", "names", "name"), [
    # a person named like a city, not after a preposition of place
    ("Senator Lincoln told reporters in Ohio and Texas that the bill would pass.",
     [("Lincoln", "PERSON"), ("Ohio", "GPE"), ("Texas", "GPE")], "Lincoln"),
    # an ORG named like a city, standing as a subject
    ("Warren said the plan would be paid for by a tax on the rich in New York.",
     [("Warren", "ORG"), ("New York", "GPE")], "Warren"),
    # a city in a facility's name that the story's places do not support
    ("Rescuers reached the miners of the San Jose mine near Copiapo in Chile.",
     [("San Jose mine", "FAC"), ("Chile", "GPE")], "San Jose mine"),
    # a facility far from every mention of the story's city is not placed there
    ("Flooding closed roads in Leeds. " + "The council met again and again. " * 25 + "Crowds waited at Harbourview Stadium.",
     [("Leeds", "GPE"), ("Harbourview Stadium", "FAC")], "Harbourview Stadium"),
    # an expert's university is not placed at the story's city
    ("Protests filled Cairo again, said a professor at Westbrook University.",
     [("Cairo", "GPE"), ("Westbrook University", "ORG")], "Westbrook University"),
    # a sea before "port" is no facility
    ("Ships waited in the Baltic Sea port of Tallinn.", [("Baltic Sea", "LOC"), ("Tallinn", "GPE")], "Baltic Sea"),
])
def test_no_place_from_a_misread_name(text: str, names: list[tuple[str, str]], name: str) -> None:
    assert _doc(text, names).get(name, (None, ""))[1] not in {"Lincoln", "Warren", "San Jose", "Tallinn", "Cairo", "Leeds"}
