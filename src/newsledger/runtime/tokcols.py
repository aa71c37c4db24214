"""Per-token columns of a parsed Doc (strings and flags), read once with ``Doc.to_array`` and cached in the Doc.

Creating a spaCy ``Token`` and reading ``tok.lemma_`` or ``tok.is_stop`` costs a Python call each; several
stages walked every token that way (the clean stage's terms and voice, the framing tagger's view). They read
these columns instead: the same values as the Token attributes, computed once per document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy import parts_of_speech
from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    POS,
    SENT_START,
    SPACY,
    TAG,
)

from newsledger.runtime.doctext import doc_words

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc

COLUMNS_KEY = "newsledger.columns"
ATTRS = (IDX, LENGTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, SENT_START, SPACY, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LIKE_NUM)
# Hash -> string entries remembered across documents before the cache is emptied (bounds a worker's memory).
MAX_STRINGS = 200_000
_STRINGS: dict[int, str] = {}
UINT64 = (1 << 64) - 1
_LOWERED: dict[int, str] = {}


@dataclass(frozen=True)
class TokenColumns:
    """One list per token attribute, index = token index (``lemma_lower`` is ``tok.lemma_.lower()``)."""

    idx: list[int]
    length: list[int]
    text: list[str]
    lower: list[str]
    lemma: list[str]
    lemma_lower: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]  # tok.head.i
    leaf: list[bool]  # the token has no children
    sent_start: list[bool]  # tok.is_sent_start is True
    sent_end: list[bool]  # tok.is_sent_end is True
    space_after: list[bool]  # tok.whitespace_ is not empty
    is_alpha: list[bool]
    is_punct: list[bool]
    is_space: list[bool]
    is_stop: list[bool]
    like_num: list[bool]

    def __len__(self) -> int:
        return len(self.idx)


def strings_of(doc: Doc, hashes: list[int]) -> list[str]:
    """The strings of the hashes (0 -> ''; as uint64 or the same bits as int64), through a process-wide cache."""
    return _mapped(doc, hashes, _STRINGS, lambda h, store: store[h] if h else "")


def _lowered_of(doc: Doc, hashes: list[int]) -> list[str]:
    """The lower-cased strings of the hashes (0 -> ''), through a process-wide cache."""
    return _mapped(doc, hashes, _LOWERED, lambda h, store: store[h].lower() if h else "")


def _mapped(doc: Doc, hashes: list[int], cache: dict[int, str], make: Callable[[int, StringStore], str]) -> list[str]:
    if len(cache) >= MAX_STRINGS:
        cache.clear()
    store = doc.vocab.strings
    for h in set(hashes).difference(cache):
        cache[h] = make(h & UINT64, store)  # the hashes come as int64 (cheaper to convert than uint64)
    return list(map(cache.__getitem__, hashes))


def token_columns(doc: Doc) -> TokenColumns:
    """The columns of ``doc``, computed on the first call and kept in ``doc.user_data``."""
    cols = doc.user_data.get(COLUMNS_KEY)
    if isinstance(cols, TokenColumns):
        return cols
    n = len(doc)
    arr = doc.to_array(list(ATTRS)) if n else np.zeros((0, len(ATTRS)), dtype=np.uint64)
    c = arr[:, :8].view(np.int64).T.tolist()
    sent = (arr[:, 8].view(np.int64) > 0).tolist()
    flags = arr[:, 9:].astype(bool).T.tolist() if n else [[] for _ in ATTRS[9:]]
    head = [i + h for i, h in enumerate(c[7])]
    leaf = [True] * n
    for i, h in enumerate(head):
        if h != i:
            leaf[h] = False
    cols = TokenColumns(
        idx=c[0], length=c[1], text=doc_words(doc)[0], lower=strings_of(doc, c[2]), lemma=strings_of(doc, c[3]),
        lemma_lower=_lowered_of(doc, c[3]), pos=list(map(parts_of_speech.NAMES.__getitem__, c[4])),
        tag=strings_of(doc, c[5]), dep=strings_of(doc, c[6]), head=head, leaf=leaf,
        sent_start=sent, sent_end=[*sent[1:], True] if n else [],
        space_after=flags[0], is_alpha=flags[1], is_punct=flags[2], is_space=flags[3], is_stop=flags[4],
        like_num=flags[5],
    )
    doc.user_data[COLUMNS_KEY] = cols
    return cols


CHILDREN_KEY = "newsledger.children"


def children_of(doc: Doc) -> dict[int, list[int]]:
    """Token index -> indices of its children in order (``tok.children``), for tokens that have any; built once."""
    kids = doc.user_data.get(CHILDREN_KEY)
    if kids is None:
        kids = {}
        for i, h in enumerate(token_columns(doc).head):
            if h != i:
                kids.setdefault(h, []).append(i)
        doc.user_data[CHILDREN_KEY] = kids
    return kids  # type: ignore[no-any-return]


def span_root(cols: TokenColumns, start: int, end: int) -> int:
    """Index of ``doc[start:end].root`` as spaCy's ``Span.root`` finds it, with no Span or Token objects."""
    head = cols.head
    for i in range(start, end):
        if head[i] == i:
            return i
    best, root = len(head), -1
    for i in range(start, end):
        if start <= head[i] < end:
            continue
        if cols.leaf[i] and (cols.is_space[i] or cols.is_punct[i]):  # spaCy's last resort: a bare space or punct
            steps = len(head) - 1
            if steps < best:
                best, root = steps, i
            continue
        steps, k = 0, i
        while head[k] != k:
            k = head[k]
            steps += 1
            if steps >= len(head):
                raise RuntimeError(f"a dependency cycle: no root above token {i}")
        if steps < best:
            best, root = steps, i
    return start if root == -1 else root
