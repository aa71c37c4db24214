"""Tests of the per-document and per-outlet framing summaries."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Document, Framing, Quote, Speaker, TextSpan
from newsledger.stages.framing.summary import by_outlet, split_sentences, summarize, summarize_analysis

TEXT = 'The cruel plan failed. Rain fell all day. "Our glorious army won," he said. Nothing else happened.'


def _spans() -> tuple[list[Framing], list[Quote]]:
    q_start = TEXT.index("Our glorious")
    q_end = TEXT.index(',"') + 1
    quote = Quote("q1", "direct", Speaker("Lt. Dan", None, None, None), None, TextSpan(q_start, q_end, TEXT[q_start:q_end]))
    cruel = TEXT.index("cruel")
    glor = TEXT.index("glorious")
    framing = [
        Framing(cruel, cruel + 10, "cruel plan", "Loaded_Language", "outlet"),
        Framing(glor, glor + 13, "glorious army", "Loaded_Language", "Lt. Dan", "q1", False),
    ]
    return framing, [quote]


# (text, expected number of sentences)
SPLIT_CASES = [
    (TEXT, 4),
    ("One. Two! Three?", 3),
    ("No final stop", 1),
    ("", 0),
]


@pytest.mark.parametrize(("text", "n"), SPLIT_CASES)
def test_split_sentences(text: str, n: int) -> None:
    assert len(split_sentences(text)) == n


def test_summarize_counts_only_the_narrator() -> None:
    framing, quotes = _spans()
    s = summarize(framing, quotes, split_sentences(TEXT), "d1", "Example Post")
    assert (s.sentences, s.narrator_sentences, s.loaded_narrator) == (4, 3, 1)
    assert s.narrator_share == pytest.approx(1 / 3, abs=1e-3)
    assert s.by_voice == {"outlet": 1, "Lt. Dan": 1}
    assert (s.outlet_spans, s.quoted_spans) == (1, 1)


def test_by_outlet_pools_documents() -> None:
    framing, quotes = _spans()
    a = summarize(framing, quotes, split_sentences(TEXT), "d1", "Example Post")
    b = summarize([], [], split_sentences(TEXT), "d2", "Example Post")
    c = summarize(framing, [], split_sentences(TEXT), "d3", None)
    pooled = by_outlet([a, b, c])
    assert pooled["Example Post"].documents == 2
    assert pooled["Example Post"].narrator_sentences == 7
    assert pooled["Example Post"].narrator_share == pytest.approx(1 / 7, abs=1e-3)
    assert pooled["unknown"].documents == 1


def test_summarize_analysis_without_stored_summary() -> None:
    framing, quotes = _spans()
    analysis = Analysis(document=Document(id="d1", text=TEXT, outlet="X"), quotes=quotes, framing=framing)
    assert summarize_analysis(analysis).loaded_narrator == 1
    analysis.extras["framing_summary"] = summarize_analysis(analysis).to_dict()
    assert summarize_analysis(analysis).document == "d1"
