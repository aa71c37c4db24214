"""Loaded language and persuasion techniques with their voice."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from newsledger.document import Framing, Quote
from newsledger.registry import Context, register
from newsledger.stages.framing.lexicon import match
from newsledger.stages.framing.model import shipped_tagger

# The voice of a span outside every quote: the narrator (the outlet), whatever the outlet's name.
OUTLET_VOICE = "outlet"
# The voice of a span inside a quote whose speaker the quotes stage could not name.
UNATTRIBUTED_VOICE = "unattributed"
# A span is in a quote's voice when at least this share of its characters lies inside the quote content.
MIN_QUOTE_SHARE = 0.5
# Penn tags of finite verbs and modals: an indirect quote's content with none of them is a noun phrase.
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
# Score given to lexicon matches (they carry no model probability); above every model threshold.
LEXICON_SCORE = 1.0


@register("framing", key="framing", requires=("quotes",))
def extract_framing(ctx: Context) -> list[Framing]:
    """Spans of persuasion techniques (PTC-trained tagger + lexicons), each with its voice."""
    doc = ctx.doc
    text = ctx.text
    found: list[tuple[int, int, str, float, bool]] = []  # char start, end, technique, score, contested
    for s, e, tech, prob in tagger_spans(ctx):
        found.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), tech, prob, False))
    for s, e, entry in match(doc):
        found.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), entry.technique, LEXICON_SCORE, entry.contested))
    voices = VoiceIndex([q for q in ctx.analysis.quotes if not is_nominal_report(ctx, q)])
    contested_spans = [(s, e) for s, e, _, _, c in found if c]
    out: list[Framing] = []
    for start, end, tech, score, contested in merge_same_technique(found):
        if ctx.removed_at(start, end):
            continue
        # a span holding a contested term is contested whichever technique it was found as
        contested = contested or any(s < end and start < e for s, e in contested_spans)
        voice, quote_id = voices.voice(start, end)
        out.append(Framing(start, end, text[start:end], tech, voice, quote_id, contested, round(score, 4)))
    out.sort(key=lambda f: (f.start, f.end, f.technique))
    from newsledger.stages.framing.summary import summarize

    ctx.analysis.extras["framing_summary"] = summarize(
        out, ctx.analysis.quotes, [(s.start_char, s.end_char) for s in doc.sents], ctx.document.id, ctx.document.outlet
    ).to_dict()
    return out


def tagger_spans(ctx: Context) -> list[tuple[int, int, str, float]]:
    """Token spans of the PTC-trained taggers: the cheap one, or with ctx.accurate the MiniLM tagger for the
    techniques it covers (the cheap tagger still gives the others)."""
    if not ctx.accurate:
        return shipped_tagger().spans(ctx.doc)
    from newsledger.stages.framing.minilm import shipped_minilm_tagger

    accurate = shipped_minilm_tagger()
    return shipped_tagger().spans(ctx.doc, skip=accurate.techniques) + accurate.spans(ctx.doc, ctx.cache)


def is_nominal_report(ctx: Context, quote: Quote) -> bool:
    """True for an indirect quote whose content has no finite verb ("praised the involvement of X").

    Such content is the narrator's description of what was talked about, not the speaker's words, so
    loaded wording in it stays in the outlet's voice.
    """
    if quote.kind != "indirect":
        return False
    span = ctx.doc.char_span(quote.content.start, quote.content.end, alignment_mode="expand")
    return span is not None and not any(t.tag_ in FINITE_TAGS for t in span)


def merge_same_technique(
    spans: Sequence[tuple[int, int, str, float, bool]],
) -> list[tuple[int, int, str, float, bool]]:
    """Merge overlapping spans of one technique: union extent, highest score, contested if any part is."""
    out: list[tuple[int, int, str, float, bool]] = []
    for tech in sorted({t for _, _, t, _, _ in spans}):
        items = sorted(x for x in spans if x[2] == tech)
        cs, ce, _, csc, ccon = items[0]
        for s, e, _, sc, con in items[1:]:
            if s < ce:
                ce, csc, ccon = max(ce, e), max(csc, sc), ccon or con
            else:
                out.append((cs, ce, tech, csc, ccon))
                cs, ce, csc, ccon = s, e, sc, con
        out.append((cs, ce, tech, csc, ccon))
    return out


class VoiceIndex:
    """Finds the quote (if any) whose content holds a character span."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.content.start, -q.content.end))
        self.starts = [q.content.start for q in self.quotes]
        # the quotes overlapping any span start before its end; keep the longest reach to stop early
        self.max_len = max((q.content.end - q.content.start for q in self.quotes), default=0)

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The quote holding the larger part of [start, end), the innermost (shortest) one on ties."""
        best: Quote | None = None
        best_key: tuple[int, int] | None = None
        hi = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_left(self.starts, start - self.max_len)
        for q in self.quotes[lo:hi]:
            inside = min(end, q.content.end) - max(start, q.content.start)
            if inside <= 0 or inside < MIN_QUOTE_SHARE * (end - start):
                continue
            key = (inside, -(q.content.end - q.content.start))
            if best_key is None or key > best_key:
                best, best_key = q, key
        return best

    def voice(self, start: int, end: int) -> tuple[str, str | None]:
        """(voice, quote id) of a span: the speaker's name inside a quote, else the outlet."""
        q = self.quote_at(start, end)
        if q is None:
            return OUTLET_VOICE, None
        name = q.speaker.name if q.speaker is not None and q.speaker.name else UNATTRIBUTED_VOICE
        return name, q.id
