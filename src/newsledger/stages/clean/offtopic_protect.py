"""What protects a paragraph from off-topic removal (a quote, an actor of the story, continuing the paragraph before
it) and how its voice differs from the rest of the article (language, person, mood, tense)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsledger.runtime.tokcols import token_columns
from newsledger.stages.clean.offtopic_features import BlockTerms, title_terms

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Lemmas that attribute words to someone ("said", "told", "according to").
ATTRIBUTION = frozenset({"say", "tell", "add", "state", "accord", "claim", "announce", "write", "note", "argue",
                         "insist", "declare", "explain", "warn", "assert", "acknowledge", "deny", "confirm", "quote"})
QUOTE_RE = re.compile(r"[“\"«„]([^”\"»“]{12,})[”\"»“]")
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours"})
# A paragraph continues the one before it when it opens with one of these and that paragraph names someone.
CONTINUERS = frozenset({"he", "she", "they", "his", "her", "their", "it", "its", "this", "that", "these", "those",
                        "but", "and", "however", "still", "yet", "also", "instead", "so", "then", "later", "meanwhile"})
END_RE = re.compile(r"[.!?…:][\"”’')»]*$")
# Distinct token texts whose letter counts are remembered before the cache is emptied.
MAX_LETTERS = 100_000
_LETTERS: dict[str, tuple[int, int]] = {}
# The marker a list item opens with: a bullet, or a number with a dot or parenthesis.
LIST_MARK_RE = re.compile(r"^\s*([•·▪◦●■*–—-]|\d{1,2}[.)])\s")

PROTECT_FEATURES = ("quote", "attributions", "speaker_known", "actors_known", "continues", "protected",
                    "en_stop_share", "en_stop_gap", "ascii_gap", "second_person_gap", "first_person_gap",
                    "imperative_gap", "past_gap", "present_gap", "propn_gap", "digit_gap")


@dataclass
class Voice:
    """Per-block rates read from the parse: English stop words, letters in ASCII, persons, mood, tense, names."""

    tokens: int = 0
    en_stop: int = 0
    ascii_letters: int = 0
    letters: int = 0
    second: int = 0
    first: int = 0
    imperative: int = 0
    sentences: int = 0
    past: int = 0
    present: int = 0
    verbs: int = 0
    propn: int = 0
    digits: int = 0
    attributions: int = 0

    def rates(self) -> list[float]:
        """en_stop, ascii, second person, first person, imperative, past, present, proper noun and digit rates."""
        t, v = max(1, self.tokens), max(1, self.verbs)
        return [self.en_stop / t, self.ascii_letters / max(1, self.letters), self.second / t, self.first / t,
                self.imperative / max(1, self.sentences), self.past / v, self.present / v, self.propn / t, self.digits / t]


def _letters(word: str) -> tuple[int, int]:
    """(letters, ASCII letters) of a token text, cached per distinct text."""
    hit = _LETTERS.get(word)
    if hit is None:
        letters = [ch for ch in word if ch.isalpha()]
        hit = (len(letters), sum(1 for ch in letters if ch.isascii()))
        if len(_LETTERS) >= MAX_LETTERS:
            _LETTERS.clear()
        _LETTERS[word] = hit
    return hit


def voices(doc: Doc, items: Sequence[BlockTerms]) -> list[Voice]:
    """The Voice of each block, from the one parse (its token columns, runtime/tokcols.py)."""
    c = token_columns(doc)
    starts = c.idx
    out = []
    for it in items:
        v = Voice()
        i, j = bisect.bisect_left(starts, it.block.start), bisect.bisect_left(starts, it.block.end)
        for k in range(i, j):
            if c.is_space[k] or c.is_punct[k]:
                continue
            v.tokens += 1
            low = c.lower[k]
            v.en_stop += c.is_stop[k]
            letters, ascii_letters = _letters(c.text[k])
            v.letters += letters
            v.ascii_letters += ascii_letters
            v.second += low in SECOND_PERSON
            v.first += low in FIRST_PERSON
            v.digits += c.like_num[k]
            pos, tag = c.pos[k], c.tag[k]
            v.propn += pos == "PROPN"
            if c.sent_start[k]:
                v.sentences += 1
                v.imperative += tag == "VB"
            if pos in ("VERB", "AUX"):
                v.verbs += 1
                v.past += tag in ("VBD", "VBN")
                v.present += tag in ("VBP", "VBZ")
            v.attributions += c.lemma_lower[k] in ATTRIBUTION and pos in ("VERB", "ADP", "NOUN")
        out.append(v)
    return out


def _known_actors(items: Sequence[BlockTerms], i: int, lead_end: int, title: set[str]) -> tuple[int, bool]:
    """(actors of block i named in the headline, the lead or a block not next to it; whether one of them is a
    PERSON or ORG, a speaker)."""
    elsewhere: set[str] = set(title)
    for k, it in enumerate(items):
        if k != i and (k < lead_end or abs(k - i) > 1):
            elsewhere |= it.entity_terms | set(it.terms)
    known = [(label, words) for label, words in items[i].actors if words & elsewhere]
    return len(known), any(label in ("PERSON", "ORG") for label, _ in known)


def protect_rows(doc: Doc, items: Sequence[BlockTerms], lead_end: int, title: str | None) -> list[list[float]]:
    """PROTECT_FEATURES of each block from ``lead_end`` on; the "protected" column is 1.0 for a block that carries a
    quote or attribution, names an actor of the story, or continues the paragraph before it."""
    vs = voices(doc, items)
    rates = [v.rates() for v in vs]
    head = title_terms(title)
    rows = []
    for i in range(lead_end, len(items)):
        it, v = items[i], vs[i]
        text = it.block.text
        quote = bool(QUOTE_RE.search(text))
        n_known, speaker = _known_actors(items, i, lead_end, head)
        prev = items[i - 1] if i > 0 else None
        opener = it.opener or text[:1].islower() or (text.split(" ", 1)[0].lower().strip(",") in CONTINUERS)
        continues = bool(prev is not None and (opener and (prev.persons > 0 or prev.actors)
                                               or not END_RE.search(prev.block.text.strip())))
        protected = quote or v.attributions > 0 or n_known > 0 or continues
        others = [r for k, r in enumerate(rates) if k != i and abs(k - i) > 1] or [r for k, r in enumerate(rates) if k != i]
        mean = [sum(col) / len(col) for col in zip(*others, strict=True)] if others else rates[i]
        gaps = [a - b for a, b in zip(rates[i], mean, strict=True)]
        rows.append([float(quote), float(min(v.attributions, 5)), float(speaker and (quote or v.attributions > 0)),
                     float(min(n_known, 5)), float(continues), float(protected), rates[i][0], *gaps])
    return rows


def protected_flags(rows: Sequence[Sequence[float]]) -> list[bool]:
    """The "protected" column of protect_rows()."""
    k = PROTECT_FEATURES.index("protected")
    return [bool(r[k]) for r in rows]


def speaker_flags(rows: Sequence[Sequence[float]]) -> list[bool]:
    """The "speaker_known" column of protect_rows(): a quote or attribution whose speaker the story names elsewhere."""
    k = PROTECT_FEATURES.index("speaker_known")
    return [bool(r[k]) for r in rows]


def _list_mark(text: str) -> str | None:
    m = LIST_MARK_RE.match(text)
    return None if m is None else ("1." if m.group(1)[0].isdigit() else m.group(1))


def list_items(texts: Sequence[str]) -> list[bool]:
    """Which blocks are items of a list (they open with the same bullet or numbering as a neighbour): a list's items
    are about different things by design, so none of them is judged off-topic."""
    marks = [_list_mark(t) for t in texts]
    return [m is not None and ((k > 0 and marks[k - 1] == m) or (k + 1 < len(marks) and marks[k + 1] == m))
            for k, m in enumerate(marks)]
