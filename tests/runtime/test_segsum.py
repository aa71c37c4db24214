"""segment_sums equals np.add.reduceat bit for bit, for every segment length numpy sums differently."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.runtime.segsum import segment_sums


def _case(counts: list[int], width: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = (rng.standard_normal((300, width)) * rng.uniform(0.01, 100, (300, 1))).astype(np.float32)
    cols = rng.integers(0, len(w), sum(counts))
    return w, cols, np.array(counts, dtype=np.int64)


@pytest.mark.parametrize(
    ("counts", "width"),
    [
        ([1], 4),  # a single row: copied
        ([2, 1, 3], 16),  # short segments summed left to right
        ([8], 8),  # seven further rows: still left to right
        ([9], 8),  # eight further rows: the eight running sums
        ([10, 17, 16, 24, 25], 32),  # blocks of eight plus leftovers of every size
        ([57, 3, 1, 40, 8, 9], 128),  # the mix of a trigger-model call
        ([129], 16),  # 128 further rows: the last unrolled length
        ([130, 2, 300], 16),  # longer: numpy recurses, so reduceat itself
        (list(range(1, 70)), 21),  # every length up to 69
    ],
)
def test_segment_sums_equal_reduceat(counts: list[int], width: int) -> None:
    for seed in range(3):
        w, cols, n = _case(counts, width, seed)
        expected = np.add.reduceat(w[cols], np.cumsum(n) - n, axis=0)
        got = segment_sums(w, cols, n)
        assert got.dtype == np.float32 and got.shape == expected.shape
        assert np.array_equal(got, expected), np.abs(got - expected).max()


def test_segment_sums_differs_from_plain_left_to_right_order() -> None:
    """The table above could pass by luck if the orders agreed; here they do not, so the pairing matters."""
    w, cols, n = _case([40] * 50, 64, 7)
    sequential = np.cumsum(w[cols].reshape(50, 40, 64), axis=1, dtype=np.float32)[:, -1]
    assert not np.array_equal(sequential, segment_sums(w, cols, n))


def test_no_segments() -> None:
    w, cols, n = _case([], 4, 0)
    assert segment_sums(w, cols, n).shape == (0, 4)
