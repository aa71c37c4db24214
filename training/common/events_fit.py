"""Fit the events stage's small networks (scikit-learn) and turn them into numpy ``SparseNet`` models."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import scipy.sparse as sp

from common.events_rows import Rows
from newsledger.stages.events.model import SparseNet


def vocabulary(feats: list[list[str]], min_count: int) -> list[str]:
    """Features seen at least ``min_count`` times, in a fixed order."""
    counts = Counter(f for fs in feats for f in set(fs))
    return sorted(f for f, c in counts.items() if c >= min_count)


def design(feats: list[list[str]], dense: np.ndarray, vocab: list[str]) -> sp.csr_matrix:
    """The sparse design matrix: one column per vocabulary feature, then the dense columns."""
    index = {f: i for i, f in enumerate(vocab)}
    r, c = [], []
    for k, fs in enumerate(feats):
        for j in {index[f] for f in fs if f in index}:
            r.append(k)
            c.append(j)
    x = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(feats), len(vocab)))
    if dense.shape[1]:
        x = sp.hstack([x, sp.csr_matrix(dense.astype(np.float32))], format="csr")
    return x


def balanced_weights(labels: list[str], power: float, cap: float, none: str = "O") -> dict[str, float]:
    """Loss weights that lift rare event types: (median type count / count) ** power, between 1 and ``cap``;
    the none class keeps weight 1."""
    counts = Counter(c for c in labels if c != none)
    if not counts or power <= 0:
        return {}
    median = float(np.median(list(counts.values())))
    return {c: float(min(cap, max(1.0, (median / n) ** power))) for c, n in counts.items()}


def fit_net(rows: Rows, hidden: int, min_count: int = 2, alpha: float = 1e-4, epochs: int = 30, seed: int = 0,
            use_dense: bool = True, meta: dict[str, object] | None = None) -> SparseNet:
    """Fit a one-hidden-layer ReLU network (hidden=0: multinomial logistic regression) on the rows."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    vocab = vocabulary(rows.feats, min_count)
    dense = rows.dense_matrix() if use_dense else np.zeros((len(rows.feats), 0), dtype=np.float32)
    x = design(rows.feats, dense, vocab)
    y = np.asarray(rows.labels)
    nv = len(vocab)
    if hidden:
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=epochs, random_state=seed,
                            early_stopping=False, batch_size=256, learning_rate_init=1e-3)
        clf.fit(x, y)
        w1, w2 = clf.coefs_
        b1, b2 = clf.intercepts_
        classes = [str(c) for c in clf.classes_]
        return SparseNet(vocab, w1[:nv], w1[nv:], b1, w2, b2, classes, meta)
    lr = LogisticRegression(C=1.0 / max(alpha, 1e-9), max_iter=epochs * 10)
    lr.fit(x, y)
    w = lr.coef_.T
    classes = [str(c) for c in lr.classes_]
    return SparseNet(vocab, w[:nv], w[nv:], lr.intercept_, np.zeros((0, 0)), np.zeros(0), classes, meta)


def sparse_inputs(rows: Rows, min_count: int, use_dense: bool) -> tuple[list[str], Any, Any, Any, Any]:
    """The vocabulary and the torch inputs of an EmbeddingBag over the rows: flat feature ids, each row's count and
    start, and the dense columns (none unless ``use_dense``)."""
    import torch

    vocab = vocabulary(rows.feats, min_count)
    index = {f: i for i, f in enumerate(vocab)}
    ids = [sorted({index[f] for f in fs if f in index}) for fs in rows.feats]
    flat = torch.tensor([j for x in ids for j in x], dtype=torch.long)
    lengths = torch.tensor([len(x) for x in ids], dtype=torch.long)
    starts = torch.cumsum(lengths, 0) - lengths
    dense = torch.tensor(rows.dense_matrix() if use_dense else np.zeros((len(ids), 0)), dtype=torch.float32)
    return vocab, flat, lengths, starts, dense


def fit_torch(rows: Rows, hidden: int, min_count: int = 2, epochs: int = 8, lr: float = 2e-3, weight_decay: float = 0.0,
              dropout: float = 0.2, seed: int = 0, use_dense: bool = True, batch: int = 512,
              weights: dict[str, float] | None = None, meta: dict[str, object] | None = None) -> SparseNet:
    """The network fitted with torch: sparse embedding rows summed (SparseAdam), then ReLU and a softmax layer."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    vocab, flat, lengths, starts, dense = sparse_inputs(rows, min_count, use_dense)
    classes = sorted(set(rows.labels))
    cidx = {c: i for i, c in enumerate(classes)}
    y = torch.tensor([cidx[c] for c in rows.labels])
    emb = torch.nn.EmbeddingBag(len(vocab), hidden, mode="sum")
    torch.nn.init.normal_(emb.weight, std=0.05)
    lin_d = torch.nn.Linear(dense.shape[1], hidden, bias=False) if dense.shape[1] else None
    b1 = torch.nn.Parameter(torch.zeros(hidden))
    out = torch.nn.Linear(hidden, len(classes))
    dense_params = [b1, *out.parameters(), *(lin_d.parameters() if lin_d is not None else [])]
    opt = torch.optim.Adam([*emb.parameters(), *dense_params], lr=lr, weight_decay=weight_decay)
    cw = torch.tensor([(weights or {}).get(c, 1.0) for c in classes], dtype=torch.float32)
    drop = torch.nn.Dropout(dropout)
    n = len(rows.feats)
    for _ in range(epochs):
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            part = perm[s : s + batch]
            lens = lengths[part]
            idx = torch.cat([flat[a : a + b] for a, b in zip(starts[part].tolist(), lens.tolist(), strict=True)])
            offsets = torch.cumsum(lens, 0) - lens
            h = emb(idx, offsets) + b1
            if lin_d is not None:
                h = h + lin_d(dense[part])
            logits = out(drop(torch.relu(h)))
            loss = torch.nn.functional.cross_entropy(logits, y[part], weight=cw)
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        w_sparse = emb.weight.numpy().copy()
        w_dense = lin_d.weight.T.numpy().copy() if lin_d is not None else np.zeros((0, hidden), dtype=np.float32)
        return SparseNet(vocab, w_sparse, w_dense, b1.numpy().copy(), out.weight.T.numpy().copy(), out.bias.numpy().copy(),
                         classes, meta)


def merge_nets(nets: list[SparseNet], meta: dict[str, object] | None = None) -> SparseNet:
    """One network whose class scores are the mean of the members' logits (an ensemble of seeds): the hidden
    layers side by side, the output layers stacked and divided by the member count."""
    vocab = sorted({f for n in nets for f in n.index})
    col = {f: i for i, f in enumerate(vocab)}
    widths = [n.w_sparse.shape[1] for n in nets]
    w_sparse = np.zeros((len(vocab), sum(widths)), dtype=np.float32)
    start = 0
    for n, w in zip(nets, widths, strict=True):
        rows = [col[f] for f in sorted(n.index, key=n.index.__getitem__)]
        w_sparse[rows, start : start + w] = n.w_sparse
        start += w
    classes = nets[0].classes
    if any(n.classes != classes for n in nets):
        raise ValueError("the members of an ensemble must have the same classes")
    k = len(nets)
    return SparseNet(vocab, w_sparse, np.hstack([n.w_dense for n in nets]), np.concatenate([n.b1 for n in nets]),
                     np.vstack([n.w2 for n in nets]) / k, sum(n.b2 for n in nets) / k, classes, meta)


def fit_listwise(rows: Rows, hidden: int, min_count: int = 2, epochs: int = 8, lr: float = 2e-3, dropout: float = 0.2,
                 seed: int = 0, use_dense: bool = True, batch: int = 64, roles: tuple[str, ...] = ("A", "T", "W"),
                 meta: dict[str, object] | None = None, **_: object) -> SparseNet:
    """A listwise role model: one score per role for every row; for each trigger (``rows.sets``) and role, a
    softmax over the trigger's candidates and its 'no argument' row (``NULL_ROW``) puts the mass on the gold
    argument, or on the 'no argument' row when the role is empty."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    vocab, flat, lengths, starts, dense = sparse_inputs(rows, min_count, use_dense)
    members: dict[int, list[int]] = {}
    for r, s in enumerate(rows.sets):
        members.setdefault(s, []).append(r)
    sets = list(members.values())
    gold = []  # per set and role: the position of the gold row (the set's last row, 'no argument', when empty)
    for rs in sets:
        labels = [rows.labels[r] for r in rs]
        gold.append([labels.index(c) if c in labels else len(rs) - 1 for c in roles])
    emb = torch.nn.EmbeddingBag(len(vocab), hidden, mode="sum")
    torch.nn.init.normal_(emb.weight, std=0.05)
    lin_d = torch.nn.Linear(dense.shape[1], hidden, bias=False) if dense.shape[1] else None
    b1 = torch.nn.Parameter(torch.zeros(hidden))
    out = torch.nn.Linear(hidden, len(roles))
    params = [*emb.parameters(), b1, *out.parameters(), *(lin_d.parameters() if lin_d is not None else [])]
    opt = torch.optim.Adam(params, lr=lr)
    drop = torch.nn.Dropout(dropout)
    for _ in range(epochs):
        order = torch.randperm(len(sets)).tolist()
        for s0 in range(0, len(order), batch):
            chosen = order[s0 : s0 + batch]
            row_ids = torch.tensor([r for k in chosen for r in sets[k]])
            lens = lengths[row_ids]
            idx = torch.cat([flat[a : a + b] for a, b in zip(starts[row_ids].tolist(), lens.tolist(), strict=True)])
            h = emb(idx, torch.cumsum(lens, 0) - lens) + b1
            if lin_d is not None:
                h = h + lin_d(dense[row_ids])
            logits = out(drop(torch.relu(h)))
            width = max(len(sets[k]) for k in chosen)
            pos = torch.full((len(chosen), width), -1, dtype=torch.long)
            at = 0
            for j, k in enumerate(chosen):
                pos[j, : len(sets[k])] = torch.arange(at, at + len(sets[k]))
                at += len(sets[k])
            padded = logits[pos.clamp(min=0)].masked_fill((pos < 0).unsqueeze(2), float("-inf"))
            logp = torch.log_softmax(padded, dim=1)
            target = torch.tensor([gold[k] for k in chosen]).unsqueeze(1)
            loss = -logp.gather(1, target).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        w_dense = lin_d.weight.T.numpy().copy() if lin_d is not None else np.zeros((0, hidden), dtype=np.float32)
        return SparseNet(vocab, emb.weight.numpy().copy(), w_dense, b1.numpy().copy(), out.weight.T.numpy().copy(),
                         out.bias.numpy().copy(), list(roles), {**(meta or {}), "listwise": True})
