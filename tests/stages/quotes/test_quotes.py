"""The quotes stage as a whole: statement dates from the timexes, removed passages, record shape."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Removed, Timex
from newsledger.ingest.text import make_document
from newsledger.registry import Context
from newsledger.stages.entities.stage import extract_entities
from newsledger.stages.quotes.stage import extract_quotes


def _context(nlp, text: str, timexes: list[tuple[str, str]] = (), removed: list[tuple[int, int]] = ()) -> Context:  # type: ignore[no-untyped-def,assignment]
    document = make_document(text)
    ctx = Context(document=document, doc=nlp(document.text), analysis=Analysis(document=document))
    ctx.analysis.removed = [Removed(a, b, "boilerplate", "test") for a, b in removed]
    ctx.reset_removed_index()
    ctx.analysis.entities = extract_entities(ctx)
    for surface, value in timexes:
        start = text.index(surface)
        ctx.analysis.timexes.append(Timex(start, start + len(surface), surface, "DATE", value))
    return ctx


def test_when_is_the_date_of_the_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "In March, Carla Mendes declared that the mine would stay open."
    quotes = extract_quotes(_context(nlp, text, [("In March", "2025-03")]))
    assert [(q.kind, q.when) for q in quotes] == [("indirect", "2025-03")]


def test_a_date_inside_the_content_is_not_the_statement_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Carla Mendes said the mine had closed in March."
    quotes = extract_quotes(_context(nlp, text, [("March", "2025-03")]))
    assert [q.when for q in quotes] == [None]


def test_quotes_in_removed_passages_are_not_produced(nlp) -> None:  # type: ignore[no-untyped-def]
    kept = 'Carla Mendes said the mine would stay open.\n'
    dropped = '"Subscribe to our channel today," the editors said.'
    ctx = _context(nlp, kept + dropped, removed=[(len(kept), len(kept + dropped))])
    quotes = extract_quotes(ctx)
    assert [q.content.text for q in quotes] == ["the mine would stay open"]


def test_ids_offsets_and_kinds(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Carla Mendes said the mine would stay open. "We need the jobs," she added.'
    quotes = extract_quotes(_context(nlp, text))
    assert [q.id for q in quotes] == ["Q1", "Q2"]
    for q in quotes:
        assert text[q.content.start : q.content.end] == q.content.text
        assert q.cue is not None and text[q.cue.start : q.cue.end] == q.cue.text
        assert q.kind in ("direct", "indirect", "mixed")
    assert quotes[1].speaker is not None and quotes[1].speaker.name == "Carla Mendes"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Carla Mendes said that the mine would stay open until winter.", "speech"),
        ("Carla Mendes believes that the mine will stay open until winter.", "belief"),
        ("Local farmers fear that the river will flood their fields again.", "belief"),
        ("The inspectors found that the dam had been leaking for years.", "knowledge"),
    ],
)
def test_mode_says_whether_the_source_states_believes_or_knows(candidates_of, text: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    quotes = candidates_of(text)
    assert [q.mode for q in quotes] == [mode]
