"""Sums of consecutive row segments of a gathered weight matrix, equal bit for bit to ``np.add.reduceat``.

A sparse feature model's first layer is, per example, the sum of the weight rows of its features.
``np.add.reduceat(w[cols], starts, axis=0)`` computes that, but it loops over the segments one by one
(about 1.6 ms per call of the events trigger model). ``segment_sums`` adds the k-th row of every segment
at once instead, in the very order numpy's reduction adds them, so that the floats come out identical:
the first row, plus the pairwise sum of the others (numpy's ``pairwise_sum``: left to right below 8
rows; 8 running sums, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the leftover rows in order,
up to 128 rows). Longer segments, where numpy recurses, go to ``np.add.reduceat`` itself.
"""

from __future__ import annotations

import numpy as np

# numpy's pairwise summation is unrolled (not recursive) up to this many elements (PW_BLOCKSIZE)
PAIRWISE_BLOCK = 128


def segment_sums(w: np.ndarray, cols: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Row sums of ``w[cols]`` over consecutive segments of ``counts`` rows each (every count >= 1)."""
    first = np.cumsum(counts) - counts
    if len(counts) == 0 or int(counts.max()) - 1 > PAIRWISE_BLOCK:
        return np.add.reduceat(w[cols], first, axis=0) if len(counts) else w[:0].copy()
    out = w[cols[first]]
    rest = counts - 1
    _add_sequential(out, w, cols, first, rest)
    _add_blocked(out, w, cols, first, rest)
    return out


def _add_sequential(out: np.ndarray, w: np.ndarray, cols: np.ndarray, first: np.ndarray, rest: np.ndarray) -> None:
    """Segments with 1-7 further rows: their sum left to right, added to the first row."""
    seg = np.flatnonzero((rest > 0) & (rest < 8))
    if not len(seg):
        return
    start, m = first[seg] + 1, rest[seg]
    acc = w[cols[start]]
    for k in range(1, int(m.max())):
        sel = np.flatnonzero(m > k)
        acc[sel] += w[cols[start[sel] + k]]
    out[seg] += acc


def _add_blocked(out: np.ndarray, w: np.ndarray, cols: np.ndarray, first: np.ndarray, rest: np.ndarray) -> None:
    """Segments with 8 or more further rows: eight running sums, combined in pairs, then the leftover rows."""
    seg = np.flatnonzero(rest >= 8)
    if not len(seg):
        return
    start, m = first[seg] + 1, rest[seg]
    full = m - m % 8
    acc = [w[cols[start + j]] for j in range(8)]
    for i in range(8, int(full.max()), 8):
        sel = np.flatnonzero(full > i)
        for j in range(8):
            acc[j][sel] += w[cols[start[sel] + i + j]]
    total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
    for t in range(7):
        sel = np.flatnonzero(m % 8 > t)
        if not len(sel):
            break
        total[sel] += w[cols[start[sel] + full[sel] + t]]
    out[seg] += total
