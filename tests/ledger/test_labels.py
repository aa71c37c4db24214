"""A cluster's label says who did what to whom as most reports say, and when its reports say it happened."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.ledger.event_features import EventFeatures
from newsledger.ledger.labels import cluster_date, roles

# c1 a militia, c2 a kidnapped engineer, c3 a minister who spoke about it, c9 the town of Korsa.
R = EventFeatures("d1", "v1", "ASSAULT", "kill", [], None, None)


def reports(*pairs: tuple[str | None, str | None], ctype: str = "ASSAULT") -> list[EventFeatures]:
    return [replace(R, doc_id=f"d{i}", type=ctype, actor=a, target=t) for i, (a, t) in enumerate(pairs)]


@pytest.mark.parametrize(("members", "local", "speakers", "expected"), [
    # "the engineer was killed" parsed with the victim as subject in two reports, the militia named in one
    (reports(("c2", None), ("c2", None), ("c1", "c2"), (None, "c2"), (None, "c2")), set(), set(), ("c1", "c2")),
    # a town tagged as the actor ("Korsa attack") is the place, not who attacked
    (reports(("c9", "c2"), ("c9", "c2"), ("c1", "c2")), {"c9"}, set(), ("c1", "c2")),
    # the minister who said the militia did it reports the killing (an act), the vote goes
    (reports(("c3", None), ("c3", None), ("c1", "c2")), set(), {("d0", "v1"), ("d1", "v1")}, ("c1", "c2")),
    # two actors named once each: no agreement, no actor
    (reports(("c1", "c2"), ("c3", "c2")), set(), set(), (None, "c2")),
    # one article naming a bystander twice is one vote, against another article's named attacker: a tie
    ([replace(r, doc_id="d0") for r in reports(("c3", "c2"), ("c3", "c2"))] + reports(("c1", "c2")), set(), set(),
     (None, "c2")),
    # one article's name against two articles' descriptions ("gunmen"): no agreement on a name
    (reports(("c1", "c2"), ("n:gunmen", "c2"), ("n:gunmen", "c2")), set(), set(), (None, "c2")),
    # the actor is never also the target
    (reports(("c1", "c1"), ("c1", None)), set(), set(), ("c1", None)),
])
def test_roles_by_agreement(members: list[EventFeatures], local: set[str], speakers: set[tuple[str, str]],
                            expected: tuple[str | None, str | None]) -> None:
    assert roles(members, "ASSAULT", local, speakers) == expected


def test_either_side_of_a_meeting_may_be_named_first() -> None:
    actor, target = roles(reports(("c1", "c3"), ("c3", "c1"), ctype="CONSULT"), "CONSULT", set())
    assert {actor, target} == {"c1", "c3"}
    # "A called B" and "B held talks by telephone": both sides named, though never as a target of each other
    actor, target = roles(reports(("c1", "c3"), ("c3", None), ctype="CONSULT"), "CONSULT", set())
    assert {actor, target} == {"c1", "c3"}


def test_the_place_is_not_the_target() -> None:
    assert roles(reports(("c1", "c9"), ("c1", "c9"), ("c1", "c2")), "ASSAULT", set(), None, "c9") == ("c1", "c2")


@pytest.mark.parametrize(("dates", "expected"), [
    ([("2031-06", "clause"), ("2031-06-04", "clause"), ("2031-06-04", "clause"), ("2031-06-09", "clause")], "2031-06-04"),
    ([("2031-06-09", "publication"), ("2031-06-04", "clause")], "2031-06-04"),  # a caption's publication day loses
    ([("2031-06-09", "publication")], "2031-06-09"),  # ... unless no report dates the event
    ([("2031-W23", "clause"), ("2031-06-04", "attribution")], "2031-06-04"),  # the finer date inside the week
    ([], None),
])
def test_cluster_date(dates: list[tuple[str, str]], expected: str | None) -> None:
    members = [replace(R, doc_id=f"d{i}", date=d, date_source=s) for i, (d, s) in enumerate(dates)]
    assert cluster_date(members) == expected
