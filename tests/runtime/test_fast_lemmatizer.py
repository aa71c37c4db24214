"""The cached lemmatizer front gives exactly spaCy's lemmas and stays bounded."""

from __future__ import annotations

import pytest

from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "The geese were flying over the churches; the mice had eaten the best cheeses and ran faster.",
    "She's been writing, they'd gone, we're leaving: the Smiths' dogs barked at the U.S. ambassadors.",
    "  \n\nAnalyses of crises show phenomena that criteria alone can't explain, said Ms. O'Neill.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_lemmas_as_spacy(nlp, original, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.fast_lemmatizer import FastLemmatizer

    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    for _ in range(2):  # the second pass is answered from the cache
        assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in original(text)]


def test_cache_is_bounded(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime import fast_lemmatizer

    lem = nlp.get_pipe("lemmatizer")
    monkeypatch.setattr(fast_lemmatizer, "MAX_CACHE", 5)
    lem._cache.clear()
    doc = nlp(TEXTS[-3])
    assert len(lem._cache) <= 5
    assert [t.lemma_ for t in doc][:4] == ["the", "goose", "be", "fly"]


def test_speed_up_without_lemmatizer_is_a_no_op() -> None:
    import spacy

    from newsledger.runtime.fast_lemmatizer import speed_up

    blank = spacy.blank("en")
    assert speed_up(blank) is False
    assert blank.pipe_names == []
