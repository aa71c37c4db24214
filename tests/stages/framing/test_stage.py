"""Tests of the framing stage: lexicon spans, voice from (constructed) quotes, contested terms, merging."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Document, Quote, Speaker, TextSpan
from newsledger.registry import Context
from newsledger.stages.framing.stage import (
    OUTLET_VOICE,
    UNATTRIBUTED_VOICE,
    VoiceIndex,
    extract_framing,
    merge_same_technique,
)


def _quote(text: str, content: str, speaker: str | None, qid: str = "q1", kind: str = "direct") -> Quote:
    start = text.index(content)
    return Quote(
        id=qid,
        kind=kind,
        speaker=Speaker(speaker, None, None, None) if speaker else None,
        cue=None,
        content=TextSpan(start, start + len(content), content),
    )


def _run(nlp, text: str, quotes: list[Quote]):  # type: ignore[no-untyped-def]
    document = Document(id="t", text=text, outlet="The Daily Example")
    analysis = Analysis(document=document, quotes=quotes)
    ctx = Context(document=document, doc=nlp(text), analysis=analysis)
    return extract_framing(ctx), analysis


# (text, quoted content or None, speaker, term expected as a span, expected voice, contested)
VOICE_CASES = [
    (
        'The minister said: "Our heroic pilots defended every street of the capital."',
        "Our heroic pilots defended every street of the capital.",
        "Anna Petrova",
        "heroic pilots",
        "Anna Petrova",
        False,
    ),
    (
        "Government troops completed the liberation of the river town of Melnik on Sunday.",
        None,
        None,
        "liberation",
        OUTLET_VOICE,
        True,
    ),
    (
        'General Ivo Marek said the encroaching enemy units had been stopped near the town of Varna.',
        "the encroaching enemy units had been stopped near the town of Varna",
        "Ivo Marek",
        "encroaching",
        "Ivo Marek",
        True,
    ),
    (
        'A spokesman called them "terrorists" and promised a response.',
        "terrorists",
        None,
        "terrorists",
        UNATTRIBUTED_VOICE,
        True,
    ),
    (
        "The invaders shelled the harbour overnight, the agency wrote.",
        None,
        None,
        "invaders",
        OUTLET_VOICE,
        True,
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "term", "voice", "contested"), VOICE_CASES)
def test_voice_and_contested(nlp, text, content, speaker, term, voice, contested) -> None:  # type: ignore[no-untyped-def]
    quotes = [_quote(text, content, speaker)] if content else []
    spans, _ = _run(nlp, text, quotes)
    hits = [f for f in spans if term in f.text]
    assert hits, f"{term!r} not found in {[f.text for f in spans]}"
    f = hits[0]
    assert f.voice == voice
    assert f.contested is contested
    assert text[f.start : f.end] == f.text
    assert (f.quote is not None) == (content is not None)


# (own sentence, indirect content, term, expected voice): a nominal content is the narrator's description
NOMINAL_CASES = [
    (
        "The minister praised the heroic defence of the river town of Melnik.",
        "the heroic defence of the river town of Melnik",
        "heroic",
        OUTLET_VOICE,
    ),
    (
        "The minister said that the heroic defenders of Melnik would be honoured.",
        "the heroic defenders of Melnik would be honoured",
        "heroic",
        "Anna Petrova",
    ),
]


@pytest.mark.parametrize(("text", "content", "term", "voice"), NOMINAL_CASES)
def test_nominal_indirect_content_is_the_outlets(nlp, text, content, term, voice) -> None:  # type: ignore[no-untyped-def]
    spans, _ = _run(nlp, text, [_quote(text, content, "Anna Petrova", kind="indirect")])
    hits = [f for f in spans if term in f.text]
    assert hits and hits[0].voice == voice


# (text, phrase that must NOT be marked contested)
NOT_CONTESTED = [
    "The women's liberation movement held its annual meeting.",
    "She felt a sense of liberation after finishing her exams.",
]


@pytest.mark.parametrize("text", NOT_CONTESTED)
def test_liberation_needs_a_place(nlp, text: str) -> None:
    spans, _ = _run(nlp, text, [])
    assert not [f for f in spans if f.contested and "liberation" in f.text.lower()]


def test_summary_is_stored(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'The brutal regime fell. The weather was mild. "We are the heroes of this long war," the captain said.'
    quotes = [_quote(text, "We are the heroes of this long war,", "the captain")]
    spans, analysis = _run(nlp, text, quotes)
    summary = analysis.extras["framing_summary"]
    assert summary["narrator_sentences"] == 2
    assert summary["loaded_narrator"] == 1
    assert summary["narrator_share"] == 0.5
    assert "the captain" in summary["by_voice"]


# (spans, expected merged)
MERGE_CASES = [
    ([(0, 5, "A", 0.4, False), (3, 9, "A", 0.9, True)], [(0, 9, "A", 0.9, True)]),
    ([(0, 5, "A", 0.4, False), (5, 9, "A", 0.9, False)], [(0, 5, "A", 0.4, False), (5, 9, "A", 0.9, False)]),
    ([(0, 5, "A", 0.4, False), (2, 4, "B", 0.7, False)], [(0, 5, "A", 0.4, False), (2, 4, "B", 0.7, False)]),
]


@pytest.mark.parametrize(("spans", "expected"), MERGE_CASES)
def test_merge_same_technique(spans, expected) -> None:  # type: ignore[no-untyped-def]
    assert merge_same_technique(spans) == expected


TEXT = "0123456789" * 10
# (span, expected voice): quote A covers 10-60 (speaker Ann), quote B covers 20-30 inside it (Bo)
INDEX_CASES = [
    ((0, 5), (OUTLET_VOICE, None)),
    ((12, 18), ("Ann", "a")),
    ((22, 26), ("Bo", "b")),
    ((55, 70), (OUTLET_VOICE, None)),  # 5 of 15 characters inside: less than half
    ((58, 62), ("Ann", "a")),  # half inside
    ((70, 80), (OUTLET_VOICE, None)),
]


@pytest.mark.parametrize(("span", "expected"), INDEX_CASES)
def test_voice_index(span, expected) -> None:  # type: ignore[no-untyped-def]
    quotes = [
        Quote("a", "direct", Speaker("Ann", None, None, None), None, TextSpan(10, 60, TEXT[10:60])),
        Quote("b", "indirect", Speaker("Bo", None, None, None), None, TextSpan(20, 30, TEXT[20:30])),
    ]
    assert VoiceIndex(quotes).voice(*span) == expected
