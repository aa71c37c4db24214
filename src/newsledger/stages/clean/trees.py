"""Gradient-boosted trees evaluated with numpy: the accurate off-topic model, exported from scikit-learn."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from newsledger.errors import NewsledgerError


class TreeModelError(NewsledgerError, ValueError):
    """A tree ensemble file is unreadable or does not fit the features; refit it with training/offtopic.py."""


@dataclass
class TreeEnsemble:
    """Trees padded to one node count: node 0 is each root; a leaf has left == -1 and holds its value.

    The raw score of a row is ``baseline`` plus the values of the leaves it reaches, one per tree (the
    log-odds of scikit-learn's HistGradientBoostingClassifier; several fitted models are averaged by
    dividing their leaf values by their number and averaging their baselines)."""

    feature: np.ndarray  # (trees, nodes) int16: the feature a split reads
    threshold: np.ndarray  # (trees, nodes) float64: go left when the value is <= this
    left: np.ndarray  # (trees, nodes) int16: child indices, -1 at a leaf
    right: np.ndarray  # (trees, nodes) int16
    missing_left: np.ndarray  # (trees, nodes) bool: where a NaN goes
    value: np.ndarray  # (trees, nodes) float32: leaf values
    baseline: float
    meta: dict[str, Any] = field(default_factory=dict)

    def raw(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of each row of ``x`` (rows, features): all trees walked at once, one level per step."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or (len(x) and x.shape[1] <= int(self.feature.max(initial=0))):
            raise TreeModelError(f"rows of shape {x.shape} do not fit the trees; refit with training/offtopic.py")
        left, right, feature, threshold, root = self._flat
        at = np.broadcast_to(root, (len(x), len(root))).copy()
        nan = bool(np.isnan(x).any())
        for _ in range(self.feature.shape[1]):
            child = left[at]
            inner = child >= 0
            if not inner.any():
                break
            v = np.take_along_axis(x, feature[at], axis=1)
            go_left = v <= threshold[at]
            if nan:
                go_left = np.where(np.isnan(v), self.missing_left.ravel()[at], go_left)
            at = np.where(inner, np.where(go_left, child, right[at]) + root, at)
        return np.asarray(self.baseline + self.value.ravel()[at].sum(axis=1))

    @cached_property
    def _flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Children, split features and thresholds indexed by tree * nodes + node, and each tree's root index."""
        trees, nodes = self.feature.shape
        return (self.left.ravel().astype(np.int64), self.right.ravel().astype(np.int64),
                self.feature.ravel().astype(np.int64), self.threshold.ravel(),
                np.arange(trees, dtype=np.int64) * nodes)

    def to_bytes(self) -> bytes:
        """An npz (compressed) with the arrays and a JSON header."""
        buf = io.BytesIO()
        np.savez_compressed(buf, feature=self.feature, threshold=self.threshold, left=self.left, right=self.right,
                            missing_left=self.missing_left, value=self.value,
                            header=np.frombuffer(json.dumps({"baseline": self.baseline, "meta": self.meta}).encode(),
                                                 dtype=np.uint8))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TreeEnsemble:
        """Read what to_bytes() wrote."""
        try:
            z = np.load(io.BytesIO(data))
            header = json.loads(bytes(z["header"]).decode())
            return cls(feature=z["feature"], threshold=z["threshold"], left=z["left"], right=z["right"],
                       missing_left=z["missing_left"], value=z["value"], baseline=float(header["baseline"]),
                       meta=dict(header.get("meta", {})))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise TreeModelError(f"unreadable tree model ({exc}); refit it with training/offtopic.py") from exc


def from_sklearn(models: Sequence[Any], meta: dict[str, Any] | None = None) -> TreeEnsemble:
    """The mean log-odds of fitted binary HistGradientBoostingClassifier models as one TreeEnsemble."""
    trees = [pred.nodes for m in models for it in m._predictors for pred in it]  # noqa: SLF001 (no public API)
    width = max(len(t) for t in trees)
    shape = (len(trees), width)
    feature = np.zeros(shape, dtype=np.int16)
    threshold = np.zeros(shape, dtype=np.float64)
    left = np.full(shape, -1, dtype=np.int16)
    right = np.full(shape, -1, dtype=np.int16)
    missing_left = np.zeros(shape, dtype=bool)
    value = np.zeros(shape, dtype=np.float32)
    for k, nodes in enumerate(trees):
        n = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        if nodes["is_categorical"].any():
            raise TreeModelError("categorical splits are not supported; fit on numeric features")
        feature[k, :n] = np.where(leaf, 0, nodes["feature_idx"])
        threshold[k, :n] = nodes["num_threshold"]
        left[k, :n] = np.where(leaf, -1, nodes["left"])
        right[k, :n] = np.where(leaf, -1, nodes["right"])
        missing_left[k, :n] = nodes["missing_go_to_left"].astype(bool)
        value[k, :n] = np.where(leaf, nodes["value"], 0.0) / len(models)
    baseline = float(np.mean([float(np.ravel(m._baseline_prediction)[0]) for m in models]))  # noqa: SLF001
    return TreeEnsemble(feature, threshold, left, right, missing_left, value, baseline, dict(meta or {}))
