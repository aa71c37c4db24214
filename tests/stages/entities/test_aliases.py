"""Alias grouping: every listed mention lands in the one entity record named (own sentences)."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.stages.entities.aliases import bag_key, initials
from newsledger.stages.entities.gazetteer import gazetteer


def run(pipeline: Pipeline, text: str) -> Analysis:
    a = pipeline.analyze_document(make_document(text, id="t"))
    assert not [e for e in a.errors if e.stage == "entities"], a.errors
    return a


GROUPS = [
    # (text, canonical name, type, mentions that must all be in that one record)
    ("Defence Minister Andrei Belousov visited the front. Belousov said the troops were ready.",
     "Andrei Belousov", "PERSON", {"Andrei Belousov", "Belousov"}),
    ("Kim Jong Un inspected a shipyard. Later Kim met the engineers.",
     "Kim Jong Un", "PERSON", {"Kim Jong Un", "Kim"}),
    ("The DPRK fired a missile on Sunday. North Korea said the launch was a routine test.",
     "North Korea", "GPE", {"DPRK", "North Korea"}),
    ("The Democratic People's Republic of Korea rejected the note, and North Korean diplomats left.",
     "North Korea", "GPE", {"Democratic People's Republic of Korea", "North Korean"}),
    ("The U.S. imposed duties. The United States said America would not wait.",
     "United States", "GPE", {"U.S.", "United States", "America"}),
    ("Britain and the UK are the same country, said the United Kingdom envoy.",
     "United Kingdom", "GPE", {"Britain", "UK", "United Kingdom"}),
    ("The International Criminal Court (ICC) issued a warrant. The ICC said the case was strong.",
     "International Criminal Court", "ORG", {"International Criminal Court", "ICC"}),
    ("The Chinese Foreign Ministry protested on Tuesday. The Chinese Ministry of Foreign Affairs later issued a note.",
     "Chinese Ministry of Foreign Affairs", "ORG", {"Chinese Foreign Ministry", "Chinese Ministry of Foreign Affairs"}),
    ("Both sides signed the Black Sea Grain Initiative Agreement in July. Critics called the black sea grain "
     "initiative agreement fragile, but the Grain Initiative Agreement held.",
     "Black Sea Grain Initiative Agreement", "LAW",
     {"Black Sea Grain Initiative Agreement", "black sea grain initiative agreement", "Grain Initiative Agreement"}),
    ("Ukrainian drones struck a depot overnight. Ukraine said the strike was a success.",
     "Ukraine", "GPE", {"Ukrainian", "Ukraine"}),
    ("Voters backed candidate (Hillary) Clinton in the primary. Clinton thanked them.",
     "Hillary Clinton", "PERSON", {"Hillary", "Clinton"}),
    ("The mayor praised Paula Oduya on Monday. Oduya thanked the council.",
     "Paula Oduya", "PERSON", {"Paula Oduya", "Oduya"}),
    ("Officials in Valencia closed the roads. Valencia asked Madrid for help.",  # a town's name read as a person
     "Valencia", "GPE", {"Valencia"}),
]


@pytest.mark.parametrize(("text", "name", "type_", "surfaces"), GROUPS)
def test_mentions_group_into_one_record(pipeline: Pipeline, text: str, name: str, type_: str, surfaces: set[str]) -> None:
    a = run(pipeline, text)
    records = [e for e in a.entities if surfaces & {m.text for m in e.mentions}]
    assert len(records) == 1, [(e.name, [m.text for m in e.mentions]) for e in records]
    assert records[0].name == name and records[0].type == type_
    assert surfaces <= {m.text for m in records[0].mentions}


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Russian troops advanced while Russia denied it.", "Russian", "demonym"),
        ("The International Criminal Court (ICC) met. The ICC spoke.", "ICC", "acronym"),
        ("Defence Minister Andrei Belousov spoke. Belousov left.", "Belousov", "alias"),
        ("The DPRK said North Korea was ready.", "DPRK", "acronym"),
    ],
)
def test_mention_kinds(pipeline: Pipeline, text: str, surface: str, kind: str) -> None:
    a = run(pipeline, text)
    kinds = {m.kind for e in a.entities for m in e.mentions if m.text == surface}
    assert kind in kinds


@pytest.mark.parametrize(
    ("text", "surface", "occurrence", "name"),
    [
        # the closest person named in full before it
        ("Kim Jong Un met envoys. Kim Jong Un smiled. Kim Yo Jong, his sister, watched. Kim later left the hall.",
         "Kim", 4, "Kim Yo Jong"),
        # a woman's honorific never joins a man of that surname
        ("Paul Brandt opened the fair. Greta Brandt closed it. Later Mrs. Brandt thanked the volunteers.",
         "Brandt", 3, "Greta Brandt"),
        # a bare surname never means the junior
        ("President Hal Varga praised Hal Varga Jr. on Monday. Varga said the deal was done.",
         "Varga", 3, "Hal Varga"),
    ],
)
def test_a_bare_surname_joins_the_closest_compatible_full_name(pipeline: Pipeline, text: str, surface: str,
                                                              occurrence: int, name: str) -> None:
    a = run(pipeline, text)
    start = -1
    for _ in range(occurrence):
        start = text.index(surface, start + 1)
    owner = next(e for e in a.entities for m in e.mentions if m.start == start and m.end == start + len(surface))
    assert owner.name == name


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Russian Foreign Ministry", "Russian Ministry of Foreign Affairs", True),
        ("Ministry of Defence of Ukraine", "Ukrainian Defence Ministry", True),
        ("Russian Foreign Ministry", "Ukrainian Foreign Ministry", False),
        ("North Korean Army", "Korean People's Army", False),
    ],
)
def test_bag_key(a: str, b: str, same: bool) -> None:
    gz = gazetteer()
    assert (bag_key(a.split(), gz) == bag_key(b.split(), gz)) is same


@pytest.mark.parametrize(
    ("words", "acronym"),
    [("Armed Forces of Ukraine", "AFU"), ("Democratic People's Republic of Korea", "DPRK"),
     ("Agence France-Presse", "AFP"), ("North Atlantic Treaty Organization", "NATO")],
)
def test_initials(words: str, acronym: str) -> None:
    assert acronym in initials(words.split())
