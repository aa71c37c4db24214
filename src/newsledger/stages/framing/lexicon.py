"""The framing lexicons (loaded terms, contested terminology) and their token matcher over a spaCy Doc."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsledger.errors import NewsledgerError
from newsledger.runtime.doctext import span_ents
from newsledger.runtime.tokcols import TokenColumns, token_columns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

LOADED_FILE = "framing_loaded.tsv"
CONTESTED_FILE = "framing_contested.tsv"
# Lexicon terms are split like spaCy splits words and hyphens ("neo-Nazi" -> neo - nazi).
_TERM_TOKEN = re.compile(r"\w+|[^\w\s]")
# Words that make a sentence about a place even without a place entity ("the border area").
PLACE_WORDS = frozenset({"region", "area", "territory", "village", "town", "city", "district", "oblast", "land", "settlement"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# An adjective's span grows to its noun over at most this many tokens in between ("sacred and noble duty").
MAX_HEAD_GAP = 3


class LexiconError(NewsledgerError):
    """A framing lexicon line is malformed; fix the named line of the named file."""


@dataclass(frozen=True)
class Entry:
    """One lexicon term: its tokens, technique and matching options."""

    tokens: tuple[str, ...]
    technique: str
    contested: bool
    needs_place: bool = False
    grow_to_head: bool = False
    neutral: str = ""
    note: str = ""


def _read(name: str) -> list[list[str]]:
    text = resources.files("newsledger.stages.framing").joinpath(f"lexicons/{name}").read_text(encoding="utf-8")
    rows = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip():
            raise LexiconError(f"{name} line {i}: expected tab-separated 'term<TAB>technique...', got {line!r}")
        rows.append(cols)
    return rows


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """All lexicon entries (loaded terms first, then contested terminology)."""
    out = []
    for cols in _read(LOADED_FILE):
        toks = tuple(_TERM_TOKEN.findall(cols[0].lower()))
        out.append(Entry(toks, cols[1].strip(), False, grow_to_head=len(cols) > 2 and cols[2].strip() == "head"))
    for cols in _read(CONTESTED_FILE):
        toks = tuple(_TERM_TOKEN.findall(cols[0].lower()))
        out.append(
            Entry(
                toks,
                cols[1].strip(),
                True,
                needs_place=len(cols) > 2 and cols[2].strip() == "place",
                neutral=cols[3].strip() if len(cols) > 3 else "",
                note=cols[4].strip() if len(cols) > 4 else "",
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _by_first() -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for e in entries():
        index.setdefault(e.tokens[0], []).append(e)
    for v in index.values():
        v.sort(key=lambda e: -len(e.tokens))  # longest first
    return index


def _forms(cols: TokenColumns, i: int) -> tuple[str, str, str]:
    """Lowercase form, lemma, and a plural-stripped form (the lemmatiser keeps proper-noun plurals: "Nazis")."""
    lower = cols.lower[i]
    single = lower[:-1] if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss") else lower
    return lower, cols.lemma_lower[i], single


def _mentions_place(sent: Span) -> bool:
    if any(ent.label_ in PLACE_LABELS for ent in span_ents(sent)):
        return True
    return any(t.lemma_.lower() in PLACE_WORDS for t in sent)


def _grow_to_head(doc: Doc, start: int, end: int) -> int:
    """End of the span grown from an adjective to the noun it modifies, when that noun follows closely."""
    tok = doc[end - 1]
    head = tok.head
    if tok.dep_ in ("amod", "conj") and head.i >= end and head.i - end <= MAX_HEAD_GAP and head.pos_ in ("NOUN", "PROPN"):
        while head.dep_ == "conj" and head.head.i > head.i:
            head = head.head
        return head.i + 1
    return end


def match(doc: Doc) -> list[tuple[int, int, Entry]]:
    """Token spans (start, end exclusive) of lexicon terms in ``doc``, longest match first, no overlaps."""
    index = _by_first()
    cols = token_columns(doc)
    out: list[tuple[int, int, Entry]] = []
    n = len(doc)
    i = 0
    while i < n:
        cands = [e for form in set(_forms(cols, i)) for e in index.get(form, [])]
        cands.sort(key=lambda e: -len(e.tokens))
        hit: tuple[int, int, Entry] | None = None
        for e in cands:
            k = len(e.tokens)
            if i + k > n:
                continue
            if all(e.tokens[j] in _forms(cols, i + j) for j in range(k)):
                if e.needs_place and not _mentions_place(doc[i].sent):
                    continue
                end = _grow_to_head(doc, i, i + k) if e.grow_to_head else i + k
                hit = (i, end, e)
                break
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit[1]
    return out
