"""The contract's offset invariant, checked and enforced: every span lies inside the text and slices to its text.

``violations`` lists what breaks the invariant (the fuzz suite asserts it is empty); ``enforce`` is the
pipeline's safety net behind the stages: a span whose ``text`` differs from the slice its offsets cut gets
the slice as its text, and a record whose offsets fall outside the text is dropped, each noted on the
log at INFO level naming the document (``logging.getLogger("newsledger.offsets")``: the stage bug shows up
there, the ledger stays consistent).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from newsledger.document import Analysis

log = logging.getLogger(__name__)


def _records(a: Analysis) -> Iterator[tuple[str, Any, bool]]:
    """(where, record, has_text) for every offset-carrying object of an analysis, as the contract types hold them."""
    for r in a.removed:
        yield "removed", r, False
    for e in a.entities:
        for m in getattr(e, "mentions", ()):
            yield f"entity {getattr(e, 'id', '?')} mention", m, True
    for t in a.timexes:
        yield "timex", t, True
    for q in a.quotes:
        yield f"quote {getattr(q, 'id', '?')} content", getattr(q, "content", None), True
        yield f"quote {getattr(q, 'id', '?')} cue", getattr(q, "cue", None), True
        speaker = getattr(q, "speaker", None)
        if getattr(speaker, "start", None) is not None:
            yield f"quote {getattr(q, 'id', '?')} speaker", speaker, False
    for ev in a.events:
        yield f"event {getattr(ev, 'id', '?')} trigger", getattr(ev, "trigger", None), True
    for f in a.framing:
        yield "framing", f, True


def spans(a: Analysis) -> Iterator[tuple[str, Any, bool]]:
    """(where, span, has_text) for every span of an analysis (records of other shapes, e.g. from a custom
    stage, are left alone)."""
    for where, obj, has_text in _records(a):
        if obj is not None and hasattr(obj, "start") and hasattr(obj, "end"):
            yield where, obj, has_text and isinstance(getattr(obj, "text", None), str)


def _bad_bounds(obj: Any, n: int) -> bool:
    if obj is None or not hasattr(obj, "start"):
        return False  # not a span: nothing to check
    s, e = obj.start, obj.end
    return not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= n)


def violations(a: Analysis) -> list[str]:
    """Every broken offset of the analysis, described in one line each (empty when the contract holds)."""
    text = a.document.text
    out = []
    for where, obj, has_text in spans(a):
        if _bad_bounds(obj, len(text)):
            out.append(f"{where}: [{obj.start}, {obj.end}) outside the text of {len(text)} characters")
        elif has_text and text[obj.start:obj.end] != obj.text:
            out.append(f"{where}: text {obj.text[:40]!r} but the offsets cut {text[obj.start:obj.end][:40]!r}")
    return out


def enforce(a: Analysis) -> None:
    """Repair span texts to their slices and drop records with offsets outside the text (noted as errors)."""
    text, n = a.document.text, len(a.document.text)
    repaired = dropped = 0
    for _, obj, has_text in spans(a):
        if not _bad_bounds(obj, n) and has_text and text[obj.start:obj.end] != obj.text:
            obj.text = text[obj.start:obj.end]
            repaired += 1
    before = _count(a)
    a.removed = [r for r in a.removed if not _bad_bounds(r, n)]
    a.timexes = [t for t in a.timexes if not _bad_bounds(t, n)]
    a.framing = [f for f in a.framing if not _bad_bounds(f, n)]
    a.events = [ev for ev in a.events if not _bad_bounds(getattr(ev, "trigger", None), n)]
    a.quotes = [q for q in a.quotes
                if not _bad_bounds(getattr(q, "content", None), n) and not _bad_bounds(getattr(q, "cue", None), n)]
    for q in a.quotes:
        speaker = getattr(q, "speaker", None)
        if getattr(speaker, "start", None) is not None and _bad_bounds(speaker, n):
            speaker.start = speaker.end = None  # type: ignore[union-attr]
    for e in a.entities:
        if hasattr(e, "mentions"):
            e.mentions = [m for m in e.mentions if not _bad_bounds(m, n)]
    dropped = before - _count(a)
    if repaired or dropped:
        log.info("%s: %d span text(s) set to their slice, %d record(s) with offsets outside the text dropped",
                    a.document.id, repaired, dropped)


def _count(a: Analysis) -> int:
    return (len(a.removed) + len(a.timexes) + len(a.framing) + len(a.events) + len(a.quotes)
            + sum(len(getattr(e, "mentions", ())) for e in a.entities))
