"""Fit the sparse trigger network on gold rows plus silver rows with soft labels (a teacher's class probabilities)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from common.events_fit import vocabulary
from common.events_rows import Rows
from newsledger.stages.events.model import SparseNet


def read_silver(folder: Path, classes: list[str], limit: int = 0) -> tuple[Rows, np.ndarray]:
    """The silver rows of training/events_silver.py's shards (the first ``limit`` shards; 0: all) and their soft
    labels as an (n, classes) matrix in the order of ``classes``."""
    import json

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    order = [meta["classes"].index(c) for c in classes]
    rows, soft = Rows(), []
    shards = sorted(folder.glob("part-*.pkl"))
    for path in shards[:limit] if limit else shards:
        with path.open("rb") as fh:
            part, probs = pickle.load(fh)  # noqa: S301 - our own shards
        rows.feats += part.feats
        rows.dense += part.dense
        rows.labels += part.labels
        rows.groups += part.groups
        soft += probs
    matrix = np.vstack(soft).astype(np.float32)[:, order] if soft else np.zeros((0, len(classes)), dtype=np.float32)
    return rows, matrix


def sharpened(soft: np.ndarray, power: float) -> np.ndarray:
    """Soft labels raised to ``power`` and renormalised per row (power > 1: nearer the teacher's best class)."""
    if power == 1.0 or not len(soft):
        return soft
    out = soft.astype(np.float64) ** power
    return (out / out.sum(axis=1, keepdims=True)).astype(np.float32)


def fit_distilled(gold: Rows, silver: Rows, soft: np.ndarray, weight: float, hidden: int, min_count: int = 2,
                  silver_min_count: int = 0, epochs: int = 6, lr: float = 2e-3, dropout: float = 0.5, seed: int = 0,
                  batch: int = 512, meta: dict[str, object] | None = None) -> SparseNet:
    """The trigger network (sparse rows summed, tok2vec and word-vector columns, ReLU, softmax) fitted to gold
    labels (one-hot) and, at ``weight`` per row, the silver rows' soft labels: the loss is the row-weighted cross
    entropy against each row's target distribution. The vocabulary is gold's features seen ``min_count`` times,
    plus silver's seen ``silver_min_count`` times (0: none of silver's own)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    classes = sorted(set(gold.labels))
    vocab = set(vocabulary(gold.feats, min_count))
    if silver_min_count and weight > 0:
        vocab |= set(vocabulary(silver.feats, silver_min_count))
    words = sorted(vocab)
    index = {f: i for i, f in enumerate(words)}
    use_silver = weight > 0 and len(silver.feats) > 0
    feats = gold.feats + (silver.feats if use_silver else [])
    ids = [sorted({index[f] for f in fs if f in index}) for fs in feats]
    flat = torch.tensor([j for x in ids for j in x], dtype=torch.long)
    lengths = torch.tensor([len(x) for x in ids], dtype=torch.long)
    starts = torch.cumsum(lengths, 0) - lengths
    dense_parts = [gold.dense_matrix().astype(np.float32)]
    cidx = {c: i for i, c in enumerate(classes)}
    target_parts = [np.eye(len(classes), dtype=np.float32)[[cidx[c] for c in gold.labels]]]
    row_w = [np.ones(len(gold.labels), dtype=np.float32)]
    if use_silver:
        dense_parts.append(silver.dense_matrix().astype(np.float32))
        target_parts.append(soft.astype(np.float32))
        row_w.append(np.full(len(silver.feats), weight, dtype=np.float32))
    dense = torch.from_numpy(np.vstack(dense_parts))
    targets = torch.from_numpy(np.vstack(target_parts))
    weights = torch.from_numpy(np.concatenate(row_w))
    emb = torch.nn.EmbeddingBag(len(words), hidden, mode="sum")
    torch.nn.init.normal_(emb.weight, std=0.05)
    lin_d = torch.nn.Linear(dense.shape[1], hidden, bias=False)
    b1 = torch.nn.Parameter(torch.zeros(hidden))
    out = torch.nn.Linear(hidden, len(classes))
    opt = torch.optim.Adam([*emb.parameters(), b1, *out.parameters(), *lin_d.parameters()], lr=lr)
    drop = torch.nn.Dropout(dropout)
    n = len(feats)
    for _ in range(epochs):
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            part = perm[s : s + batch]
            lens = lengths[part]
            idx = torch.cat([flat[a : a + b] for a, b in zip(starts[part].tolist(), lens.tolist(), strict=True)])
            h = emb(idx, torch.cumsum(lens, 0) - lens) + b1 + lin_d(dense[part])
            logp = torch.log_softmax(out(drop(torch.relu(h))), dim=1)
            w = weights[part]
            loss = (w * -(targets[part] * logp).sum(dim=1)).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return SparseNet(words, emb.weight.numpy().copy(), lin_d.weight.T.numpy().copy(), b1.numpy().copy(),
                         out.weight.T.numpy().copy(), out.bias.numpy().copy(), classes, meta)
