"""MinHash signatures and banded LSH in numpy (the scheme of datasketch's "affine32", bit for bit).

Each shingle is hashed to 32 bits (the first 4 bytes of its SHA-1, little-endian), mixed once with the
MurmurHash3 finalizer, then mapped by ``NUM_PERM`` odd affine permutations ``a * h + b mod 2**32`` drawn from
``numpy.random.RandomState(seed)``; a signature keeps each permutation's minimum. The LSH index puts a
signature into ``bands`` buckets of ``rows`` values each; ``(bands, rows)`` minimise the equally weighted
false positive and false negative areas under the S-curve for a Jaccard threshold, as datasketch does.
Signatures equal datasketch's (``tests/stages/clean/test_minhash.py`` checks it where datasketch is installed).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: shifts and multipliers.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters of the affine permutations: a odd, both uint32."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)  # type: ignore[no-any-return]


def minhash(items: Iterable[bytes], num_perm: int, seed: int = 1) -> np.ndarray:
    """The uint32 MinHash signature of a set of byte strings (all ``MAX_HASH`` for an empty set)."""
    hv = np.array([int.from_bytes(hashlib.sha1(x).digest()[:4], "little") for x in items], dtype=np.uint32)
    if hv.size == 0:
        return np.full(num_perm, MAX_HASH, dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    with np.errstate(over="ignore"):
        phv = _fmix(hv).reshape(-1, 1) * a + b
    return phv.min(axis=0)  # type: ignore[no-any-return]


def _s_curve_areas(threshold: float, bands: int, rows: int, grid: np.ndarray) -> tuple[float, float]:
    """(false positive area below the threshold, false negative area above it) of a band layout."""
    p = 1.0 - (1.0 - grid ** rows) ** bands
    below, above = grid <= threshold, grid >= threshold
    return float(np.trapezoid(p[below], grid[below])), float(np.trapezoid(1.0 - p[above], grid[above]))


@lru_cache(maxsize=8)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm minimising false positive + false negative area."""
    grid = np.union1d(np.linspace(0.0, 1.0, 4001), [threshold])
    best, layout = float("inf"), (1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp, fn = _s_curve_areas(threshold, bands, rows, grid)
            if fp + fn < best:
                best, layout = fp + fn, (bands, rows)
    return layout


class LSHIndex:
    """Banded LSH over MinHash signatures: ``query`` gives every key sharing at least one whole band."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = optimal_bands(threshold, num_perm)
        self._tables: list[defaultdict[bytes, list[str]]] = [defaultdict(list) for _ in range(self.bands)]

    def _keys(self, signature: np.ndarray) -> list[bytes]:
        values = np.asarray(signature).astype(np.uint32)
        return [values[i * self.rows:(i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def insert(self, key: str, signature: np.ndarray) -> None:
        """Index one signature under ``key``."""
        for table, band in zip(self._tables, self._keys(signature), strict=True):
            table[band].append(key)

    def query(self, signature: np.ndarray) -> set[str]:
        """Keys that share a band with ``signature``."""
        found: set[str] = set()
        for table, band in zip(self._tables, self._keys(signature), strict=True):
            found.update(table.get(band, ()))
        return found
