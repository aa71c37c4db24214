"""Distributional word vectors and word clusters of lemmas, learned from unlabeled news (training/wordvecs.py).

``models/wordvecs.npz`` holds ``words`` (lower-cased lemmas), ``vectors`` (float16, one unit-length row per
word), ``clusters`` (a k-means cluster id per word) and ``meta``. A lookup is a dict get and an array index;
unknown lemmas get a zero vector and cluster -1. The trigger model reads them when its meta says ``wordvecs``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from io import BytesIO

import numpy as np

from newsledger.stages.events.model import EventModelError, SparseNet


class WordVectors:
    """A lemma -> vector and lemma -> cluster table."""

    def __init__(self, words: list[str], vectors: np.ndarray, clusters: np.ndarray, meta: dict[str, object] | None = None) -> None:
        if len(words) != len(vectors) or len(words) != len(clusters):
            raise ValueError(f"{len(words)} words, {len(vectors)} vectors and {len(clusters)} cluster ids")
        self.row = {w: i for i, w in enumerate(words)}
        # one zero row at the end serves every unknown lemma
        self.vectors = np.vstack([vectors.astype(np.float32), np.zeros((1, vectors.shape[1]), dtype=np.float32)])
        self.clusters = [*map(int, clusters), -1]
        self.meta = meta or {}

    @property
    def width(self) -> int:
        """The number of columns of a vector."""
        return int(self.vectors.shape[1])

    def rows_of(self, lemmas: list[str]) -> list[int]:
        """The table row of each lemma (the zero row when unknown)."""
        unknown = len(self.vectors) - 1
        get = self.row.get
        return [get(w, unknown) for w in lemmas]

    def cluster(self, row: int) -> int:
        """The cluster id of a table row (-1: unknown lemma)."""
        return self.clusters[row]

    @classmethod
    def from_bytes(cls, data: bytes) -> WordVectors:
        """Read a table written by training/wordvecs.py."""
        with np.load(BytesIO(data), allow_pickle=False) as z:
            return cls([str(x) for x in z["words"]], z["vectors"], z["clusters"], json.loads(str(z["meta"])))


@lru_cache(maxsize=1)
def load_wordvecs() -> WordVectors:
    """The shipped table (``models/wordvecs.npz``), read once per process."""
    path = resources.files("newsledger.stages.events").joinpath("models", "wordvecs.npz")
    try:
        return WordVectors.from_bytes(path.read_bytes())
    except (OSError, ValueError, KeyError) as exc:
        raise EventModelError(f"events word vectors ({path}) could not be read ({exc}); rebuild them with "
                              "python training/wordvecs.py") from exc


def vectors_of(model: SparseNet) -> WordVectors | None:
    """The word-vector table when the model was fitted with it (meta ``wordvecs``), else None."""
    return load_wordvecs() if model.meta.get("wordvecs") else None
