"""Which two resolved sides contradict each other when two clusters would merge (rejoin.roles_clash)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.ledger.event_features import EventFeatures
from newsledger.ledger.rejoin import names_alike, roles_clash

# "Mara Quell checked into the Orrin Vale clinic": c1 the person, c2 the clinic (a place under country level).
STAY = EventFeatures("d1", "v1", "", "check", ["c1", "c2"], "c9", None, actor="c1", target="c2",
                     actor_name="mara quell", target_name="orrin vale clinic", actor_person=True, target_place=True)


@pytest.mark.parametrize(("a", "b", "persons", "alike"), [
    ("quell", "mara quell", True, True),            # a bare surname and the full name ending in it
    ("mara quell", "quell", True, True),
    ("quell", "mara stenholt", True, False),        # a bare surname of somebody else
    ("quell", "mara quell", False, False),          # not people: one word proves nothing
    ("ida quell", "mara quell", True, False),        # two relatives: one shared word is not enough
    ("orrin vale clinic", "orrin vale treatment center", False, True),  # two words in common
    ("the port of brell", "the port of senna", False, False),          # only stopwords and one word shared
    (None, "mara quell", True, False),
])
def test_names_alike(a: str | None, b: str | None, persons: bool, alike: bool) -> None:
    assert names_alike(a, b, persons) is alike


@pytest.mark.parametrize(("change", "clash"), [
    # "Quell checked in" (the ledger keeps the bare surname as another entity): no contradiction
    ({"participants": ["c3", "c2"], "actor": "c3", "actor_name": "quell"}, False),
    # another person checked in
    ({"participants": ["c4", "c2"], "actor": "c4", "actor_name": "tobin arkwright"}, True),
    # the clinic under a longer name: two words in common
    ({"participants": ["c1", "c5"], "target": "c5", "target_name": "orrin vale treatment center"}, False),
    # a clinic in another town's name, not a material act: where it happened, left to the place check
    ({"participants": ["c1", "c6"], "target": "c6", "target_name": "lakemoor"}, False),
    # the same place targets in an attack are sides: another target is another attack
    ({"type": "ASSAULT", "participants": ["c1", "c6"], "target": "c6", "target_name": "lakemoor"}, True),
    # a country as the other target is not a destination when neither target is a place under country level
    ({"participants": ["c1", "c7"], "target": "c7", "target_name": "felmark", "target_place": False}, None),
])
def test_roles_clash(change: dict[str, object], clash: bool | None) -> None:
    other = replace(STAY, doc_id="d2", **change)  # type: ignore[arg-type]
    if clash is None:  # STAY's own target is a place under country level: still a destination
        assert roles_clash(STAY, other) is False
        plain = replace(STAY, target_place=False)
        assert roles_clash(plain, other) is True
        return
    assert roles_clash(STAY, other) is clash
    assert roles_clash(other, STAY) is clash


def test_swapped_sides_still_clash() -> None:
    a = replace(STAY, type="ASSAULT", actor="c1", target="c4", participants=["c1", "c4"], target_place=False, target_name="tobin arkwright")
    b = replace(a, doc_id="d2", actor="c4", target="c1", actor_name="tobin arkwright", target_name="mara quell")
    assert roles_clash(a, b) is True
