"""training/annotation/adjudicate.py: events judged wrong by a second session leave the split; nothing else does."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "annotation"))
from adjudicate import drop  # noqa: E402


def _rec(doc: str, types: list[str]) -> dict[str, Any]:
    return {"doc": doc, "entities": [], "quotes": [{"kind": "direct"}],
            "events": [{"type": t, "trigger": [i, i + 1]} for i, t in enumerate(types)]}


def test_drops_only_wrong_events() -> None:
    recs = [_rec("a:1", ["AID", "DEMAND", "FIGHT"]), _rec("a:2", ["CONSULT"])]
    verdicts = [{"key": "a:1#event1", "ok": False}, {"key": "a:1#event2", "ok": True}, {"key": "a:2#event0", "ok": False}]
    kept, n = drop(recs, verdicts)
    assert n == 2
    assert [e["type"] for e in kept[0]["events"]] == ["AID", "FIGHT"]
    assert kept[1]["events"] == [] and kept[1]["quotes"] == recs[1]["quotes"]


@pytest.mark.parametrize(("key", "message"), [
    ("a:1#quote0", "only events"),
    ("b:9#event0", "not in the split"),
    ("a:1#event7", "past the"),
])
def test_bad_verdicts_are_refused(key: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        drop([_rec("a:1", ["AID"])], [{"key": key, "ok": False}])
