"""The learned quote filter: statements stay, beliefs and acts named by a cue verb go."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote
from newsledger.stages.quotes.filter import QuoteFilter, shipped_filter

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    "text",
    [
        "Governor Ana Ruiz said the crews had worked through the night.",
        '"We will rebuild the bridge," Governor Ana Ruiz told reporters on Monday.',
        "According to the fire brigade, the blaze started in the kitchen.",
        "The tunnel, Ana Ruiz said on Monday, will cost twice as much as promised.",
    ],
)
def test_statements_are_kept(quotes_of: QuotesOf, candidates_of: QuotesOf, text: str) -> None:
    kept = [(q.content.text, q.speaker) for q in quotes_of(text)]
    assert kept == [(q.content.text, q.speaker) for q in candidates_of(text)] != []


@pytest.mark.parametrize(
    "text",
    [
        "Engineers believe that the old dam will hold through the winter.",
        "The president praised the crews on Monday.",
        "Local farmers fear that the river will flood their fields again.",
    ],
)
def test_acts_and_beliefs_are_dropped(quotes_of: QuotesOf, candidates_of: QuotesOf, text: str) -> None:
    assert candidates_of(text) != []  # the finders propose them (PolNeAR counts them as attributions)
    assert [q for q in quotes_of(text)] == []


def test_the_shipped_filter_is_a_probability_threshold() -> None:
    flt = shipped_filter()
    assert flt is not None and 0.0 < flt.threshold < 1.0
    assert flt.weights["frame=ccomp"] > flt.weights.get("frame=object", 0.0)
    toy = QuoteFilter({"lemma=say": 2.0, "mode=belief": -3.0}, bias=0.0, threshold=0.5)
    assert toy.keep({"lemma=say": 1.0}) and not toy.keep({"lemma=say": 1.0, "mode=belief": 1.0})


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ('Mayor Ana Ruiz opened the bridge. She described it as a "small miracle" aimed at the whole valley.',
         "small miracle", "Ana Ruiz"),
        ('Mayor Ana Ruiz opened the bridge. She described the repair as a "small miracle" for the valley.',
         "small miracle", "Ana Ruiz"),
        ('Senator Tom Hale spoke after the vote. He called the budget "a betrayal of rural towns".',
         "a betrayal of rural towns", "Tom Hale"),
    ],
)
def test_quoted_words_a_speakers_verb_governs_are_kept(quotes_of: QuotesOf, text: str, words: str,
                                                       speaker: str) -> None:
    got = [(q.content.text, q.speaker.name if q.speaker else None) for q in quotes_of(text)]
    assert any(words in content and who == speaker for content, who in got), got
