"""Quote-mark pairing: every layout of marks, and no runaway on odd ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.stages.quotes.marks import find_marked


def inner(text: str) -> list[str]:
    return [text[s.inner_start : s.inner_end] for s in find_marked(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The ferry is late," she said.', ["The ferry is late,"]),
        ("“The ferry is late,” she said.", ["The ferry is late,"]),
        ('"The ferry is late,” she said.', ["The ferry is late,"]),  # straight open, curly close
        ("“The ferry is late,\" she said.", ["The ferry is late,"]),  # curly open, straight close
        ("'The ferry is late,' she said.", ["The ferry is late,"]),
        ("‘The ferry is late,’ she said.", ["The ferry is late,"]),
        ("''The ferry is late,'' she said.", ["The ferry is late,"]),  # typewriter doubles
        ("``The ferry is late,'' she said.", ["The ferry is late,"]),
        ('"One," he said, "two."', ["One,", "two."]),
        ('It was a "quiet" week.', ["quiet"]),
        ("Don't touch the sailors' boats.", []),  # apostrophes only
        ("No quotes at all here.", []),
        ('"First paragraph goes on.\n"Second paragraph ends it," he said.', ["First paragraph goes on.\n\"Second paragraph ends it,"]),
        ('"Unclosed first paragraph.\nSecond paragraph without a mark.', ["Unclosed first paragraph."]),
        ('She said " and stopped.', []),  # a lone mark between spaces
        ('"', []),
        ('""', []),
        ("", []),
    ],
)
def test_pairs(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_unclosed_quote_stops_at_its_paragraph() -> None:
    text = '"Unclosed at first.\nA plain paragraph.\n"A real one," he said.'
    spans = find_marked(text)
    assert [s.closed for s in spans] == [False, True]
    assert "\n" not in text[spans[0].start : spans[0].end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”‘’'«»`")), max_size=80))
def test_spans_are_sane_on_any_text(text: str) -> None:
    spans = find_marked(text)
    last = -1
    for s in spans:
        assert 0 <= s.start <= s.inner_start <= s.inner_end <= s.end <= len(text)
        assert s.start >= last  # no overlap, in order
        last = s.end
