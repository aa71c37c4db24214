"""training/linker_loto.py: per-mention B-cubed on full clusters and the conflict check named for a loss count."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training"))
import linker_loto as lt  # noqa: E402
from newsledger.ledger.event_features import EventFeatures  # noqa: E402
from newsledger.ledger.rejoin import conflict  # noqa: E402

GOLD = {("a", "1"): "T", ("b", "1"): "T", ("c", "1"): "T", ("d", "1"): "U"}


@pytest.mark.parametrize(("system", "mention", "expected"), [
    # all of T together, U alone: every mention of T is right and complete
    ({("a", "1"): 1, ("b", "1"): 1, ("c", "1"): 1, ("d", "1"): 2}, ("a", "1"), (1.0, 1.0)),
    # a alone: complete for a third of its topic
    ({("a", "1"): 1, ("b", "1"): 2, ("c", "1"): 2, ("d", "1"): 3}, ("a", "1"), (1.0, 1 / 3)),
    # b joined with U's mention: half of its cluster is another topic
    ({("a", "1"): 1, ("b", "1"): 2, ("c", "1"): 3, ("d", "1"): 2}, ("b", "1"), (0.5, 1 / 3)),
])
def test_bcubed_by_mention(system: dict[tuple[str, str], int], mention: tuple[str, str], expected: tuple[float, float]) -> None:
    p, r = lt.bcubed_by_mention(system, GOLD)[mention]  # type: ignore[arg-type]
    assert p == pytest.approx(expected[0]) and r == pytest.approx(expected[1])


BASE = EventFeatures("d1", "v1", "ASSAULT", "raid", ["c1", "c2"], "c9", "2031-03-02", actor="c1", target="c2",
                     published="2031-03-02")


@pytest.mark.parametrize(("change", "reason"), [
    ({}, None),                                                    # the same raid
    ({"type": "CONSULT", "lemma": "meet"}, "type"),               # a meeting is no raid
    ({"date": "2031-04-19", "published": "2031-04-19"}, "date"),  # weeks later
    ({"actor": "c3", "participants": ["c3", "c2"]}, "roles"),     # another named raider
])
def test_conflict_reason(change: dict[str, object], reason: str | None) -> None:
    other = replace(BASE, doc_id="d2", **change)  # type: ignore[arg-type]
    assert lt.conflict_reason([BASE], [other]) == reason
    assert conflict([BASE], [other]) is (reason is not None)  # the named check is the ledger's own verdict
