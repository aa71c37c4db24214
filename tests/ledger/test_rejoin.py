"""The second clustering pass: clusters of one event reported with different roles join; others stay apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.ledger.event_features import EventFeatures
from newsledger.ledger.rejoin import conflict, join

# "Officer Reyes shot Tomas Ilic in Marlow on 3 May": c1 the officer, c2 the victim (people), c5 a country.
# "Reyes attacked Ilic's shop" ... (no killing): another named attacker is another attack.
ATTACK = {"lemma": "attack"}
SHOT = EventFeatures("d1", "v1", "ASSAULT", "shot", ["c1", "c2"], "c9", "2031-05-03", place_key="marlow",
                     published="2031-05-04", actor="c1", target="c2", date_source="clause", place_geo=[44.1, 9.8],
                     target_person=True)
PEOPLE = {"c1", "c2", "c3", "c4"}


@pytest.mark.parametrize(("change", "joins"), [
    # "Tomas Ilic shot ..." (a caption gets the roles backwards): the victim is shared in another role
    ({"participants": ["c2"], "actor": "c2", "target": None}, True),
    # the same victim shot by another named person: a person is shot dead once, whoever a caption names
    ({"participants": ["c2", "c3"], "actor": "c3", "target": "c2"}, True),
    # "an officer shot Ilic": a description says nothing against the named officer
    ({"participants": ["c2", "n:officer"], "actor": "n:officer", "target": "c2"}, True),
    # an undated caption published a fortnight later, at the named place
    ({"participants": ["c2"], "actor": None, "date": None, "date_source": None, "published": "2031-05-18"}, True),
    # ... but never published before the event it would report
    ({"participants": ["c2"], "actor": None, "date": None, "date_source": None, "published": "2031-04-28"}, False),
    # "the shooting of Ilic", undated, at the same named place
    ({"lemma": "shoot", "participants": ["c2"], "actor": None, "date": None, "date_source": None}, True),
    # the same victim a day later: another day, a conflict
    ({"participants": ["c2"], "actor": "c2", "target": None, "date": "2031-05-04"}, False),
    # the same people, another town far away
    ({"participants": ["c2"], "actor": "c2", "target": None, "place": "c8", "place_key": "dunmore", "place_geo": [52.0, -1.0]}, False),
    # only a country in common ("the country shot ..."): too wide to link two clusters
    ({"participants": ["c5"], "actor": "c5", "target": None}, False),
    # another kind of event with the victim on the same day ("Ilic met the mayor")
    ({"type": "CONSULT", "lemma": "meet", "participants": ["c2", "c4"], "actor": "c2", "target": "c4"}, False),
    # an attack named alike, nothing else in the setting (no shared place, no own day; nobody killed)
    ({"lemma": "attack", "participants": ["c2"], "actor": "c2", "target": None, "place": None, "place_key": None, "place_geo": None,
      "date": None, "date_source": None}, False),
    # only the articles' main place in common: not enough, unless the shared person is the victim of one killing
    ({"participants": ["c1"], "actor": "c1", "target": None, "place_inferred": True, "date": None, "date_source": None}, False),
    ({"participants": ["c2", "c1"], "actor": "c2", "target": "c1", "place_inferred": True, "date": None, "date_source": None,
      "published": "2031-05-06"}, False),  # "B shot A" is not "A shot B"
    ({"participants": ["c2", "n:gang"], "actor": "n:gang", "place_inferred": True, "date": None, "date_source": None,
      "published": "2031-05-25"}, True),  # a person is shot once, whoever is said to have done it
    ({"participants": ["c2"], "actor": None, "lemma": "death", "place_inferred": True, "date": None, "date_source": None,
      "published": "2031-05-20"}, True),  # "the death of Ilic": the same killing
    ({"participants": ["c2"], "actor": None, "lemma": "arrest", "type": "COERCE", "place_inferred": True, "date": None,
      "date_source": None, "published": "2031-05-20"}, False),  # "Ilic was arrested": another act
    # another death toll
    ({"participants": ["c2"], "actor": "c2", "target": None, "figures": [4.0]}, False),
])
def test_clusters_join(change: dict[str, object], joins: bool) -> None:
    first = [replace(SHOT, figures=[1.0] if "figures" in change else [])]
    second = [replace(SHOT, doc_id="d2", event_id="v7", **change)]  # type: ignore[arg-type]
    assert join(first, second, PEOPLE) is joins
    assert join(second, first, PEOPLE) is joins  # symmetric


@pytest.mark.parametrize(("actor", "joins"), [("c1", True), ("c3", False), ("n:a man", True)])
def test_named_attackers_must_agree_unless_a_person_is_killed(actor: str, joins: bool) -> None:
    first = [replace(SHOT, **ATTACK)]  # type: ignore[arg-type]
    second = [replace(SHOT, doc_id="d2", participants=sorted({actor, "c2"}), actor=actor, **ATTACK)]  # type: ignore[arg-type]
    assert join(first, second, PEOPLE) is joins


def test_one_contradicting_report_blocks_the_merge() -> None:
    good = replace(SHOT, doc_id="d2", participants=["c2"], actor="c2", target=None)
    late = replace(SHOT, doc_id="d3", date="2031-05-20")
    assert not conflict([SHOT], [good])
    assert conflict([SHOT], [good, late])
    assert not join([SHOT], [good, late], PEOPLE)


@pytest.mark.parametrize(("first", "second", "joins"), [
    # nobody resolved in common, but the two sentences say the same thing with the same trigger
    ("Rescue crews pulled twelve miners from the flooded Dunmore colliery shaft late on Friday night",
     "Twelve miners were pulled from the flooded Dunmore colliery shaft by rescue crews on Friday", True),
    # the same trigger in sentences about other things
    ("Rescue crews pulled twelve miners from the flooded Dunmore colliery shaft late on Friday night",
     "Rescue crews pulled a stranded hiker from a ravine near Castlebar after a long search", False),
    # fragments are too short to tell
    ("Rescue crews pulled miners out.", "Crews pulled miners out.", False),
])
def test_reports_echoing_each_other_join(first: str, second: str, joins: bool) -> None:
    from newsledger.ledger.rejoin import sentence_lemmas

    a = replace(SHOT, lemma="pull", participants=["c1"], actor="c1", target=None, place=None, place_key=None,
                place_geo=None, date=None, date_source=None)
    b = replace(a, doc_id="d2", participants=["c3"], actor="n:crews", evidence=[0, 1])
    sentences = {"d1": first, "d2": second}
    assert join([a], [b], PEOPLE, lambda ev: sentence_lemmas(sentences[ev.doc_id])) is joins
