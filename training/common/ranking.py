"""A conditional-logit ranker fitted with numpy: pick one of several candidates, each a feature vector."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Group:
    """One decision: the candidates' feature rows and the index of the right one."""

    x: np.ndarray  # (candidates, features)
    y: int
    t: np.ndarray | None = None  # a target distribution over the candidates (several right ones), else one-hot y


def fit(groups: list[Group], n_features: int, l2: float = 0.01, epochs: int = 400, lr: float = 0.05) -> np.ndarray:
    """Weights maximising the softmax likelihood of the right candidate of each group (Adam, L2 penalty)."""
    w = np.zeros(n_features)
    m = np.zeros(n_features)
    v = np.zeros(n_features)
    if not groups:
        return w
    x_all = np.vstack([g.x for g in groups])
    bounds = np.cumsum([0] + [len(g.x) for g in groups])
    target = np.zeros(len(x_all))
    for k, g in enumerate(groups):
        if g.t is not None:
            target[bounds[k] : bounds[k + 1]] = g.t
        else:
            target[bounds[k] + g.y] = 1.0
    owner = np.repeat(np.arange(len(groups)), [len(g.x) for g in groups])
    for step in range(1, epochs + 1):
        s = x_all @ w
        s -= np.maximum.reduceat(s, bounds[:-1])[owner]
        e = np.exp(s)
        p = e / np.add.reduceat(e, bounds[:-1])[owner]
        grad = x_all.T @ (p - target) / len(groups) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def accuracy(groups: list[Group], w: np.ndarray) -> float:
    """Share of groups whose top-scoring candidate is the right one."""
    if not groups:
        return 0.0
    return sum(int(np.argmax(g.x @ w) == g.y) for g in groups) / len(groups)
