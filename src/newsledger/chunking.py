"""Chunked analysis of very long documents: pieces under CHUNK_CHARS, analysed one at a time, merged with
offsets into the full text.

A document longer than CHUNK_CHARS is cut at paragraph boundaries (a blank line, else a line break, else a
sentence end, else a space; a hard cut only in text without any of them) into pieces of at most
CHUNK_CHARS characters. Each piece is parsed and run through the stages on its own, then its records are
shifted by the piece's start and merged: every offset points into the full text. Memory is that of one
piece (a 2,000,000-character document is analysed in about the memory of a 100,000-character one).

Trade-offs (also in docs/scale.md): an entity gets one record per (type, name) across pieces, with the
mentions of all of them, but a pronoun or an alias is only resolved within its piece; a quote or an event
whose sentence straddles a cut is not found; the clean stage judges off-topic passages against the
piece's own first paragraphs rather than the article's lead; relative dates are still anchored on the
publication date. Documents of ordinary length (under CHUNK_CHARS) are never cut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from newsledger.document import Analysis, Document, Entity, Quote, StageError

# Longest piece analysed at once: above the longest ordinary articles (about 60,000 characters), far
# below spaCy's max_length; parsing and the stages of one piece stay well under 1 GiB.
CHUNK_CHARS = 100_000
SEPARATORS = ("\n\n", "\n", ". ", " ")


def split_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering ``text``, each at most ``limit`` (CHUNK_CHARS) characters."""
    limit = limit or CHUNK_CHARS
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        hi, lo = start + limit, start + limit // 2
        cut = next((i + len(sep) for sep in SEPARATORS if (i := text.rfind(sep, lo, hi - len(sep) + 1)) != -1), hi)
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def pieces(document: Document, limit: int | None = None) -> list[tuple[int, Document]]:
    """(offset, piece document) for each piece of a long document (the piece keeps the document's fields)."""
    return [(s, replace(document, text=document.text[s:e], meta=dict(document.meta)))
            for s, e in split_spans(document.text, limit)]


def _shift(obj: Any, offset: int) -> None:
    """Add ``offset`` to the start/end of a span-like record (None stays None)."""
    for name in ("start", "end"):
        value = getattr(obj, name, None)
        if isinstance(value, int):
            setattr(obj, name, value + offset)


class _Ids:
    """New ids for the records of every piece (E1.., Q1.., V1..), with each piece's old -> new mapping."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Entity] = {}
        self.n_quotes = 0
        self.n_events = 0

    def entity(self, merged: list[Entity], e: Entity) -> Entity:
        key = (e.type, e.name.casefold())
        target = self.entities.get(key)
        if target is None:
            target = self.entities[key] = Entity(f"E{len(self.entities) + 1}", e.name, e.type, [], [], e.country)
            merged.append(target)
        target.mentions.extend(e.mentions)
        target.aliases.extend(a for a in e.aliases if a not in target.aliases)
        target.country = target.country or e.country
        return target


def merge(document: Document, parts: list[tuple[int, Analysis]]) -> Analysis:
    """One Analysis of ``document`` from the analyses of its pieces (offsets shifted, ids renumbered)."""
    out = Analysis(document=document)
    ids = _Ids()
    for k, (offset, a) in enumerate(parts, 1):
        ent: dict[str, str] = {}
        for e in a.entities:
            for m in e.mentions:
                _shift(m, offset)
            ent[e.id] = ids.entity(out.entities, e).id
        quote_ids: dict[str, str] = {}
        for q in a.quotes:
            ids.n_quotes += 1
            quote_ids[q.id] = f"Q{ids.n_quotes}"
            out.quotes.append(_quote(q, offset, quote_ids[q.id], ent.get))
        for r in a.removed:
            _shift(r, offset)
        for t in a.timexes:
            _shift(t, offset)
        for ev in a.events:
            ids.n_events += 1
            ev.id = f"V{ids.n_events}"
            _shift(ev.trigger, offset)
            for role in (ev.actor, ev.target, ev.where):
                if role is not None and role.entity is not None:
                    role.entity = ent.get(role.entity)
            if ev.claimed_by is not None:
                ev.claimed_by.quote = quote_ids.get(ev.claimed_by.quote or "")
                ev.claimed_by.entity = ent.get(ev.claimed_by.entity or "")
        for f in a.framing:
            _shift(f, offset)
            f.quote = quote_ids.get(f.quote or "") if f.quote else None
        out.removed.extend(a.removed)
        out.timexes.extend(a.timexes)
        out.events.extend(a.events)
        out.framing.extend(a.framing)
        out.errors.extend(StageError(e.stage, f"piece {k} of {len(parts)}: {e.message}") for e in a.errors)
    for e in out.entities:
        e.mentions.sort(key=lambda m: (m.start, m.end))
    out.extras = {"chunks": [[o, o + len(a.document.text)] for o, a in parts]}
    _framing_summary(out, [a for _, a in parts])
    return out


def _quote(q: Quote, offset: int, new_id: str, entity: Callable[[str], str | None]) -> Quote:
    q.id = new_id
    _shift(q.content, offset)
    if q.cue is not None:
        _shift(q.cue, offset)
    if q.speaker is not None:
        _shift(q.speaker, offset)
        q.speaker.entity = entity(q.speaker.entity) if q.speaker.entity else None
    return q


def _framing_summary(out: Analysis, parts: list[Analysis]) -> None:
    """Recompute the document's framing summary from the merged records when the pieces had one."""
    if any("framing_summary" in a.extras for a in parts):
        from newsledger.stages.framing.summary import summarize_analysis

        out.extras["framing_summary"] = summarize_analysis(out).to_dict()
