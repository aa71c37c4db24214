"""Lay every record of a document over its text as non-overlapping segments for the document page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Speakers get one of this many colour classes (spk-0 .. spk-7 in web/static/style.css), in order of appearance.
SPEAKER_COLOURS = 8
# Event modalities that say the event happened; the others are marked "not-happened" on the page.
HAPPENED = frozenset({"asserted", "reported"})
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
# When several records cover a character, the click goes to the most specific kind, in this order.
_PRIORITY = {"event": 0, "timex": 1, "speaker": 2, "cue": 3, "mention": 4, "framing": 5, "quote": 6, "removed": 7}


def anchor(kind: str, rec_id: Any) -> str:
    """A safe HTML id for one record ("rec-quote-q1")."""
    return f"rec-{kind}-" + _UNSAFE_ID.sub("_", str(rec_id))


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    rec: str
    classes: tuple[str, ...]
    title: str


@dataclass
class Segment:
    """A run of text covered by the same records."""

    text: str
    classes: str
    rec: str | None
    title: str
    badge: str | None = None


@dataclass
class Layout:
    """The segments of a document and the legend/records the page lists beside them."""

    segments: list[Segment]
    speakers: dict[str, str] = field(default_factory=dict)  # speaker key -> colour class


def speaker_classes(quotes: list[dict[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in quotes:
        sp = q.get("speaker") or {}
        key = sp.get("entity") or sp.get("name") or "?"
        if key not in out:
            out[key] = f"spk-{len(out) % SPEAKER_COLOURS}"
    return out


def _spans(record: dict[str, Any], speakers: dict[str, str]) -> list[_Span]:
    spans: list[_Span] = []
    for i, r in enumerate(record.get("removed", [])):
        spans.append(_Span(r["start"], r["end"], "removed", anchor("removed", i), ("removed",), f"removed ({r['kind']}): {r['reason']}"))
    for e in record.get("entities", []):
        for m in e.get("mentions", []):
            spans.append(_Span(m["start"], m["end"], "mention", anchor("entity", e["id"]), ("mention", "ent-" + _UNSAFE_ID.sub("", e["type"])), f"{e['name']} ({e['type']})"))
    for i, t in enumerate(record.get("timexes", [])):
        spans.append(_Span(t["start"], t["end"], "timex", anchor("timex", i), ("timex",), f"date {t['value']} ({t.get('precision') or '?'})"))
    for q in record.get("quotes", []):
        sp = q.get("speaker") or {}
        colour = speakers.get(sp.get("entity") or sp.get("name") or "?", "spk-0")
        who = sp.get("name") or "unattributed"
        rec = anchor("quote", q["id"])
        c = q["content"]
        spans.append(_Span(c["start"], c["end"], "quote", rec, ("quote", colour), f"quote by {who}"))
        if sp.get("start") is not None and sp.get("end") is not None:
            spans.append(_Span(sp["start"], sp["end"], "speaker", rec, ("speaker", colour), f"speaker: {who}"))
        if q.get("cue"):
            spans.append(_Span(q["cue"]["start"], q["cue"]["end"], "cue", rec, ("cue",), "attribution cue"))
    for e in record.get("events", []):
        t = e["trigger"]
        happened = e.get("modality", "asserted") in HAPPENED
        classes = ("event",) if happened else ("event", "not-happened")
        spans.append(_Span(t["start"], t["end"], "event", anchor("event", e["id"]), classes, f"event {e['type']} [{e.get('modality', '')}]"))
    for i, f in enumerate(record.get("framing", [])):
        spans.append(_Span(f["start"], f["end"], "framing", anchor("framing", i), ("framing",), f"{f['technique']} ({f['voice']})"))
    n = len(record.get("text", ""))
    return [s for s in spans if 0 <= s.start < s.end <= n]


def layout(record: dict[str, Any]) -> Layout:
    """Cut the text at every record boundary; each piece carries the classes of the records covering it."""
    text: str = record.get("text", "")
    speakers = speaker_classes(record.get("quotes", []))
    spans = _spans(record, speakers)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[_Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    active: list[_Span] = []
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        badge = next((s.title for s in starts.get(a, []) if s.kind == "removed"), None)
        if not active:
            segments.append(Segment(text[a:b], "", None, "", badge))
            continue
        top = min(active, key=lambda s: (_PRIORITY[s.kind], s.end - s.start))
        classes = sorted({c for s in active for c in s.classes})
        segments.append(Segment(text[a:b], " ".join(classes), top.rec, top.title, badge))
    return Layout(segments, speakers)
