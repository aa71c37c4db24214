"""Tests of the framing lexicons and their token matcher."""

from __future__ import annotations

import pytest

from newsledger.stages.framing.lexicon import entries, match

# (own sentence, expected matched text, contested)
CASES = [
    ("They called it a sacred duty to the nation.", "sacred duty", False),
    ("The valiant defenders held the bridge.", "valiant defenders", False),
    ("Rebels were described as neo-Nazis by the ministry.", "neo-Nazis", True),
    ("Officials announced a special military operation at dawn.", "special military operation", True),
    ("The regime closed the newspaper.", "regime", True),
    ("Army units liberated the village of Dobrovo yesterday.", "liberated", True),
]


@pytest.mark.parametrize(("text", "expected", "contested"), CASES)
def test_match(nlp, text: str, expected: str, contested: bool) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    found = {doc[s:e].text: entry.contested for s, e, entry in match(doc)}
    assert found.get(expected) is contested, found


@pytest.mark.parametrize("text", ["The committee met on Tuesday to discuss the budget.", "Prices rose by two percent."])
def test_plain_text_has_no_match(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert match(nlp(text)) == []


def test_entries_are_well_formed() -> None:
    items = entries()
    assert any(e.contested for e in items) and any(not e.contested for e in items)
    for e in items:
        assert e.tokens and all(t == t.lower() for t in e.tokens)
        assert e.technique in {"Loaded_Language", "Name_Calling,Labeling", "Flag-Waving"}
