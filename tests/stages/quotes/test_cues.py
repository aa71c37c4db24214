"""The cue lexicon: classes of cue words and recognition on parsed tokens."""

from __future__ import annotations

import pytest

from newsledger.stages.quotes.cues import load_lexicon, verb_cue


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said", "speech"),
        ("has told", "speech"),
        ("According to", "speech"),
        ("emphasized", "speech"),
        ("tweeted", "speech"),
        ("believes", "belief"),
        ("thought", "belief"),
        ("found", "knowledge"),
        ("ate", None),
        ("", None),
    ],
)
def test_cue_class(cue: str, expected: str | None) -> None:
    assert load_lexicon().cue_class(cue) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The mayor said it was over.", "said", "speech"),
        ("The mayor pointed out that it was over.", "pointed", "speech"),
        ("The mayor thinks it is over.", "thinks", "belief"),
        ("The mayor ate lunch.", "ate", None),
    ],
)
def test_verb_cue(nlp, text: str, word: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    tok = next(t for t in nlp(text) if t.text == word)
    assert verb_cue(tok) == expected
