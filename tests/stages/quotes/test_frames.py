"""Complement frames and the table learned from PolNeAR train."""

from __future__ import annotations

import pytest

from newsledger.stages.quotes.frames import frames_of, learned_frames


def test_learned_table_ships_with_the_package() -> None:
    table = learned_frames()
    assert table[("say", "ccomp")] > 0.5  # "said that ..." is nearly always an attribution
    assert all(0.0 < p <= 1.0 for p in table.values())


@pytest.mark.parametrize(
    ("text", "word", "frame", "content"),
    [
        ("Reed said the mine would close.", "said", "ccomp", "the mine would close"),
        ("Reed called for a new vote.", "called", "prep:for", "a new vote"),
        ("Reed denied the report.", "denied", "dobj", "the report"),
    ],
)
def test_frames_of(nlp, text: str, word: str, frame: str, content: str) -> None:  # type: ignore[no-untyped-def]
    tok = next(t for t in nlp(text) if t.text == word)
    frames = {f: text[a:b] for f, (a, b) in frames_of(tok)}
    assert frames.get(frame) == content
