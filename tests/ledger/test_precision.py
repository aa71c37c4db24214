"""What keeps two events apart at the top of the ledger: roles, wording, buildings, countries, tallies, habits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.ledger.event_features import EventFeatures, is_tally
from newsledger.ledger.match import same_place
from newsledger.ledger.rejoin import join
from newsledger.ledger.specific import specific

# "The Velmar Front ambushed a patrol near Korsa on 4 June": c1 the front, c2 the army, c3 a minister.
AMBUSH = EventFeatures("d1", "v1", "ASSAULT", "ambush", ["c1", "c2"], "c9", "2031-06-04", place_key="korsa",
                       published="2031-06-05", actor="c1", target="c2", date_source="clause", place_geo=[41.0, 20.0])
NARROW = {"c1", "c2", "c3", "c4"}


@pytest.mark.parametrize(("change", "joins"), [
    # the front's victim of one report is the attacker of another: "the army shelled the front's camp" that day
    ({"lemma": "shell", "participants": ["c2", "c4"], "actor": "c2", "target": "c4", "place": None, "place_key": None,
      "place_geo": None}, False),
    # ... but the same attacker under another word on that day is the same ambush (a material act)
    ({"lemma": "raid", "participants": ["c1"], "target": None, "place": None, "place_key": None, "place_geo": None}, True),
])
def test_shared_participants_count_in_one_role(change: dict[str, object], joins: bool) -> None:
    other = replace(AMBUSH, doc_id="d2", event_id="v4", **change)  # type: ignore[arg-type]
    assert join([AMBUSH], [other], NARROW) is joins
    assert join([other], [AMBUSH], NARROW) is joins


MEETING = EventFeatures("d1", "v1", "CONSULT", "meet", ["c3", "c4"], "c9", "2031-06-04", place_key="korsa",
                        published="2031-06-05", actor="c3", target="c4", date_source="clause", place_geo=[41.0, 20.0])


@pytest.mark.parametrize(("change", "joins"), [
    # the minister visits a barracks the same day: another word, only the actor and the day in common
    ({"lemma": "visit", "participants": ["c3"], "target": None, "place": "c8", "place_key": "barracks", "place_geo": None}, False),
    # ... "held talks" with the same envoy that day: a second participant in the same role
    ({"lemma": "talk", "place": None, "place_key": None, "place_geo": None}, True),
    # ... at the same place on the same day, whoever else is named
    ({"lemma": "talk", "participants": ["c3"], "target": None}, True),
])
def test_another_word_for_a_statement_needs_more_than_actor_and_day(change: dict[str, object], joins: bool) -> None:
    other = replace(MEETING, doc_id="d2", event_id="v4", **change)  # type: ignore[arg-type]
    assert join([MEETING], [other], NARROW) is joins


PALACE = EventFeatures("d1", "v1", "CONSULT", "meet", ["c3"], "c20", None, place_key="summer palace", actor="c3",
                       place_geo=[41.000, 20.000], place_country="ALB", place_precision="place", place_feature="facility")


@pytest.mark.parametrize(("change", "same"), [
    ({"place": "c21", "place_key": "parliament", "place_geo": [41.02, 20.0]}, False),  # another building, 2 km off
    ({"place": "c21", "place_key": "palace gardens", "place_geo": [41.001, 20.0]}, True),  # 110 m: one compound
    ({"place": "c22", "place_key": "korsa", "place_geo": [41.01, 20.0], "place_feature": "city"}, True),  # its town
    ({"place_key": "albania", "place_geo": [41.0, 20.0], "place_precision": "country", "place_feature": "country"}, None),
])
def test_same_place(change: dict[str, object], same: bool | None) -> None:
    assert same_place(PALACE, replace(PALACE, doc_id="d2", **change)) is same  # type: ignore[arg-type]


def test_a_country_is_never_a_shared_place() -> None:
    home = replace(PALACE, place="c5", place_key="albania", place_geo=None, place_precision="country", place_feature="country")
    assert same_place(home, replace(home, doc_id="d2", place_precision=None, place_country=None)) is None
    abroad = replace(home, doc_id="d3", place="c6", place_key="kosovo", place_country="XKX")
    assert same_place(home, abroad) is False


@pytest.mark.parametrize(("text", "trigger", "tally"), [
    ("Drones have flown 143 sorties since the spring.", "flown 143 sorties", True),  # the count inside the span
    ("The air force launched a fourth round of airstrikes on Sunday.", "airstrikes", True),  # one of a series
    ("The air force launched airstrikes on Sunday.", "launched airstrikes", False),
])
def test_counts_and_ordinals_are_tallies(text: str, trigger: str, tally: bool) -> None:
    s = text.index(trigger)
    assert is_tally(text, s, s + len(trigger)) is tally


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("The guards believed they had caught him several times before the escape.", "caught", False),
    ("Opponents sharpened the arguments for a strike on the depot.", "strike", False),
    ("Neighbours urged the army to end its shelling of the valley.", "shelling", False),
    ("Sources say the cell is in the final stages of planning for an attack.", "attack", False),
    ("The guards caught him at the border on Friday.", "caught", True),
    ("Witnesses said the courier was shot several times near the depot.", "shot", True),  # many shots, one shooting
    ("The cartel has a long history of attacking couriers.", "attacking", False),
    ("The port saw several days of heavy shelling.", "shelling", False),  # a campaign, not one happening
])
def test_beliefs_and_arguments_are_no_happening(sentence: str, trigger: str, expected: bool) -> None:
    assert specific(sentence, sentence.index(trigger), (0, len(sentence)), None, None) is expected


@pytest.mark.parametrize(("lemma", "joins"), [("behead", True), ("kill", True), ("shot", False)])
def test_a_person_dies_once_whatever_date_a_report_gives(lemma: str, joins: bool) -> None:
    # c2 is a kidnapped engineer (a person): one report dates his killing to the day the video came out, a
    # later one to the Sunday it was discussed; being shot may happen twice, being killed only once
    first = replace(AMBUSH, lemma=lemma, target_person=True, place=None, place_key=None, place_geo=None)
    later = replace(first, doc_id="d2", date="2031-06-09", published="2031-06-09")
    assert join([first], [later], NARROW) is joins


@pytest.mark.parametrize(("kind", "lemma", "target", "merges"), [
    ("ASSAULT", "strike", None, True),   # "last week the front struck" / "on Thursday the front struck": one act
    ("CONSULT", "meet", None, False),    # "last week's meeting with the minister" / his meeting on Thursday
    ("CONSULT", "meet", "c4", True),     # ... with the same envoy
])
def test_the_same_week_is_enough_for_an_act_not_for_a_meeting(kind: str, lemma: str, target: str | None, merges: bool) -> None:
    from newsledger.ledger.match import pair_score

    thursday = EventFeatures("d1", "v1", kind, lemma, ["c3", "c4"], None, "2031-06-05", published="2031-06-06",
                             actor="c3", target="c4", date_source="clause")
    last_week = replace(thursday, doc_id="d2", participants=sorted({"c3", target or "c3"}), target=target,
                        date="2031-W23", published="2031-06-10")
    assert (pair_score(last_week, thursday) > 0) is merges
