"""Maximum-weight one-to-one assignment (what CEAF needs) in numpy, without scipy.

The bipartite graph of non-zero weights is split into connected components (clusters overlap few others, so
they are small); each is solved by the Hungarian method with potentials (Kuhn-Munkres, O(n^2 m)). The total
equals ``scipy.optimize.linear_sum_assignment(w, maximize=True)``'s (checked in tests where scipy exists).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _hungarian_min(cost: np.ndarray) -> list[tuple[int, int]]:
    """Row-to-column pairs of minimum total cost for an n x m matrix with n <= m (every row assigned)."""
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)  # p[j]: row (1-based) matched to column j; column 0 is the virtual start
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = ~used[1:] & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            free = np.flatnonzero(~used[1:]) + 1
            j1 = int(free[np.argmin(minv[free])])
            delta = minv[j1]
            u[p[used]] += delta
            v[used] -= delta
            minv[~used] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = int(way[j0])
            p[j0] = p[j1]
            j0 = j1
    return [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j]]


def _components(weights: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """(rows, columns) of each connected component of the graph of positive weights."""
    n, m = weights.shape
    parent = list(range(n + m))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in zip(*np.nonzero(weights > 0), strict=True):
        parent[root(int(i))] = root(n + int(j))
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for x in range(n + m):
        if x < n and not (weights[x] > 0).any() or x >= n and not (weights[:, x - n] > 0).any():
            continue
        rows, cols = groups.setdefault(root(x), ([], []))
        (rows if x < n else cols).append(x if x < n else x - n)
    return list(groups.values())


def max_assignment(weights: Sequence[Sequence[float]] | np.ndarray) -> list[tuple[int, int]]:
    """Row-column pairs of a one-to-one assignment with the largest total of non-negative weights."""
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.size == 0:
        return []
    if (w < 0).any():
        raise ValueError("max_assignment takes non-negative weights")
    pairs: list[tuple[int, int]] = []
    for rows, cols in _components(w):
        sub = w[np.ix_(rows, cols)]
        flip = sub.shape[0] > sub.shape[1]
        local = _hungarian_min(-(sub.T if flip else sub))
        pairs += [(rows[c], cols[r]) if flip else (rows[r], cols[c]) for r, c in local]
    return sorted(pairs)
