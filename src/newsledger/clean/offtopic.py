"""Off-topic passages: paragraphs that share too little vocabulary and too few entities with the story."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsledger.clean.blocks import Block
from newsledger.document import Removed

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Terms are compared by their first letters, a cheap stemmer that makes "Korea"/"Korean",
# "Russia"/"Russian", "liberate"/"liberation" meet (5 letters: shorter merges unrelated words).
STEM_CHARS = 5
# Entity labels whose mentions count double as evidence of the story (who and where).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
ENTITY_WEIGHT = 2.0
# A block needs this many content terms before it may be judged: short paragraphs carry too little
# evidence either way (tuned on the splice set: below ~12 terms false alarms outnumber finds).
MIN_TERMS = 12
# Coherence below which a paragraph is off-topic (tuned on the splice set, see docs/clean.md).
THRESHOLD = 0.30
# The lead: the first blocks until this many content terms are collected (headline + first paragraph).
LEAD_TERMS = 30
# Support given by a term that occurs in one other paragraph only, and by an adjacent paragraph: a spliced
# run of two paragraphs from the same source supports itself, so neighbours count for less.
SINGLE_SUPPORT = 0.5
NEIGHBOUR_WEIGHT = 0.5
# Generic news vocabulary that says nothing about the story (spaCy's stop list lacks these).
GENERIC = frozenset(
    ["say", "tell", "state", "year", "time", "day", "week", "month", "people", "report", "include", "make", "take", "also", "call", "new", "accord", "part", "number", "percent", "include", "world", "country", "official", "government", "accord", "know", "come", "go", "want", "include", "mr", "mrs", "ms", "dr"]
)
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def stem(word: str) -> str:
    """The comparison key of a word."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:STEM_CHARS]


@dataclass
class BlockTerms:
    """The content terms of one block with their weights."""

    block: Block
    terms: dict[str, float] = field(default_factory=dict)

    @property
    def size(self) -> float:
        return float(sum(self.terms.values()))


def block_terms(doc: Doc, blocks: list[Block]) -> list[BlockTerms]:
    """Content terms (stemmed lemmas, entity words counted double) of each block, from the one parse."""
    starts = [t.idx for t in doc]
    ents_by_start = {e.start: e for e in doc.ents if e.label_ in ENTITY_LABELS}
    out: list[BlockTerms] = []
    for b in blocks:
        bt = BlockTerms(b)
        i = bisect.bisect_left(starts, b.start)
        j = bisect.bisect_left(starts, b.end)
        ent_tokens: set[int] = set()
        for k in range(i, j):
            if k in ents_by_start:
                ent = ents_by_start[k]
                ent_tokens.update(range(ent.start, ent.end))
        for k in range(i, j):
            tok = doc[k]
            if tok.is_stop or tok.is_punct or tok.is_space or tok.like_num or not tok.is_alpha or len(tok.text) < 2:
                continue
            key = stem(tok.text if tok.pos_ == "PROPN" else tok.lemma_)
            if key in GENERIC or tok.lemma_.lower() in GENERIC:
                continue
            bt.terms[key] = bt.terms.get(key, 0.0) + (ENTITY_WEIGHT if k in ent_tokens else 1.0)
        out.append(bt)
    return out


def title_terms(title: str | None) -> set[str]:
    """Stemmed words of a headline (the headline is not part of the parse, so words come by regex)."""
    if not title:
        return set()
    return {stem(w) for w in TITLE_WORD_RE.findall(title) if len(w) > 2}


def coherence(i: int, items: list[BlockTerms], core: set[str], active: list[bool]) -> float:
    """Weighted share of block ``i``'s terms that the headline, the lead or other paragraphs also use."""
    mine = items[i]
    if mine.size == 0:
        return 1.0
    supported = 0.0
    for term, weight in mine.terms.items():
        if term in core:
            supported += weight
            continue
        evidence = 0.0
        for j, other in enumerate(items):
            if j == i or not active[j] or term not in other.terms:
                continue
            evidence += NEIGHBOUR_WEIGHT if abs(j - i) == 1 else 1.0
        if evidence >= 2:
            supported += weight
        elif evidence > 0:
            supported += weight * SINGLE_SUPPORT * min(evidence, 1.0)
    return supported / mine.size


def find_off_topic(doc: Doc, blocks: list[Block], title: str | None = None) -> list[Removed]:
    """Blocks whose coherence with the headline, lead and rest of the story is below THRESHOLD."""
    items = block_terms(doc, blocks)
    if len(items) < 3:
        return []
    core = title_terms(title)
    lead_end = 0
    collected = 0.0
    while lead_end < len(items) and collected < LEAD_TERMS:
        collected += items[lead_end].size
        core.update(items[lead_end].terms)
        lead_end += 1
    active = [True] * len(items)
    scores: dict[int, float] = {}
    # Re-judge after taking flagged blocks out of the context: the second pass stops a splice of two
    # paragraphs from vouching for each other; it never adds evidence, so it converges.
    for _ in range(3):
        low = {}
        for i in range(lead_end, len(items)):
            if active[i] and items[i].size >= MIN_TERMS:
                c = coherence(i, items, core, active)
                if c < THRESHOLD:
                    low[i] = c
        if not low:
            break
        for i, c in low.items():
            scores[i] = c
            active[i] = False
    out = []
    for i in sorted(scores):
        b = items[i].block
        c = scores[i]
        out.append(Removed(b.start, b.end, "off_topic", f"shares {c:.0%} of its terms with the story", round(1.0 - c, 3)))
    return out
