"""Evidence of a paragraph against its own article's course: continuity with the paragraphs a few places before and
after it (content terms, actors, word vectors), a topic break on both sides, and how it ranks among the article's
paragraphs. Measured only against the article itself, so it says nothing about which source a passage came from."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsledger.stages.clean.offtopic_features import BlockTerms
from newsledger.stages.clean.offtopic_vectors import block_vectors

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTEXT_FEATURES = (
    "ctx_terms_before", "ctx_terms_after", "ctx_terms_min", "ctx_terms_lead",
    "ctx_actors_before", "ctx_actors_after", "ctx_actors_lead", "ctx_no_actors",
    "ctx_wv_before", "ctx_wv_after", "ctx_wv_min", "ctx_wv_skip_gain",
    "ctx_terms_min_z", "ctx_wv_min_z", "ctx_terms_min_rank", "ctx_wv_min_rank",
)
# How many paragraphs on each side make a block's context (a spliced run of two leaves one of them article text).
WINDOW = 3


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b) / (na * nb) if na > 0 and nb > 0 else 0.0


def _term_share(item: BlockTerms, others: Sequence[BlockTerms]) -> float:
    """The share of the block's term occurrences whose term some other block uses."""
    seen = set().union(*(o.terms.keys() for o in others)) if others else set()
    total = sum(item.terms.values())
    return sum(n for t, n in item.terms.items() if t in seen) / total if total else 0.0


def _actor_share(item: BlockTerms, others: Sequence[BlockTerms]) -> float:
    """The share of the block's actors that share a word with an actor of the other blocks (1 when it names none)."""
    if not item.actors:
        return 1.0
    words = {w for o in others for _, ws in o.actors for w in ws}
    return sum(1 for _, ws in item.actors if ws & words) / len(item.actors)


def _z(values: list[float]) -> list[float]:
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return [(v - mean) / sd if sd > 1e-6 else 0.0 for v in values]


def _rank(values: list[float]) -> list[float]:
    """Each value's rank from the lowest (0) to the highest (1)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    for r, k in enumerate(order):
        out[k] = r / max(1, len(values) - 1)
    return out


def context_rows(doc: Doc, items: Sequence[BlockTerms], lead_end: int) -> list[list[float]]:
    """CONTEXT_FEATURES of each block from ``lead_end`` on."""
    sums, _ = block_vectors(doc, items)
    n = len(items)
    lead = list(items[:lead_end])
    rows = []
    for k in range(lead_end, n):
        before, after = list(items[max(0, k - WINDOW):k]), list(items[k + 1:k + 1 + WINDOW])
        tb, ta = _term_share(items[k], before), _term_share(items[k], after) if after else _term_share(items[k], before)
        vb = _cos(sums[k], sums[max(0, k - WINDOW):k].sum(axis=0))
        va = _cos(sums[k], sums[k + 1:k + 1 + WINDOW].sum(axis=0)) if after else vb
        skip = _cos(sums[k - 1], sums[k + 1]) if 0 < k < n - 1 else 0.0
        near = min(_cos(sums[k], sums[k - 1]), _cos(sums[k], sums[k + 1])) if 0 < k < n - 1 else 0.0
        rows.append([tb, ta, min(tb, ta), _term_share(items[k], lead),
                     _actor_share(items[k], before), _actor_share(items[k], after) if after else 1.0,
                     _actor_share(items[k], lead), float(not items[k].actors),
                     vb, va, min(vb, va), skip - near, 0.0, 0.0, 0.0, 0.0])
    if rows:
        for col, src in ((12, 2), (13, 10)):
            values = [r[src] for r in rows]
            for r, z, q in zip(rows, _z(values), _rank(values), strict=True):
                r[col], r[col + 2] = z, q
    return rows
