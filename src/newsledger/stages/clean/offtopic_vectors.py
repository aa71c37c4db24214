"""Topic similarity of a paragraph to the rest of its article through distributional word vectors (the events
stage's lemma table, training/wordvecs.py): a passage on a near topic shares few exact words with the story but
many related ones, and one from another domain shares neither."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsledger.runtime.tokcols import token_columns
from newsledger.stages.clean.offtopic_features import BlockTerms

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsledger.stages.events.wordvecs import WordVectors

VECTOR_FEATURES = ("wv_far", "wv_lead", "wv_title", "wv_neighbours", "wv_far_z", "wv_known")
# Parts of speech whose lemmas carry the topic.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def _table() -> WordVectors:
    from newsledger.stages.events.wordvecs import load_wordvecs

    return load_wordvecs()


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b) / (na * nb) if na > 0 and nb > 0 else 0.0


def block_vectors(doc: Doc, items: Sequence[BlockTerms], table: WordVectors | None = None) -> tuple[np.ndarray, list[float]]:
    """The sum of the unit word vectors of each block's content lemmas (one row per block), and the share of its
    content lemmas the table knows."""
    wv = table or _table()
    c = token_columns(doc)
    starts = c.idx
    unknown = len(wv.vectors) - 1
    sums = np.zeros((len(items), wv.width), dtype=np.float32)
    known = []
    for n, it in enumerate(items):
        i, j = bisect.bisect_left(starts, it.block.start), bisect.bisect_left(starts, it.block.end)
        lemmas = [c.lemma_lower[k] for k in range(i, j) if c.pos[k] in CONTENT_POS and not c.is_stop[k]]
        rows = [r for r in wv.rows_of(lemmas) if r != unknown]
        if rows:
            sums[n] = wv.vectors[rows].sum(axis=0)
        known.append(len(rows) / len(lemmas) if lemmas else 0.0)
    return sums, known


def title_vector(title: str | None, table: WordVectors | None = None) -> np.ndarray:
    """The sum of the word vectors of the title's lower-cased words (the table's lemmas; unknown words add nothing)."""
    wv = table or _table()
    rows = [r for r in wv.rows_of([w.strip(".,:;!?\"'“”‘’()").lower() for w in (title or "").split()]) if r != len(wv.vectors) - 1]
    return wv.vectors[rows].sum(axis=0) if rows else np.zeros(wv.width, dtype=np.float32)


def vector_rows(doc: Doc, items: Sequence[BlockTerms], lead_end: int, title: str | None) -> list[list[float]]:
    """VECTOR_FEATURES of each block from ``lead_end`` on: cosines of its word-vector sum with the far rest of the
    article (without it and its two neighbours), the lead, the title and its neighbours (the lower of the two), the
    far cosine's z-score among the judged blocks, and the share of its content lemmas with a vector."""
    sums, known = block_vectors(doc, items)
    total = sums.sum(axis=0)
    lead = sums[:lead_end].sum(axis=0)
    head = title_vector(title)
    n = len(items)
    rows = []
    for k in range(lead_end, n):
        near = sums[max(0, k - 1):k + 2].sum(axis=0)
        prev = _cos(sums[k], sums[k - 1]) if k > 0 else 1.0
        nxt = _cos(sums[k], sums[k + 1]) if k + 1 < n else 1.0
        rows.append([_cos(sums[k], total - near), _cos(sums[k], lead), _cos(sums[k], head), min(prev, nxt), 0.0, known[k]])
    far = [r[0] for r in rows]
    if far:
        mean = sum(far) / len(far)
        sd = math.sqrt(sum((x - mean) ** 2 for x in far) / len(far))
        for r in rows:
            r[4] = (r[0] - mean) / sd if sd > 1e-6 else 0.0
    return rows
