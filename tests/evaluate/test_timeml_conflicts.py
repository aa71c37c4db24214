"""scripts/timeml_conflicts.py: the pattern rules that sort TimeML errors into gold conflicts and our own errors."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsledger.evaluate.timeml import GoldTimex, Scores, TimeMLDoc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import timeml_conflicts as tc  # noqa: E402


def _other_part() -> tc.ExpressionStats:
    """A made-up other part that annotates 'for years' three times out of three and 'previously' never."""
    text = "It rained for years. Farms failed for years. Towns shrank for years. Previously it was dry. Previously rich. Previously calm."
    spans = [i for i in range(len(text)) if text.startswith("years", i)]
    gold = [GoldTimex(s, s + 5, "years", "DURATION", "PXY") for s in spans]
    return tc.ExpressionStats([TimeMLDoc("d", text, date(2001, 5, 2), gold)])


def row(kind: str, text: str, gold: str = "", system: str = "", dct: str = "2001-05-02", **extra: Any) -> dict[str, Any]:
    e = {"kind": kind, "text": text, "dct": dct, "left": "it was so ", "right": " and then"}
    if gold:
        e["gold"] = gold
    if system:
        e["system"] = system
    e.update(extra)
    return e


# (error row, expected class); the DCT 2001-05-02 is a Wednesday in ISO week 18
CASES = [
    (row("false_alarm", "now", system="PRESENT_REF"), "issue:vague_ref"),
    (row("false_alarm", "recently", system="PAST_REF"), "issue:vague_ref"),
    (row("value", "June", "P1M", "2001-06"), "issue:month_name"),
    (row("value", "last week", "2001-WXX", "2001-W17"), "issue:iso_week"),
    (row("value", "next week", "2001-05-09", "2001-W19"), "issue:iso_week"),
    (row("value", "last week", "2001-WXX", "2001-W16"), "ours"),  # our week is not the one before the DCT
    (row("value", "Monday", "2001-04-23", "2001-04-30"), "issue:weekday_tense"),  # gold nine days back
    (row("value", "9 a.m. Friday", "2001-05-03T09:00", "2001-05-04T09:00"), "issue:weekday_tense"),  # a Thursday
    (row("value", "Tuesday", "2001-05-01", "2001-05-08"), "ours"),  # the gold keeps the rule, we do not
    (row("value", "Sunday night", "2001-04-29", "2001-04-29TNI"), "other:day_part"),
    (row("value", "1971", "1971-XX", "1971"), "other:x_year"),
    (row("value", "the 1970s", "197X", "197"), "other:x_decade"),
    (row("value", "the weekend", "P2D", "2001-W17-WE"), "other:weekend"),
    (row("false_alarm", "years", system="PXY"), "other:same_expression"),
    (row("miss", "previously", "PAST_REF"), "other:same_expression"),
    (row("value", "next month", "P1M", "2001-06"), "ext:calendar_unit"),
    (row("value", "1994", "1994-03-08", "1994"), "ext:precision"),
    (row("value", "13 years", "P12Y", "P13Y"), "slip"),
    (row("value", "three weeks", "P2W", "P2W", system_text="two weeks"), "ours"),
    (row("false_alarm", "Today", system="2001-05-02", left="listen to Radio "), "ours"),  # a name, not a day
]


@pytest.mark.parametrize(("error", "expected"), CASES)
def test_classify(error: dict[str, Any], expected: str) -> None:
    other = _other_part()
    other._cache["__ago__"] = 1.0
    assert tc.classify(error, other) == expected


def test_ceiling_and_reach() -> None:
    s = Scores(name="p", docs=1, gold=10, system=10, relaxed_gold=9, relaxed_system=8, value_ok=6, value_pairs=9)
    counts = Counter({("issue:iso_week", "value"): 2, ("other:same_expression", "false_alarm"): 2, ("ours", "value"): 1})
    base = s.figures()["value_f1"]
    ceil = tc.ceiling(s, counts)
    assert ceil["value_accuracy"] == pytest.approx(10 / 11)  # two values right, two false alarms found and right
    assert ceil["value_f1"] > base
    assert tc.reachable(s, counts)["value_accuracy"] == pytest.approx(7 / 9)
    assert tc.fixes_needed(s, counts, 0.99) is None
    assert tc.fixes_needed(s, counts, base) == 0
