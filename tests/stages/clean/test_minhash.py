"""Our numpy MinHash and LSH: datasketch's signatures bit for bit, and candidates found as the S-curve says."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.stages.clean.dedup import shingle_set
from newsledger.stages.clean.minhash import MAX_HASH, LSHIndex, minhash, optimal_bands

TEXTS = [
    "The ferry to the northern islands was cancelled on Monday because of high winds, the operator said.",
    "A bakery in the old town has won a regional prize for its rye bread, beating forty other entries.",
    "x",
    "Council members voted seven to two to close the swimming pool for repairs until the spring of next year.",
]


def _words(n: int, offset: int = 0) -> set[bytes]:
    return {f"token{i}".encode() for i in range(offset, offset + n)}


@pytest.mark.parametrize("text", TEXTS)
def test_signatures_equal_datasketch_affine32(text: str) -> None:
    datasketch = pytest.importorskip("datasketch")
    items = shingle_set(text)
    theirs = datasketch.MinHash(num_perm=128, scheme="affine32")
    theirs.update_batch(list(items))
    assert np.array_equal(minhash(items, 128), theirs.hashvalues)


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.3, 128), (0.5, 128), (0.8, 128), (0.3, 64), (0.9, 256)])
def test_band_layout_equals_datasketch(threshold: float, num_perm: int) -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    assert optimal_bands(threshold, num_perm) == lsh._optimal_param(threshold, num_perm, 0.5, 0.5)


@pytest.mark.parametrize(("threshold", "num_perm", "layout"), [(0.3, 128, (37, 3)), (0.5, 128, (25, 5)),
                                                                (0.8, 128, (9, 13))])
def test_band_layout_fits_the_permutations(threshold: float, num_perm: int, layout: tuple[int, int]) -> None:
    bands, rows = optimal_bands(threshold, num_perm)
    assert (bands, rows) == layout and bands * rows <= num_perm


def test_empty_set_gives_the_maximum_everywhere() -> None:
    assert (minhash(set(), 16) == MAX_HASH).all()


@pytest.mark.parametrize(("shared", "jaccard"), [(400, 400 / 600), (200, 200 / 800), (0, 0.0)])
def test_signature_agreement_estimates_jaccard(shared: int, jaccard: float) -> None:
    a, b = _words(500), _words(500, offset=500 - shared)
    estimate = float(np.mean(minhash(a, 256) == minhash(b, 256)))
    assert abs(estimate - jaccard) < 0.1


def test_lsh_finds_near_copies_and_not_strangers() -> None:
    index = LSHIndex(0.3, 128)
    base = _words(300)
    index.insert("original", minhash(base, 128))
    index.insert("stranger", minhash(_words(300, offset=10_000), 128))
    near = (base - _words(30)) | _words(30, offset=50_000)  # Jaccard 270 / 330
    assert index.query(minhash(near, 128)) == {"original"}
    assert index.query(minhash(_words(300, offset=20_000), 128)) == set()
