"""Our maximum-weight assignment gives scipy's optimum total, on tables written here and on random matrices."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from newsledger.evaluate.assignment import max_assignment


def _brute_force(w: np.ndarray) -> float:
    n, m = w.shape
    if n > m:
        return _brute_force(w.T)
    return max(sum(w[i, c] for i, c in enumerate(cols)) for cols in itertools.permutations(range(m), n))


@pytest.mark.parametrize(("weights", "total"), [
    ([[1.0, 0.0], [0.0, 1.0]], 2.0),
    ([[0.9, 0.8], [0.85, 0.0]], 1.65),  # greedy would take 0.9 and leave 0.0
    ([[0.5, 0.4, 0.3]], 0.5),
    ([[0.2], [0.7], [0.1]], 0.7),
    ([[0.0, 0.0], [0.0, 0.0]], 0.0),
    ([[0.6, 0.0, 0.0], [0.0, 0.0, 0.3], [0.0, 0.4, 0.2]], 1.3),
])
def test_max_assignment_tables(weights: list[list[float]], total: float) -> None:
    pairs = max_assignment(weights)
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    assert sum(weights[r][c] for r, c in pairs) == pytest.approx(total)


@pytest.mark.parametrize("seed", range(12))
def test_max_assignment_is_optimal_on_random_sparse_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 7, size=2)
    w = rng.random((n, m)) * (rng.random((n, m)) < 0.5)
    pairs = max_assignment(w)
    assert sum(w[r, c] for r, c in pairs) == pytest.approx(_brute_force(w))


def test_max_assignment_matches_scipy_on_larger_matrices() -> None:
    optimize = pytest.importorskip("scipy.optimize")
    rng = np.random.default_rng(7)
    for n, m in ((40, 55), (60, 30), (80, 80)):
        w = rng.random((n, m)) * (rng.random((n, m)) < 0.08)
        rows, cols = optimize.linear_sum_assignment(w, maximize=True)
        assert sum(w[r, c] for r, c in max_assignment(w)) == pytest.approx(w[rows, cols].sum())


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        max_assignment([[0.5, -0.1]])
