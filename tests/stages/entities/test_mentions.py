"""Mention rules: gazetteer relabelling, place heads, junk filters (own sentences)."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline


def run(pipeline: Pipeline, text: str) -> Analysis:
    a = pipeline.analyze_document(make_document(text, id="t"))
    assert not [e for e in a.errors if e.stage == "entities"], a.errors
    return a


def mentions(a: Analysis) -> dict[str, tuple[str, str | None]]:
    """mention text -> (entity type, entity country)"""
    return {m.text: (e.type, e.country) for e in a.entities for m in e.mentions}


@pytest.mark.parametrize(
    ("text", "mention", "type_", "country"),
    [
        ("Fighting continued in the Belgorod region on Monday.", "Belgorod region", "GPE", "RUS"),
        ("Troops withdrew from the Sumy oblast last week.", "Sumy oblast", "GPE", "UKR"),
        ("Drones hit the Kherson border area overnight.", "Kherson border area", "GPE", "UKR"),
        ("Flooding closed roads in the Sudzha district.", "Sudzha district", "GPE", "RUS"),
        ("The delegation flew on to Pyongyang after the talks.", "Pyongyang", "GPE", "PRK"),
        ("DPRK engineers repaired the bridge.", "DPRK", "GPE", "PRK"),
        ("Officials in Kyiv and Warsaw welcomed the deal.", "Warsaw", "GPE", "POL"),
        ("The planned U.S.-South Korea drills were postponed.", "South Korea", "GPE", "KOR"),
        ("The planned U.S.-South Korea drills were postponed.", "U.S.", "GPE", "USA"),
        ("The Armed Forces of Ukraine said the line held.", "Ukraine", "GPE", "UKR"),
        ("The Armed Forces of Ukraine said the line held.", "Armed Forces of Ukraine", "ORG", "UKR"),
    ],
)
def test_places_are_gpe_with_country(pipeline: Pipeline, text: str, mention: str, type_: str, country: str) -> None:
    assert mentions(run(pipeline, text)).get(mention) == (type_, country)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The capital (Hangul: 서울; RR: Seoul-teukbyeolsi) is large.", {"Hangul", "RR", "서울", "Seoul-teukbyeolsi"}),
        ("The river (Latin: Danubius) floods often.", {"Latin", "Danubius"}),
        ("Prices rose.\nSubscribe to Daily Planet Telegram channel, Facebook, RSS!", {"Subscribe", "Daily Planet",
                                                                                    "Facebook", "RSS"}),
        ("Prices rose.\nFollow Example News on Telegram, X and Facebook!", {"Telegram", "Facebook", "Example News"}),
        ("Nice weather greeted the delegates in March.", {"Nice", "March"}),
        ("Rain fell.\n朝鮮中央通信 reported it.", {"朝鮮中央通信"}),
    ],
)
def test_no_junk_entities(pipeline: Pipeline, text: str, absent: set[str]) -> None:
    found = set(mentions(run(pipeline, text)))
    assert not found & absent


@pytest.mark.parametrize(
    ("text", "mention", "type_"),
    [
        ("Xinhua reported the crash on Sunday.", "Xinhua", "ORG"),  # a Chinese town's name, read as an agency
        ("The GAO upheld the protest.", "GAO", "ORG"),  # not the town of Gao in capitals
        ("AT&T will sell the phone.", "AT&T", "ORG"),
        ("The plant in Angers closed.", "Angers", "GPE"),
        ("NEW DELHI (AP) — Talks resumed.", "NEW DELHI", "GPE"),
        ("Ships of the 105th Naval Brigade sailed.", "105th Naval Brigade", "ORG"),
        ("Crews in Valencia pumped out the car parks.", "Valencia", "GPE"),  # a town spaCy reads as a person
        ("Thousands marched through Valencia on Sunday.", "Valencia", "GPE"),
        ("Reporters spoke to Chester after the match.", "Chester", "PERSON"),  # "to" also introduces people
    ],
)
def test_spacy_labels_kept_or_corrected(pipeline: Pipeline, text: str, mention: str, type_: str) -> None:
    assert mentions(run(pipeline, text)).get(mention, ("missing",))[0] == type_


def test_gloss_keeps_the_acronym_before_it(pipeline: Pipeline) -> None:
    text = "The Western Fleet Command (WFC; Latin: Classis Occidentalis) moved ships. The WFC denied it."
    a = run(pipeline, text)
    wfc = [e for e in a.entities if "WFC" in {m.text for m in e.mentions}]
    assert wfc and wfc[0].name == "Western Fleet Command"
    assert "Latin" not in mentions(a)


def test_product_label_is_dropped_unless_rescued(pipeline: Pipeline) -> None:
    a = run(pipeline, "Sales of the Galaxy phone fell while the Kursk region stayed calm.")
    assert all(e.type != "PRODUCT" for e in a.entities)
    assert mentions(a).get("Kursk region") == ("GPE", "RUS")
