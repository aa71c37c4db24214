"""Tests of the per-document and per-outlet framing summaries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _brute(framing: list[Framing], quotes: list[Quote], sentences: list[tuple[int, int]]) -> tuple[int, int]:
    """Narrator and loaded sentences counted pair by pair (the definition the fast path must match)."""
    contents = [(q.content.start, q.content.end) for q in quotes]
    narrator, loaded = 0, 0
    for s, e in sentences:
        covered = set()
        for cs, ce in contents:
            covered.update(range(max(s, cs), min(e, ce)))
        if len(covered) >= 0.5 * (e - s):
            continue
        narrator += 1
        loaded += any(f.start < e and s < f.end for f in framing if f.voice == "outlet")
    return narrator, loaded


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), max_size=8),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8), st.booleans()), max_size=8),
       st.lists(st.integers(1, 12), min_size=1, max_size=10))
def test_summary_matches_the_pairwise_definition(quotes: list[tuple[int, int]], spans: list[tuple[int, int, bool]],
                                                  lengths: list[int]) -> None:
    sentences, start = [], 0
    for n in lengths:
        sentences.append((start, start + n))
        start += n
    qs = [Quote(f"q{i}", "direct", None, None, TextSpan(s, s + n, "x" * n)) for i, (s, n) in enumerate(quotes)]
    fs = [Framing(s, s + n, "x" * n, "Loaded_Language", "outlet" if mine else "someone") for s, n, mine in spans]
    got = summarize(fs, qs, sentences)
    assert (got.narrator_sentences, got.loaded_narrator) == _brute(fs, qs, sentences)


def test_long_document_summary_is_not_quadratic() -> None:
    """20,000 sentences and 5,000 quotes and spans (a 2,000,000-character document) in well under a second of work."""
    import time

    sentences = [(i * 100, i * 100 + 90) for i in range(20_000)]
    qs = [Quote(f"q{i}", "direct", None, None, TextSpan(i * 400, i * 400 + 60, "x" * 60)) for i in range(5_000)]
    fs = [Framing(i * 400 + 150, i * 400 + 160, "x" * 10, "Loaded_Language", "outlet") for i in range(5_000)]
    t0 = time.process_time()
    got = summarize(fs, qs, sentences)
    assert (got.sentences, got.narrator_sentences, got.loaded_narrator) == (20_000, 15_000, 5_000)
    assert time.process_time() - t0 < 5  # pair by pair this is 2 x 10^8 steps, minutes of CPU
