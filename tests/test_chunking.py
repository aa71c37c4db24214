"""Long documents are analysed in pieces cut at paragraph boundaries; every offset points into the full text."""

from __future__ import annotations

import pytest

from newsledger import chunking
from newsledger.document import (
    Analysis,
    Document,
    Entity,
    Mention,
    Quote,
    Speaker,
    StageError,
    TextSpan,
    validate,
)
from newsledger.ingest.text import make_document
from newsledger.offsets import enforce, violations
from newsledger.pipeline import Pipeline
from tests.articles import article


@pytest.mark.parametrize(
    ("text", "limit", "spans"),
    [
        ("short text", 100, [(0, 10)]),
        ("aaaa\n\nbbbb\n\ncccc", 8, [(0, 6), (6, 12), (12, 16)]),  # blank lines first
        ("aaaa\nbbbb\ncccc", 8, [(0, 5), (5, 10), (10, 14)]),  # then line breaks
        ("One. Two. Three. Four.", 12, [(0, 10), (10, 22)]),  # then sentence ends
        ("abcdefghijklmnopqrstuvwxyz", 10, [(0, 10), (10, 20), (20, 26)]),  # a hard cut only without any break
    ],
)
def test_split_spans(text: str, limit: int, spans: list[tuple[int, int]]) -> None:
    got = chunking.split_spans(text, limit)
    assert got == spans
    assert "".join(text[s:e] for s, e in got) == text and all(e - s <= limit for s, e in got)


def _piece(text: str, name: str, start: int) -> Analysis:
    doc = Document("d", text)
    ent = Entity("E1", name, "PERSON", [Mention(start, start + len(name), name)])
    q = Quote("Q1", "direct", Speaker(name, "E1", start, start + len(name)), None, TextSpan(0, 4, text[:4]))
    return Analysis(doc, entities=[ent], quotes=[q], errors=[StageError("events", "boom")])


def test_merge_shifts_offsets_and_renumbers_ids() -> None:
    first, second = "Ana Ruiz spoke. ", "Then Ana Ruiz left."
    full = Document("d", first + second)
    merged = chunking.merge(full, [(0, _piece(first, "Ana Ruiz", 0)), (len(first), _piece(second, "Ana Ruiz", 5))])
    assert [e.id for e in merged.entities] == ["E1"] and len(merged.entities[0].mentions) == 2
    assert [q.id for q in merged.quotes] == ["Q1", "Q2"] and merged.quotes[1].speaker.entity == "E1"  # type: ignore[union-attr]
    assert merged.quotes[1].content.start == len(first) and not violations(merged)
    assert [e.message for e in merged.errors] == ["piece 1 of 2: boom", "piece 2 of 2: boom"]
    assert merged.extras["chunks"] == [[0, len(first)], [len(first), len(full.text)]]


def test_long_document_is_analysed_in_pieces(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(article(i)["text"] for i in range(12))
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 1500)
    result = pipeline.analyze_document(make_document(text, id="long", published="2026-03-01"))
    assert isinstance(result, Analysis)
    assert len(result.extras["chunks"]) >= 4 and result.extras["chunks"][-1][1] == len(text)
    assert not violations(result)
    validate(result.to_dict())
    ids = {e.id for e in result.entities}
    assert len(ids) == len(result.entities) and len({(e.type, e.name) for e in result.entities}) == len(ids)
    quote_ids = {q.id for q in result.quotes}
    assert all(q.speaker is None or q.speaker.entity in ids | {None} for q in result.quotes)
    assert all(e.claimed_by is None or e.claimed_by.quote in quote_ids | {None} for e in result.events)
    # the pieces found what the paragraphs hold: every article's spokeswoman quote, in order
    hurt = [q.content.start for q in result.quotes if q.content.text.startswith("Nobody was hurt")]
    assert len(hurt) == 12 and hurt == sorted(hurt)


def test_enforce_repairs_and_drops() -> None:
    doc = Document("d", "Port Elm said so.")
    a = Analysis(doc, entities=[Entity("E1", "Port Elm", "GPE", [Mention(0, 8, "Elm Port"), Mention(40, 44, "gone")])])
    assert len(violations(a)) == 2
    enforce(a)
    assert not violations(a) and [m.text for m in a.entities[0].mentions] == ["Port Elm"]
