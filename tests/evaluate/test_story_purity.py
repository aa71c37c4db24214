"""Story purity against AllSides topic labels, raw and by broad section."""

from __future__ import annotations

import json

import pytest

from newsledger.evaluate.stories import TOPIC_SECTIONS, purity, section


@pytest.mark.parametrize(("stories", "labels", "expected"), [
    ([["a", "b"], ["c"]], {"a": "x", "b": "x", "c": "y"}, 1.0),  # singletons do not count
    ([["a", "b", "c", "d"]], {"a": "x", "b": "x", "c": "x", "d": "y"}, 0.75),
    ([["a", "b"], ["c", "d"]], {"a": "x", "b": "y", "c": "z", "d": "z"}, 0.75),
    ([["a"], ["b"]], {"a": "x", "b": "y"}, None),
])
def test_purity(stories: list[list[str]], labels: dict[str, str], expected: float | None) -> None:
    assert purity(stories, labels) == expected


@pytest.mark.parametrize(("left", "right", "same"), [
    ("israel", "middle_east", True),  # a country inside its region
    ("us_senate", "us_congress", True),
    ("isis", "middle_east", False),  # a subject and a place stay apart
    ("ebola", "africa", False),
    ("healthcare", "federal_budget", False),
])
def test_sections(left: str, right: str, same: bool) -> None:
    assert (section(left) == section(right)) is same


def test_every_shipped_label_has_a_section() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "allsides-articles.jsonl"
    if not path.exists():
        pytest.skip("AllSides data not shipped here")
    with path.open(encoding="utf-8") as fh:
        labels = {json.loads(line)["topic"] for line in fh}
    assert labels <= set(TOPIC_SECTIONS)
    assert section("a label nobody uses") == "a label nobody uses"
