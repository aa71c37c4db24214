"""The pipeline keeps quotes, events and framing out of removed passages (safety net)."""

from __future__ import annotations

from newsledger.document import Analysis, Document, Framing, Quote, Removed, TextSpan
from newsledger.pipeline import _in_removed
from newsledger.registry import Context


def _ctx() -> Context:
    doc = Document(id="d", text="x" * 100)
    analysis = Analysis(document=doc, removed=[Removed(40, 60, "off_topic", "test", 0.9)])
    return Context(document=doc, doc=None, analysis=analysis)  # type: ignore[arg-type]


def test_records_in_removed_spans_are_detected() -> None:
    ctx = _ctx()
    inside = Quote(id="Q1", kind="direct", speaker=None, cue=None, content=TextSpan(45, 55, "x"))
    outside = Quote(id="Q2", kind="direct", speaker=None, cue=None, content=TextSpan(0, 10, "x"))
    framing = Framing(start=58, end=70, text="x", technique="Loaded_Language", voice="outlet")
    assert _in_removed(ctx, inside) and not _in_removed(ctx, outside) and _in_removed(ctx, framing)
