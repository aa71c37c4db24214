"""Per-document and per-outlet framing summaries: how much of the narrator's own wording is loaded."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from typing import Any

from newsledger.document import Analysis, Framing, Quote

# Fallback sentence splitter for analyses read back without their spaCy parse: end punctuation
# (optionally followed by a closing quote) then whitespace, or a line break.
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’]?\s+|\n+")
OUTLET_VOICE = "outlet"  # same value as newsledger.stages.framing.stage.OUTLET_VOICE
# A sentence counts as quoted (not the narrator's) when at least this share of it is quote content,
# so '"We won," he said.' is the speaker's sentence, not the narrator's.
QUOTED_SHARE = 0.5


@dataclass
class FramingSummary:
    """Framing figures of one document.

    ``narrator_sentences`` are the sentences less than half of which is quote content; ``loaded_narrator``
    those of them holding at least one framing span in the outlet's voice; ``narrator_share`` their ratio.
    """

    document: str
    outlet: str | None
    sentences: int
    narrator_sentences: int
    loaded_narrator: int
    narrator_share: float
    spans: int
    outlet_spans: int
    quoted_spans: int
    contested: int
    by_technique: dict[str, int] = field(default_factory=dict)
    by_voice: dict[str, int] = field(default_factory=dict)
    contested_terms: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FramingSummary:
        return cls(**data)


@dataclass
class OutletSummary:
    """Framing figures pooled over the documents of one outlet."""

    outlet: str
    documents: int
    narrator_sentences: int
    loaded_narrator: int
    narrator_share: float
    spans: int
    outlet_spans: int
    by_technique: dict[str, int] = field(default_factory=dict)
    contested_terms: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences by punctuation (used only when no spaCy sentences are given)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_BREAK.finditer(text):
        if text[start : m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def summarize(
    framing: Sequence[Framing],
    quotes: Sequence[Quote],
    sentences: Sequence[tuple[int, int]],
    document: str = "",
    outlet: str | None = None,
) -> FramingSummary:
    """Summarise one document's framing spans over its sentences (character spans)."""
    covered = _coverage(_union((q.content.start, q.content.end) for q in quotes))
    narrator = [(s, e) for s, e in sentences if covered(e) - covered(s) < QUOTED_SHARE * (e - s)]
    outlet_spans = [f for f in framing if f.voice == OUTLET_VOICE]
    overlaps = _overlap_test([(f.start, f.end) for f in outlet_spans])
    loaded = sum(1 for s, e in narrator if overlaps(s, e))
    return FramingSummary(
        document=document,
        outlet=outlet,
        sentences=len(sentences),
        narrator_sentences=len(narrator),
        loaded_narrator=loaded,
        narrator_share=round(loaded / len(narrator), 4) if narrator else 0.0,
        spans=len(framing),
        outlet_spans=len(outlet_spans),
        quoted_spans=len(framing) - len(outlet_spans),
        contested=sum(1 for f in framing if f.contested),
        by_technique=dict(Counter(f.technique for f in framing).most_common()),
        by_voice=dict(Counter(f.voice for f in framing).most_common()),
        contested_terms=sorted({f.text.lower() for f in framing if f.contested}),
    )


def _coverage(disjoint: list[tuple[int, int]]) -> Callable[[int], int]:
    """covered(x): how many characters before offset x lie inside the sorted, disjoint spans (log time, so a
    long document's thousands of sentences and quotes cost n log n, not n x m)."""
    starts = [s for s, _ in disjoint]
    before = list(accumulate((e - s for s, e in disjoint), initial=0))

    def covered(x: int) -> int:
        i = bisect_right(starts, x) - 1
        return 0 if i < 0 else before[i] + max(0, min(x, disjoint[i][1]) - starts[i])

    return covered


def _overlap_test(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """overlaps(s, e): does any of ``spans`` start before e and end after s (log time per call)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    furthest = list(accumulate((e for _, e in spans), max))

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(starts, e)
        return k > 0 and furthest[k - 1] > s

    return overlaps


def summarize_analysis(analysis: Analysis) -> FramingSummary:
    """The stored summary of an analysis, or one computed from its records (punctuation sentences)."""
    stored = analysis.extras.get("framing_summary")
    if isinstance(stored, dict):
        return FramingSummary.from_dict(stored)
    d = analysis.document
    return summarize(analysis.framing, analysis.quotes, split_sentences(d.text), d.id, d.outlet)


def by_outlet(summaries: Iterable[FramingSummary]) -> dict[str, OutletSummary]:
    """Pool document summaries per outlet (documents without an outlet go under "unknown")."""
    pooled: dict[str, OutletSummary] = {}
    for s in summaries:
        name = s.outlet or "unknown"
        o = pooled.setdefault(name, OutletSummary(name, 0, 0, 0, 0.0, 0, 0))
        o.documents += 1
        o.narrator_sentences += s.narrator_sentences
        o.loaded_narrator += s.loaded_narrator
        o.spans += s.spans
        o.outlet_spans += s.outlet_spans
        for t, n in s.by_technique.items():
            o.by_technique[t] = o.by_technique.get(t, 0) + n
        for term in s.contested_terms:
            o.contested_terms[term] = o.contested_terms.get(term, 0) + 1
    for o in pooled.values():
        o.narrator_share = round(o.loaded_narrator / o.narrator_sentences, 4) if o.narrator_sentences else 0.0
    return pooled
