"""Accurate-mode features of the off-topic model: MiniLM sentence embeddings of each paragraph (opt-in)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from newsledger.stages.clean.blocks import Block

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A sentence is embedded from at most this many words (~128 wordpieces at ~1.3 pieces a word), which bounds
# the cost of run-on "sentences" (lists, tables) the parser did not split.
MAX_SENTENCE_WORDS = 96
# Embedding width of all-MiniLM-L6-v2 (runtime/minilm.py HIDDEN_SIZE).
DIM = 384

EMBED_FEATURES = (
    "emb_title", "emb_lead", "emb_rest", "emb_far", "emb_prev", "emb_next", "emb_prev_next", "emb_gap",
    "emb_far_max", "emb_far_top3", "emb_far_z", "emb_far_rank", "emb_sent_far_mean", "emb_sent_far_min",
    "emb_sent_far_max", "emb_sent_first_far", "emb_sent_centroid_min", "emb_sent_title_max",
    "emb_sent_far_z", "emb_article_far_mean", "emb_edge_prev", "emb_edge_next", "emb_edge_skip",
)
# The story scorer's features (stages/clean/offtopic_story.py, which needs torch: imported only when scoring).
STORY_FEATURES = ("story_logit", "story_z")
# The link scorer's features (stages/clean/offtopic_story.py LINK_RESOURCE): the log-odds that the block continues the
# block before it, that the next block continues it, and that the next block continues the one before it
# (a spliced block breaks the first two and leaves the third whole), their minimum, the skip's gain over it,
# and the minimum's z-score among the article's judged blocks.
LINK_FEATURES = ("link_prev", "link_next", "link_skip", "link_min", "link_gain", "link_min_z")
# Added to the spread of an article's story log-odds before z-scoring (logit scale; about a typical spread).
STORY_Z_SMOOTH = 0.5
# Added to the spread of an article's scores before z-scoring (so that an article whose paragraphs are all
# alike does not turn small differences into large z values); the order of typical cosine spreads (~0.1).
Z_SMOOTH = 0.05


@dataclass
class ArticleVectors:
    """Unit sentence embeddings of each block (one matrix per block, rows = its sentences) and of the headline."""

    title: np.ndarray | None
    blocks: list[np.ndarray]

    def subset(self, keep: Sequence[int]) -> ArticleVectors:
        """The same article with only the blocks at ``keep`` (e.g. without a spliced passage)."""
        return ArticleVectors(self.title, [self.blocks[k] for k in keep])


def block_sentences(doc: Doc, blocks: Sequence[Block]) -> list[list[str]]:
    """The text of each sentence of each block (sentences from the one parse, clipped to the block)."""
    text = doc.text
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    starts = [s for s, _ in sents]
    out: list[list[str]] = []
    for b in blocks:
        k = max(0, bisect.bisect_right(starts, b.start) - 1)
        parts: list[str] = []
        while k < len(sents) and sents[k][0] < b.end:
            s, e = max(sents[k][0], b.start), min(sents[k][1], b.end)
            piece = text[s:e].strip()
            if e > s and any(c.isalnum() for c in piece):
                parts.append(" ".join(piece.split()[:MAX_SENTENCE_WORDS]))
            k += 1
        out.append(parts or [" ".join(b.text.split()[:MAX_SENTENCE_WORDS])])
    return out


def embed_sorted(encoder: Any, texts: list[str]) -> np.ndarray:
    """encoder.embed(texts) with the texts batched by length (less padding), rows in the given order."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vecs = encoder.embed([texts[i] for i in order])
    out = np.empty_like(vecs)
    out[order] = vecs
    return np.asarray(out)


def article_vectors(encoder: Any, doc: Doc, blocks: Sequence[Block], title: str | None) -> ArticleVectors:
    """Embed the headline and every sentence of every block in one batched call."""
    sentences = block_sentences(doc, blocks)
    flat = [s for ss in sentences for s in ss]
    if title and title.strip():
        flat.append(title.strip())
    vecs = embed_sorted(encoder, flat)
    out, k = [], 0
    for ss in sentences:
        out.append(vecs[k:k + len(ss)])
        k += len(ss)
    return ArticleVectors(vecs[k] if k < len(vecs) else None, out)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-9 else v


def embed_features(av: ArticleVectors, lead_end: int) -> list[list[float]]:
    """One row of EMBED_FEATURES per judged block (blocks from ``lead_end`` on)."""
    n = len(av.blocks)
    if n == 0 or lead_end >= n:
        return []
    para = np.stack([_unit(b.mean(0)) if len(b) else np.zeros(DIM, dtype=np.float32) for b in av.blocks])
    sims = para @ para.T
    total = para.sum(0)
    lead = _unit(para[:lead_end].sum(0))
    title = av.title
    base: list[list[float]] = []
    far_vals: list[float] = []
    sent_vals: list[float] = []
    for i in range(lead_end, n):
        p = para[i]
        window = [j for j in (i - 1, i, i + 1) if 0 <= j < n]
        rest = _unit(total - p)
        far_vec = _unit(total - para[window].sum(0))
        far_idx = [j for j in range(n) if j not in window]
        far_sims = np.sort(sims[i, far_idx])[::-1] if far_idx else np.zeros(1)
        prev = float(sims[i, i - 1]) if i > 0 else 0.0
        nxt = float(sims[i, i + 1]) if i + 1 < n else 0.0
        prev_next = float(sims[i - 1, i + 1]) if i > 0 and i + 1 < n else 0.0
        sv = av.blocks[i]
        if far_idx:
            others = np.concatenate([av.blocks[j] for j in far_idx])
            sent_far = (sv @ others.T).max(1)
        else:
            sent_far = np.zeros(len(sv))
        t_sent = float((sv @ title).max()) if title is not None else 0.0
        far = float(p @ far_vec)
        far_vals.append(far)
        sent_vals.append(float(sent_far.mean()))
        first, last = sv[0], sv[-1]
        edge_prev = float(av.blocks[i - 1][-1] @ first) if i > 0 and len(av.blocks[i - 1]) else 0.0
        edge_next = float(last @ av.blocks[i + 1][0]) if i + 1 < n and len(av.blocks[i + 1]) else 0.0
        edge_skip = (float(av.blocks[i - 1][-1] @ av.blocks[i + 1][0])
                     if i > 0 and i + 1 < n and len(av.blocks[i - 1]) and len(av.blocks[i + 1]) else 0.0)
        base.append([
            float(p @ title) if title is not None else 0.0, float(p @ lead), float(p @ rest), far, prev, nxt,
            prev_next, prev_next - max(prev, nxt), float(far_sims[0]), float(far_sims[:3].mean()),
            0.0, 0.0, float(sent_far.mean()), float(sent_far.min()), float(sent_far.max()), float(sent_far[0]),
            float((sv @ far_vec).min()), t_sent, 0.0, 0.0, edge_prev, edge_next, edge_skip,
        ])
    vals = np.asarray(far_vals)
    mean, std = float(vals.mean()), float(vals.std()) + Z_SMOOTH
    ranks = vals.argsort().argsort() / max(1, len(vals) - 1)
    svals = np.asarray(sent_vals)
    smean, sstd = float(svals.mean()), float(svals.std()) + Z_SMOOTH
    for row, v, r, sv_ in zip(base, vals, ranks, svals, strict=True):
        row[10] = (float(v) - mean) / std
        row[11] = float(r)
        row[18] = (float(sv_) - smean) / sstd
        row[19] = mean
    return base


def story_features(logits: np.ndarray) -> list[list[float]]:
    """One row of STORY_FEATURES per judged block: its story log-odds and their z-score within the article."""
    if len(logits) == 0:
        return []
    mean, std = float(logits.mean()), float(logits.std()) + STORY_Z_SMOOTH
    return [[float(v), (float(v) - mean) / std] for v in logits]


def link_pairs(first: int, n: int) -> list[tuple[int, int]]:
    """The (context, candidate) block pairs the link features of blocks first..n-1 need: each block with the one
    before it, and the one before it with the one after it."""
    return ([(k - 1, k) for k in range(max(first, 1), n)]
            + [(k - 1, k + 1) for k in range(max(first, 1), n - 1)])


def link_features(first: int, n: int, logits: dict[tuple[int, int], float]) -> list[list[float]]:
    """One row of LINK_FEATURES per block first..n-1 from the link scorer's log-odds of link_pairs(first, n)
    (a missing neighbour counts as the link that exists, so the last block's gain is 0)."""
    rows: list[list[float]] = []
    for k in range(first, n):
        prev = logits.get((k - 1, k))
        nxt = logits.get((k, k + 1))
        prev = nxt if prev is None else prev
        nxt = prev if nxt is None else nxt
        if prev is None or nxt is None:
            rows.append([0.0] * len(LINK_FEATURES))
            continue
        low = min(prev, nxt)
        skip = logits.get((k - 1, k + 1), low)
        rows.append([prev, nxt, skip, low, skip - low, 0.0])
    if rows:
        lows = np.array([r[3] for r in rows])
        mean, std = float(lows.mean()), float(lows.std()) + STORY_Z_SMOOTH
        for r in rows:
            r[5] = (r[3] - mean) / std
    return rows
