"""training/annotation/convert.py Locator.strict: loosely located evidence is flagged before conversion."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "annotation"))
from convert import Locator  # noqa: E402

TEXT = "The pilot said then he would land. Later he left."
UNITS = {"P1": [0, len(TEXT)], "P1.S1": [0, 34], "P1.S2": [35, len(TEXT)]}


@pytest.mark.parametrize(("ev", "problem"), [
    ({"text": "he", "loc": "P1.S1", "nth": 3}, None),            # "The", "then", then the pronoun
    ({"text": "he", "loc": "P1.S1", "nth": 2}, "inside a word"),  # counted whole words only: lands in "then"
    ({"text": "he", "loc": "P1.S1"}, None),                       # no nth: the first whole-word occurrence
    ({"text": "left", "loc": "P1.S1"}, "not in its unit"),       # in the paragraph, but in sentence 2
    ({"text": "left", "loc": "P1.S2"}, None),
])
def test_strict(ev: dict[str, object], problem: str | None) -> None:
    loc = Locator(TEXT, UNITS)
    assert loc.one(ev) is not None
    found = loc.strict(ev)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_word_mode_counts_whole_words() -> None:
    loc = Locator(TEXT, UNITS)
    loc.nth_words = True
    assert loc.strict({"text": "he", "loc": "P1.S1", "nth": 1}) is None
    assert loc.one({"text": "he", "loc": "P1.S1", "nth": 1}) == (20, 22)
