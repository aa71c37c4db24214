"""Direct, indirect and mixed quotes with resolved speakers (the ``quotes`` stage)."""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.document import Quote, Speaker, TextSpan, Timex
from newsledger.registry import Context, register
from newsledger.stages.entities.antecedents import quote_zones
from newsledger.stages.quotes.base import Candidate
from newsledger.stages.quotes.carry import carry
from newsledger.stages.quotes.cues import load_lexicon, mode_of
from newsledger.stages.quotes.direct import find_colon_blocks, find_direct
from newsledger.stages.quotes.filter import features, shipped_filter
from newsledger.stages.quotes.indirect import find_indirect
from newsledger.stages.quotes.marks import find_marked, split_paragraphs
from newsledger.stages.quotes.posts import find_posts
from newsledger.stages.quotes.ranker import Choice, Chooser, SpeakerRanker, shipped_ranker
from newsledger.stages.quotes.shapes import find_shapes
from newsledger.stages.quotes.speakers import ENTITY, INANIMATE, Resolver
from newsledger.stages.quotes.stance import FRAME as STANCE
from newsledger.stages.quotes.stance import find_stances
from newsledger.stages.quotes.turns import PERSONAL, Turns, group_turn, own_words_link, plural_group

__all__ = ["extract_quotes", "find_candidates", "load_lexicon"]


def find_candidates(ctx: Context) -> list[Candidate]:
    """Direct and indirect candidates of the document, in text order, outside removed passages."""
    doc = ctx.doc
    text = ctx.text  # spaCy rebuilds doc.text on every access: read it once
    marked = [m for m in split_paragraphs(find_marked(text), text) if not ctx.removed_at(m.start, m.end)]
    passages = find_direct(doc, marked, text)
    direct = [c for c in passages + find_colon_blocks(doc, marked, text, passages) if not c.orphan]
    found = direct + find_posts(doc, text, marked, direct) + find_indirect(doc, marked, direct, text)
    found += find_shapes(doc, marked, found, text)
    found += find_stances(doc, marked, found, text)
    found = carry(found, [c for c in passages if c.orphan], doc, text)
    out = [c for c in found if not c.superseded and not ctx.removed_at(c.start, c.end)]
    out.sort(key=lambda c: (c.cue.start_char if c.cue is not None else c.start, c.start))
    return out


def _when(ctx: Context, cand: Candidate, timexes: list[Timex]) -> str | None:
    """The date of the statement: a timex in the attribution clause (outside the content)."""
    if cand.cue is None or not timexes:
        return None
    cue = cand.cue.root
    sent = cue.sent
    lo, hi = cand.outer_start or cand.start, cand.outer_end or cand.end
    for tx in timexes:
        if tx.start < sent.start_char or tx.end > sent.end_char or (tx.start < hi and lo < tx.end):
            continue
        span = ctx.doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        # the timex must hang off the cue verb, not off a verb of the content
        for _ in range(6):
            if tok == cue:
                return tx.value
            if tok.head == tok or lo <= tok.idx < hi:
                break
            tok = tok.head
    return None


@dataclass
class Row:
    """One candidate on its way to a Quote: the record, the filter's features, and the part it continues."""

    quote: Quote
    features: dict[str, float]
    parent: int | None  # index of the row whose speaker and cue this one continues


def quote_rows(ctx: Context, record: list[tuple[Candidate, list[Choice]]] | None = None,
               ranker: SpeakerRanker | None = None, learned: bool = True) -> list[Row]:
    """Every candidate as a Quote with its filter features, before the filter (training reads this; ``record``
    collects the speaker ranker's decisions, ``ranker`` overrides the shipped one, ``learned=False`` keeps the rules)."""
    text = ctx.text
    resolver = Resolver(ctx.doc, ctx.analysis.entities, text)
    chooser = Chooser(ctx.doc, resolver, ranker or (shipped_ranker() if learned else None), record)
    types = {e.id: e.type for e in ctx.analysis.entities}
    by_start: dict[int, int] = {}
    rows: list[Row] = []
    turns = Turns(ctx.doc, ctx.analysis.entities, text)
    zones = quote_zones(text)
    previous: tuple[int, str | None] | None = None  # where the last attribution ends, and its speaker's entity
    group: tuple[int, Speaker] | None = None  # where the last attribution ends, when its source is an anonymous plural
    for cand in find_candidates(ctx):
        parent = by_start.get(cand.inherit_from) if cand.inherit_from is not None else None
        if cand.inherit_from is not None:
            if parent is None:
                continue  # it continues a candidate that was dropped
            first = rows[parent].quote
            speaker, cue, mode = first.speaker, first.cue, first.mode  # the quote goes on: same speaker, same cue
        else:
            speaker = resolver.resolve(cand.source)
            if speaker is not None and speaker.kind == INANIMATE:
                continue  # "the images suggest ...": no one says it
            if cand.source is not None and speaker is not None and cand.cue is not None:
                speaker = _turn(turns, resolver, cand, speaker, previous)
                speaker = own_words_link(text, cand, speaker, ctx.analysis.entities, previous, zones)
                speaker = group_turn(text, cand, speaker, group)
            speaker = chooser.choose(cand, speaker)
            cue = TextSpan(cand.cue.start_char, cand.cue.end_char, cand.cue.text) if cand.cue is not None else None
            mode = mode_of(cand.cue_class)
        quote = Quote(id="", kind=cand.kind, speaker=speaker, cue=cue,
                      content=TextSpan(cand.start, cand.end, text[cand.start : cand.end]),
                      when=_when(ctx, cand, ctx.analysis.timexes), mode=mode)
        spk_type = types.get(speaker.entity) if speaker is not None and speaker.entity else None
        by_start[cand.start] = len(rows)
        rows.append(Row(quote, features(cand, speaker, spk_type, mode, ctx.doc, text), parent))
        previous = (max(cand.end, cand.cue.end_char if cand.cue is not None else 0), speaker.entity if speaker else None)
        if cand.inherit_from is None:
            group = (previous[0], speaker) if speaker is not None and plural_group(cand, speaker) else None
    return rows


def _turn(turns: Turns, resolver: Resolver, cand: Candidate, speaker: Speaker, previous: tuple[int, str | None] | None) -> Speaker:
    """The speaker of a "he said" / "she said" by the flow of the attributions (``turns.py``)."""
    assert cand.source is not None
    head = cand.source.root
    if head.lower_ not in PERSONAL:
        return speaker
    picked = turns.speaker(head, speaker.entity, previous)
    if picked is None or picked == speaker.entity:
        return speaker
    ent = resolver.by_id(picked)
    return Speaker(ent.name, ent.id, speaker.start, speaker.end, ENTITY) if ent is not None else speaker


@register("quotes", key="quotes", requires=("entities", "timexes"))
def extract_quotes(ctx: Context) -> list[Quote]:
    """Find quotes, resolve their speakers to entities, date the statements and keep those the filter passes."""
    flt = shipped_filter()
    kept: list[bool] = []
    out: list[Quote] = []
    for row in quote_rows(ctx):
        keep = kept[row.parent] if row.parent is not None else (flt is None or flt.keep(row.features) or _own_words(row)
                                                                or f"frame={STANCE}" in row.features)
        kept.append(keep)
        if keep:
            row.quote.id = f"Q{len(out) + 1}"
            out.append(row.quote)
    return out


# Features of a quoted fragment that a speech verb of a resolved speaker governs ('described it as a "sacred
# mission"', 'called the plan "reckless"'): the speaker's own words, kept whatever the filter says, since framing
# and events take the voice of such words from the quote record.
OWN_WORDS = ("frame=governed", "kind=direct", "spk=entity", "mode=speech")


def _own_words(row: Row) -> bool:
    return all(row.features.get(name) for name in OWN_WORDS)

