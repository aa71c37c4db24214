"""Cheap scans of a parsed document for the events stage: which tokens may be triggers, lemma phrases.

Creating a spaCy ``Token`` and reading ``tok.lemma_`` costs a Python call per attribute; most tokens of
an article are no trigger at all. These scans read the POS, LEMMA and LOWER columns once with
``Doc.to_array`` and decide per distinct (lemma, form, POS) key, cached, whether a token can be a
trigger, so the events stage builds Token objects only for the few that can.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.attrs import LEMMA, POS
from spacy.symbols import VERB

from newsledger.runtime.tokcols import token_columns
from newsledger.stages.events.lexicon import Lexicon, Phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Distinct keys remembered per lexicon before the cache is emptied (bounds a long-running worker's
# memory; an article brings a few hundred new keys, so this is cleared every few thousand articles).
MAX_CACHE = 200_000
_KEYS_EXTRA = "event_scan.keys"  # Lexicon.extra entries holding the caches
_LOWER_EXTRA = "event_scan.lower_lemmas"


def _coarse(pos: str) -> str | None:
    """The POS a trigger rule is keyed on, as ``events.match_rule`` reads it."""
    return "VERB" if pos == "VERB" else "NOUN" if pos in ("NOUN", "PROPN") else None


def _lower_lemmas(doc: Doc, lex: Lexicon, lemmas: list[int]) -> list[str]:
    """``tok.lemma_.lower()`` of every token, through a cache keyed on the lemma's hash."""
    cache: dict[int, str] = lex.extra.setdefault(_LOWER_EXTRA, {})
    if len(cache) >= MAX_CACHE:
        cache.clear()
    strings = doc.vocab.strings
    out = []
    for h in lemmas:
        low = cache.get(h)
        if low is None:
            low = cache[h] = strings[h].lower() if h else ""
        out.append(low)
    return out


def trigger_tokens(doc: Doc, lex: Lexicon, demand_verbs: frozenset[str]) -> list[int]:
    """Indices of the tokens that may be event triggers: a trigger rule exists for their lower-case lemma
    or form with their coarse POS, or their lemma is a demand verb. Every other token gets no rule and no
    event type in ``events.find_candidates``, so it need not be looked at."""
    if not len(doc):
        return []
    c = token_columns(doc)  # the string columns, read once per document (runtime/tokcols.py)
    cache: dict[tuple[str, str, str], bool] = lex.extra.setdefault(_KEYS_EXTRA, {})
    if len(cache) >= MAX_CACHE:
        cache.clear()
    out = []
    for i, key in enumerate(zip(c.pos, c.lemma_lower, c.lower, strict=True)):
        hit = cache.get(key)
        if hit is None:
            pos, low, lower = key
            coarse = _coarse(pos)
            hit = low in demand_verbs or (coarse is not None and bool(lex.rules(low, coarse) or lex.rules(lower, coarse)))
            cache[key] = hit
        if hit:
            out.append(i)
    return out


def verbs_with_lemma(doc: Doc, lex: Lexicon, lemmas: frozenset[str]) -> list[int]:
    """Indices of the tokens with POS VERB whose lower-case lemma is in ``lemmas``."""
    if not len(doc):
        return []
    arr = doc.to_array([POS, LEMMA])
    verbs = [i for i, pos in enumerate(arr[:, 0].tolist()) if pos == VERB]
    lowered = _lower_lemmas(doc, lex, arr[verbs, 1].tolist())
    return [i for i, low in zip(verbs, lowered, strict=True) if low in lemmas]


def phrase_hits(doc: Doc, lex: Lexicon) -> list[tuple[Token, Token, Phrase]]:
    """Multi-word trigger phrases (lemmas in order, gaps of at most ``lex.phrase_max_gap``) within a sentence:
    (first token, last token, phrase)."""
    if not len(doc) or not lex.phrases:
        return []
    all_lemmas = _lower_lemmas(doc, lex, doc.to_array(LEMMA).tolist())
    firsts = {p.lemmas[0] for p in lex.phrases}
    hits = []
    for sent in doc.sents:
        lemmas = all_lemmas[sent.start : sent.end]
        if firsts.isdisjoint(lemmas):
            continue
        for phrase in lex.phrases:
            for i, lem in enumerate(lemmas):
                if lem != phrase.lemmas[0]:
                    continue
                j, ok = i, True
                for want in phrase.lemmas[1:]:
                    window = lemmas[j + 1 : j + 2 + lex.phrase_max_gap]
                    if want not in window:
                        ok = False
                        break
                    j = j + 1 + window.index(want)
                if ok and (not phrase.needs or phrase.needs & set(lemmas)):
                    hits.append((sent[i], sent[j], phrase))
    return hits
