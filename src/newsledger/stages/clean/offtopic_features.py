"""Features of the off-topic model: how well each paragraph fits the rest of the article, from the one parse."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsledger.runtime.doctext import doc_ents
from newsledger.runtime.tokcols import token_columns
from newsledger.stages.clean.blocks import Block

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Terms are compared by their first letters, a cheap stemmer that makes "Korea"/"Korean",
# "Russia"/"Russian", "liberate"/"liberation" meet (5 letters: shorter merges unrelated words).
STEM_CHARS = 5
# Entity labels whose words form their own evidence categories (who and where).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
# Entities of these labels name the story's actors and places; a paragraph full of ones the rest of the
# article never mentions is the strongest single sign of a splice from another story on the same subject.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# The lead: the first blocks until this many content terms are collected (headline + first paragraph).
LEAD_TERMS = 30
# Generic news vocabulary that says nothing about the story (spaCy's stop list lacks these).
GENERIC = frozenset({
    "say", "tell", "state", "year", "time", "day", "week", "month", "people", "report", "include", "make",
    "take", "also", "call", "new", "accord", "part", "number", "percent", "world", "country", "official",
    "government", "know", "come", "go", "want", "mr", "mrs", "ms", "dr",
})
TITLE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# Distinct (word, lemma) pairs whose term key is remembered before the cache is emptied.
MAX_TERM_KEYS = 200_000
_TERM_KEYS: dict[tuple[str, str], str | None] = {}
# A paragraph lifted out of another article often opens by pointing back at what came before it there.
OPENERS = frozenset({"he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its",
                     "but", "and", "however", "still", "yet", "meanwhile", "also", "instead", "so"})


def stem(word: str) -> str:
    """The comparison key of a word."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:STEM_CHARS]


def _term_key(word: str, lemma_lower: str) -> str | None:
    """The stemmed term of a content token (``word``: its text if a proper noun, else its lemma), None when generic."""
    pair = (word, lemma_lower)
    if pair in _TERM_KEYS:
        return _TERM_KEYS[pair]
    key = stem(word)
    hit = None if key in GENERIC or lemma_lower in GENERIC else key
    if len(_TERM_KEYS) >= MAX_TERM_KEYS:
        _TERM_KEYS.clear()
    _TERM_KEYS[pair] = hit
    return hit


@dataclass
class BlockTerms:
    """What one block says: content terms (term -> count), entity words, actor entities, surnames mentioned
    alone, and whether it opens by pointing back ("He", "But", "This")."""

    block: Block
    terms: dict[str, float] = field(default_factory=dict)
    entity_terms: set[str] = field(default_factory=set)
    # Distinct actor entities: (label, stems of the entity's words).
    actors: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    opener: bool = False
    persons: int = 0
    # Surnames mentioned alone (one-word PERSON entities): stems.
    surnames: set[str] = field(default_factory=set)
    # Content terms of each sentence of the block.
    sentences: list[set[str]] = field(default_factory=list)

    @property
    def size(self) -> float:
        return float(sum(self.terms.values()))


def block_terms(doc: Doc, blocks: list[Block]) -> list[BlockTerms]:
    """Content terms (stemmed lemmas), entities and openers of each block, from the one parse."""
    c = token_columns(doc)
    starts = c.idx
    sent_starts = {s.start for s in doc.sents}
    ents_by_start = {e.start: e for e in doc_ents(doc) if e.label_ in ENTITY_LABELS}
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
                if ent.label_ == "PERSON":
                    bt.persons += 1
                    if len(ent) == 1:
                        bt.surnames.add(stem(ent.text))
                if ent.label_ in ACTOR_LABELS:
                    words = frozenset(stem(t.text) for t in ent if t.is_alpha and not t.is_stop)
                    if words:
                        bt.actors.add((ent.label_, words))
        bt.opener = i < j and c.lower[i] in OPENERS
        sentence: set[str] = set()
        bt.sentences.append(sentence)
        for k in range(i, j):
            if k in sent_starts and sentence:
                sentence = set()
                bt.sentences.append(sentence)
            if c.is_stop[k] or c.is_punct[k] or c.is_space[k] or c.like_num[k] or not c.is_alpha[k] or c.length[k] < 2:
                continue
            key = _term_key(c.text[k] if c.pos[k] == "PROPN" else c.lemma[k], c.lemma_lower[k])
            if key is None:
                continue
            bt.terms[key] = bt.terms.get(key, 0.0) + 1.0
            sentence.add(key)
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
# Inverse document frequency of terms (stems) in a news corpus: sharing a rare word says more than sharing a
# common one. Filled by set_idf() from the lexicon shipped with the model; unknown terms get DEFAULT_IDF.
IDF: dict[str, float] = {}
DEFAULT_IDF = [8.0]


def set_idf(table: dict[str, float], default: float) -> None:
    """Install the term weights used by block_features()."""
    IDF.clear()
    IDF.update(table)
    DEFAULT_IDF[0] = default


def _idf(term: str) -> float:
    return IDF.get(term, DEFAULT_IDF[0])


def _cos_far(wt: dict[str, float], a: dict[str, float], far: Mapping[str, float], norm_log: float,
             norm_idf: float) -> tuple[float, float]:
    """Cosines (log weights; log times idf weights) of a block's terms with the rest of the article, given the
    block's terms' counts there and the squared norms of the rest."""
    dot_log = dot_idf = na_log = na_idf = 0.0
    for t, n in a.items():
        wa = 1 + math.log(n)
        idf2 = wt[t] ** 2
        na_log += wa * wa
        na_idf += wa * wa * idf2
        if far.get(t, 0) > 0:
            d = wa * (1 + math.log(far[t]))
            dot_log += d
            dot_idf += d * idf2
    cos_log = dot_log / math.sqrt(na_log * norm_log) if na_log and norm_log > 1e-9 else 0.0
    cos_idf = dot_idf / math.sqrt(na_idf * norm_idf) if na_idf and norm_idf > 1e-9 else 0.0
    return cos_log, cos_idf
FEATURES = (
    tuple(f"share:{c}" for c in CATEGORIES)
    + tuple(f"log_count:{c}" for c in CATEGORIES)
    + ("jaccard_prev", "jaccard_next", "jaccard_prev_next", "jaccard_around_pair", "jaccard_best",
       "gap", "gap_pair", "position", "log_length_vs_median", "log_terms",
       "cos_far", "cos_lead",
       "actors", "actors_new", "actors_new_share", "actors_near_only", "persons_new",
       "orphan_surnames", "opener", "opener_no_person_before",
       "idf_known_share", "idf_none_share", "idf_lead_share", "idf_cos_far", "idf_mean", "log_idf_known",
       "idf_jaccard_prev", "idf_jaccard_next", "idf_jaccard_prev_next",
       "sentences_unknown_share", "sentence_known_min", "sentence_known_max", "first_sentence_known")
    + tuple(f"ishare:{c}" for c in CATEGORIES)
)


def _jaccard(items: list[BlockTerms], a: int, b: int) -> float:
    if a < 0 or b < 0 or a >= len(items) or b >= len(items):
        return 0.0
    x, y = items[a].terms.keys(), items[b].terms.keys()
    union = len(x | y)
    return len(x & y) / union if union else 0.0


def _idf_jaccard(wt: dict[str, float], items: list[BlockTerms], a: int, b: int) -> float:
    if a < 0 or b < 0 or a >= len(items) or b >= len(items):
        return 0.0
    x, y = items[a].terms.keys(), items[b].terms.keys()
    union = sum(wt[t] for t in x | y)
    return sum(wt[t] for t in x & y) / union if union else 0.0


def _cos_terms(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of log-weighted term vectors."""
    if not a or not b:
        return 0.0
    dot = sum((1 + math.log(n)) * (1 + math.log(b[t])) for t, n in a.items() if t in b)
    na = math.sqrt(sum((1 + math.log(n)) ** 2 for n in a.values()))
    nb = math.sqrt(sum((1 + math.log(n)) ** 2 for n in b.values()))
    return dot / (na * nb)


def _lead_end(items: list[BlockTerms]) -> int:
    lead_end, collected = 0, 0.0
    while lead_end < len(items) and collected < LEAD_TERMS:
        collected += items[lead_end].size
        lead_end += 1
    return lead_end


def block_features(items: list[BlockTerms], title: str | None) -> tuple[int, list[list[float]]]:
    """(index of the first judged block, one feature vector per judged block) in FEATURES order."""
    core_title = title_terms(title)
    lead_end = _lead_end(items)
    lead: dict[str, float] = {t: 1.0 for t in core_title}
    for it in items[:lead_end]:
        for t, n in it.terms.items():
            lead[t] = lead.get(t, 0.0) + n
    total: Counter[str] = Counter()
    term_mass: Counter[str] = Counter()
    for it in items[lead_end:]:
        total.update(it.terms.keys())
    for it in items:
        term_mass.update(it.terms)
    for t in core_title:
        term_mass[t] += 1
    # Which actor words occur in which block (entity or not): an actor is known when one of its words
    # occurs in another block or the headline.
    where: dict[str, set[int]] = {}
    for k, it in enumerate(items):
        for t in it.terms:
            where.setdefault(t, set()).add(k)
    for t in core_title:
        where.setdefault(t, set()).add(-1)
    lengths = sorted(len(it.block.text) for it in items)
    median = max(1, lengths[len(lengths) // 2])
    wt = {t: _idf(t) for t in term_mass}
    # Squared norms of the whole article's log (and idf) weighted term vector; each block's "far" vector
    # (the article without the block and its neighbours) only corrects the terms of those three blocks.
    norm_log = norm_idf = 0.0
    for t, m in term_mass.items():
        w = (1 + math.log(m)) ** 2
        norm_log += w
        norm_idf += w * wt[t] ** 2
    rows = []
    for i in range(lead_end, len(items)):
        it = items[i]
        near_idx = {i - 1, i + 1}
        near: set[str] = set()
        for j in near_idx:
            if 0 <= j < len(items):
                near.update(items[j].terms)
        window = range(max(0, i - 1), min(len(items), i + 2))
        local: Counter[str] = Counter()
        blocks_with: Counter[str] = Counter()
        for j in window:
            local.update(items[j].terms)
            if j >= lead_end:
                blocks_with.update(items[j].terms.keys())
        far_norm_log, far_norm_idf = norm_log, norm_idf
        for t, n in local.items():
            m = term_mass[t]
            w = (1 + math.log(m)) ** 2 - ((1 + math.log(m - n)) ** 2 if m - n > 0 else 0.0)
            far_norm_log -= w
            far_norm_idf -= w * wt[t] ** 2
        far_mass = {t: term_mass[t] - local[t] for t in it.terms}
        counts: dict[str, float] = {}
        icounts: dict[str, float] = {}
        for term, n in it.terms.items():
            if term in core_title:
                place = "title"
            elif term in lead:
                place = "lead"
            elif total[term] - blocks_with[term] >= 2:
                place = "far2"
            elif total[term] - blocks_with[term] == 1:
                place = "far1"
            elif term in near:
                place = "near"
            else:
                place = "none"
            cat = ("E" if term in it.entity_terms else "W") + place
            counts[cat] = counts.get(cat, 0.0) + n
            icounts[cat] = icounts.get(cat, 0.0) + wt[term]
        size = max(1.0, it.size)
        jp, jn = _jaccard(items, i, i - 1), _jaccard(items, i, i + 1)
        jpn = _jaccard(items, i - 1, i + 1)
        jpair = max(_jaccard(items, i - 1, i + 2), _jaccard(items, i - 2, i + 1))
        best = max(jp, jn)
        cos_far, cos_idf_far = _cos_far(wt, it.terms, far_mass, far_norm_log, far_norm_idf)
        new = near_only = persons_new = 0
        for label, words in it.actors:
            seen = {k for w in words for k in where.get(w, ())} - {i}
            if not seen:
                new += 1
                persons_new += label == "PERSON"
            elif seen <= near_idx:
                near_only += 1
        n_actors = len(it.actors)
        orphans = sum(1 for w in it.surnames if not (where.get(w, set()) - {i}))
        prev_persons = items[i - 1].persons if i > 0 else 0
        idf_total = idf_known = idf_none = idf_lead = 0.0
        for term in it.terms:
            w = wt[term]
            idf_total += w
            if far_mass[term] > 0:
                idf_known += w
            elif term not in near:
                idf_none += w
            if term in lead:
                idf_lead += w
        idf_total = idf_total or 1.0
        known_share = []
        for sent in it.sentences:
            if sent:
                known_share.append(sum(wt[t] for t in sent if far_mass.get(t, 0) > 0) / sum(wt[t] for t in sent))
        if not known_share:
            known_share = [0.0]
        rows.append(
            [counts.get(c, 0.0) / size for c in CATEGORIES]
            + [math.log1p(counts.get(c, 0.0)) for c in CATEGORIES]
            + [jp, jn, jpn, jpair, best, jpn - best, jpair - best, i / len(items),
               math.log(max(1, len(it.block.text)) / median), math.log(size),
               cos_far, _cos_terms(it.terms, lead),
               math.log1p(n_actors), math.log1p(new), new / n_actors if n_actors else 0.0, math.log1p(near_only),
               math.log1p(persons_new),
               math.log1p(orphans), float(it.opener), float(it.opener and prev_persons == 0),
               idf_known / idf_total, idf_none / idf_total, idf_lead / idf_total, cos_idf_far,
               idf_total / max(1, len(it.terms)), math.log1p(idf_known),
               _idf_jaccard(wt, items, i, i - 1), _idf_jaccard(wt, items, i, i + 1), _idf_jaccard(wt, items, i - 1, i + 1),
               sum(k == 0 for k in known_share) / len(known_share), min(known_share), max(known_share),
               known_share[0]]
            + [icounts.get(c, 0.0) / idf_total for c in CATEGORIES]
        )
    return lead_end, rows
