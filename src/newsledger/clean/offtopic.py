"""Off-topic passages: paragraphs that share too little vocabulary and too few entities with the story."""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsledger.clean.blocks import Block
from newsledger.document import Removed

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Terms are compared by their first letters, a cheap stemmer that makes "Korea"/"Korean",
# "Russia"/"Russian", "liberate"/"liberation" meet (5 letters: shorter merges unrelated words).
STEM_CHARS = 5
# Entity labels whose words form their own evidence categories (who and where).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
# A block needs this many content terms before it may be judged: a one-line paragraph carries too little
# evidence either way.
MIN_TERMS = 8
# The lead: the first blocks until this many content terms are collected (headline + first paragraph).
LEAD_TERMS = 30
# Model weights (logistic regression over the features below), fitted by benchmarks/train_offtopic.py.
MODEL = "nlp/lexicons/offtopic_model.json"
# Generic news vocabulary that says nothing about the story (spaCy's stop list lacks these).
GENERIC = frozenset({
    "say", "tell", "state", "year", "time", "day", "week", "month", "people", "report", "include", "make",
    "take", "also", "call", "new", "accord", "part", "number", "percent", "world", "country", "official",
    "government", "know", "come", "go", "want", "mr", "mrs", "ms", "dr",
})
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def stem(word: str) -> str:
    """The comparison key of a word."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:STEM_CHARS]


@dataclass
class BlockTerms:
    """The content terms of one block: term -> count, and which terms are words of named entities."""

    block: Block
    terms: dict[str, float] = field(default_factory=dict)
    entity_terms: set[str] = field(default_factory=set)

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
            bt.terms[key] = bt.terms.get(key, 0.0) + 1.0
            if k in ent_tokens:
                bt.entity_terms.add(key)
        out.append(bt)
    return out


def title_terms(title: str | None) -> set[str]:
    """Stemmed words of a headline (the headline is not part of the parse, so words come by regex)."""
    if not title:
        return set()
    return {stem(w) for w in TITLE_WORD_RE.findall(title) if len(w) > 2}


# Where else a term of a paragraph occurs: in the headline, in the lead, in two or more / one paragraph
# further than one away, only in an adjacent paragraph (a spliced run of two paragraphs shares words with
# itself), or nowhere. Entity words (E) and other words (W) are counted apart.
PLACES = ("far1", "far2", "lead", "near", "none", "title")
CATEGORIES = tuple(f"{kind}{place}" for kind in ("E", "W") for place in PLACES)
FEATURES = (
    tuple(f"share:{c}" for c in CATEGORIES)
    + tuple(f"log_count:{c}" for c in CATEGORIES)
    + ("jaccard_prev", "jaccard_next", "jaccard_prev_next", "jaccard_around_pair", "jaccard_best",
       "gap", "gap_pair", "position", "log_length_vs_median", "log_terms")
)


def _jaccard(items: list[BlockTerms], a: int, b: int) -> float:
    if a < 0 or b < 0 or a >= len(items) or b >= len(items):
        return 0.0
    x, y = items[a].terms.keys(), items[b].terms.keys()
    union = len(x | y)
    return len(x & y) / union if union else 0.0


def block_features(items: list[BlockTerms], title: str | None) -> tuple[int, list[list[float]]]:
    """(index of the first judged block, one feature vector per judged block) in FEATURES order."""
    core_title = title_terms(title)
    lead: set[str] = set()
    lead_end, collected = 0, 0.0
    while lead_end < len(items) and collected < LEAD_TERMS:
        collected += items[lead_end].size
        lead.update(items[lead_end].terms)
        lead_end += 1
    total: Counter[str] = Counter()
    for it in items[lead_end:]:
        total.update(it.terms.keys())
    lengths = sorted(len(it.block.text) for it in items)
    median = max(1, lengths[len(lengths) // 2])
    rows = []
    for i in range(lead_end, len(items)):
        it = items[i]
        near: set[str] = set()
        for j in (i - 1, i + 1):
            if 0 <= j < len(items):
                near.update(items[j].terms)
        far = Counter(total)
        for j in range(max(lead_end, i - 1), min(len(items), i + 2)):
            far.subtract(items[j].terms.keys())
        counts: dict[str, float] = {}
        for term, n in it.terms.items():
            if term in core_title:
                place = "title"
            elif term in lead:
                place = "lead"
            elif far[term] >= 2:
                place = "far2"
            elif far[term] == 1:
                place = "far1"
            elif term in near:
                place = "near"
            else:
                place = "none"
            cat = ("E" if term in it.entity_terms else "W") + place
            counts[cat] = counts.get(cat, 0.0) + n
        size = max(1.0, it.size)
        jp, jn = _jaccard(items, i, i - 1), _jaccard(items, i, i + 1)
        jpn = _jaccard(items, i - 1, i + 1)
        jpair = max(_jaccard(items, i - 1, i + 2), _jaccard(items, i - 2, i + 1))
        best = max(jp, jn)
        rows.append(
            [counts.get(c, 0.0) / size for c in CATEGORIES]
            + [math.log1p(counts.get(c, 0.0)) for c in CATEGORIES]
            + [jp, jn, jpn, jpair, best, jpn - best, jpair - best, i / len(items),
               math.log(max(1, len(it.block.text)) / median), math.log(size)]
        )
    return lead_end, rows


@lru_cache(maxsize=1)
def model() -> dict[str, object]:
    """The shipped model: feature means, scales, weights, bias and threshold."""
    ref = resources.files("newsledger").joinpath(MODEL)
    data = json.loads(ref.read_text(encoding="utf-8"))
    if list(data["features"]) != list(FEATURES):
        raise ValueError(f"{MODEL} was fitted on other features; refit with benchmarks/train_offtopic.py")
    return dict(data)


def score_rows(rows: list[list[float]]) -> list[float]:
    """Model log-odds that each feature row is an off-topic paragraph."""
    m = model()
    mean, scale, weights = m["mean"], m["scale"], m["weights"]
    out = []
    for row in rows:
        z = float(m["bias"])  # type: ignore[arg-type]
        for x, mu, sd, w in zip(row, mean, scale, weights, strict=True):  # type: ignore[call-overload]
            z += w * (x - mu) / sd
        out.append(z)
    return out


def find_off_topic(doc: Doc, blocks: list[Block], title: str | None = None) -> list[Removed]:
    """Paragraphs that the coherence model scores as not belonging to the story.

    A block much longer than the article's median paragraph (spliced encyclopedia text, a pasted sidebar)
    has a lower threshold of its own; both thresholds come with the fitted model.
    """
    items = block_terms(doc, blocks)
    if len(items) < 3:
        return []
    lead_end, rows = block_features(items, title)
    if not rows:
        return []
    m = model()
    limit = float(m["threshold"])  # type: ignore[arg-type]
    long_limit = float(m.get("long_block_threshold", limit))  # type: ignore[arg-type]
    long_ratio = math.log(float(m.get("long_block_ratio", math.inf)))  # type: ignore[arg-type]
    length_col = FEATURES.index("log_length_vs_median")
    out = []
    for k, z in enumerate(score_rows(rows)):
        it = items[lead_end + k]
        bar = long_limit if rows[k][length_col] >= long_ratio else limit
        if z >= bar and it.size >= MIN_TERMS:
            b = it.block
            out.append(Removed(b.start, b.end, "off_topic", "little lexical or entity overlap with the story",
                               round(1.0 / (1.0 + math.exp(-1.0 - (z - bar))), 3)))
    return out
