"""The table-driven attribute ruler gives exactly what spaCy's AttributeRuler gives."""

from __future__ import annotations

import pytest

from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "I ain't gonna wait, y'all. Let's go! C'mon, there is a boat and there are two cranes.",
    "But the pilots said that they were not told; whether it matters is unclear, but they'll see.",
    "  \n\nGotta run   now.\tThe U.S. team's coach won't say.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotations_as_spacy(nlp, original, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.fast_ruler import FastAttributeRuler

    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    ours, theirs = nlp(text), original(text)
    assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in ours] == [
        (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in theirs
    ]


def test_speed_up_without_ruler_is_a_no_op() -> None:
    import spacy

    from newsledger.runtime.fast_ruler import speed_up

    blank = spacy.blank("en")
    assert speed_up(blank) is False
    assert blank.pipe_names == []
