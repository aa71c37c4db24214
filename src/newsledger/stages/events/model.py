"""The learned models of the events stage: small one-hidden-layer networks over sparse string features
(and optionally dense ``doc.tensor`` rows), stored as ``.npz`` beside the stage and run in numpy.

A model file holds ``vocab`` (feature strings, one per row of ``w_sparse``), ``w_sparse`` and ``w_dense``
(the first layer; ``w_dense`` may have no rows), ``b1``, ``w2``, ``b2`` and ``classes``. With no hidden
layer (``w2`` empty) the first layer gives the class scores directly (a linear model). Refit with
``training/events.py`` (see stages/events/README.md).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from io import BytesIO
from itertools import chain, repeat

import numpy as np

from newsledger.errors import NewsledgerError
from newsledger.runtime.segsum import segment_sums

MODELS = ("trigger", "roles", "modality", "dates", "corefer")
# Models the stage reads when their file is shipped (the event-type model of retype.py).
OPTIONAL_MODELS = ("typer",)


class EventModelError(NewsledgerError):
    """A model file of the events stage is missing or unreadable; refit it with training/events.py."""


class SparseNet:
    """A one-hidden-layer ReLU network (or a linear model) over string features plus dense columns."""

    def __init__(self, vocab: list[str], w_sparse: np.ndarray, w_dense: np.ndarray, b1: np.ndarray,
                 w2: np.ndarray, b2: np.ndarray, classes: list[str], meta: dict[str, object] | None = None) -> None:
        self.index = {f: i for i, f in enumerate(vocab)}
        self.w_sparse = w_sparse.astype(np.float32)
        self.w_dense = w_dense.astype(np.float32)
        self.b1 = b1.astype(np.float32)
        self.w2 = w2.astype(np.float32)
        self.b2 = b2.astype(np.float32)
        self.classes = classes
        self.class_index = {c: i for i, c in enumerate(classes)}
        self.meta = meta or {}
        self.extra: dict[str, object] = {}  # values derived from meta, cached by the stage

    @property
    def dense_width(self) -> int:
        """How many dense columns the model reads (0: none)."""
        return int(self.w_dense.shape[0])

    def rows(self, feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Row and column indices of the known features of each row (unknown features are skipped)."""
        flat = list(chain.from_iterable(feats))
        cols = np.array(list(map(self.index.get, flat, repeat(-1, len(flat)))), dtype=np.int64).reshape(len(flat))
        rows = np.repeat(np.arange(len(feats), dtype=np.int64), [len(fs) for fs in feats])
        known = cols >= 0
        return rows[known], cols[known]

    def scores(self, feats: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Softmax probabilities, one row per feature list."""
        h = self.logits(feats, dense)
        if h.shape[1] == 1:  # a binary model stores the positive class's logit only
            p = 1.0 / (1.0 + np.exp(-h))
            return np.hstack([1.0 - p, p])
        h -= h.max(axis=1, keepdims=True)
        np.exp(h, out=h)
        h /= h.sum(axis=1, keepdims=True)
        return h

    def logits(self, feats: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """The output layer's scores before the softmax, one row per feature list."""
        n = len(feats)
        if n == 0:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        r, c = self.rows(feats)
        h = np.zeros((n, self.w_sparse.shape[1]), dtype=np.float32)
        if len(c):
            # r is sorted: sum each row's weight rows (as np.add.reduceat would, bit for bit; runtime/segsum.py)
            counts = np.bincount(r, minlength=n)
            has = np.flatnonzero(counts)
            h[has] = segment_sums(self.w_sparse, c, counts[has])
        if self.dense_width and dense is not None:
            h += dense @ self.w_dense
        h += self.b1
        if self.w2.size:
            np.maximum(h, 0.0, out=h)
            h = h @ self.w2 + self.b2
        return h

    def to_bytes(self) -> bytes:
        """The model as ``.npz`` bytes."""
        buf = BytesIO()
        vocab = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(buf, vocab=np.array(vocab, dtype=str), w_sparse=self.w_sparse.astype(np.float16),
                            w_dense=self.w_dense.astype(np.float16), b1=self.b1, w2=self.w2.astype(np.float16), b2=self.b2,
                            classes=np.array(self.classes, dtype=str), meta=np.array(json.dumps(self.meta)))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SparseNet:
        """Read a model written by ``to_bytes``."""
        with np.load(BytesIO(data), allow_pickle=False) as z:
            return cls([str(x) for x in z["vocab"]], z["w_sparse"], z["w_dense"], z["b1"], z["w2"], z["b2"],
                       [str(x) for x in z["classes"]], json.loads(str(z["meta"])))


@lru_cache(maxsize=len(MODELS) + len(OPTIONAL_MODELS))
def load_model(name: str) -> SparseNet:
    """A shipped model of the events stage (``models/<name>.npz``), read once per process."""
    path = resources.files("newsledger.stages.events").joinpath("models", f"{name}.npz")
    try:
        return SparseNet.from_bytes(path.read_bytes())
    except (OSError, ValueError, KeyError) as exc:
        raise EventModelError(f"events model {name!r} ({path}) could not be read ({exc}); refit it with "
                              "python training/events.py") from exc


@lru_cache(maxsize=len(OPTIONAL_MODELS))
def load_optional(name: str) -> SparseNet | None:
    """An optional model of the events stage, or None when its file is not shipped."""
    path = resources.files("newsledger.stages.events").joinpath("models", f"{name}.npz")
    if not path.is_file():
        return None
    return load_model(name)
