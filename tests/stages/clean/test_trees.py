from __future__ import annotations

import numpy as np
import pytest

from newsledger.stages.clean.trees import TreeEnsemble, TreeModelError, from_sklearn


def _stump_pair() -> TreeEnsemble:
    """Two hand-made trees padded to five nodes: tree 0 splits feature 0 at 1.0 (NaN goes right); tree 1 splits
    feature 1 at -2.0 (NaN goes left), and its right child splits feature 0 at 0.0."""
    feature = np.array([[0, 0, 0, 0, 0], [1, 0, 0, 0, 0]], dtype=np.int16)
    threshold = np.array([[1.0, 0, 0, 0, 0], [-2.0, 0, 0.0, 0, 0]])
    left = np.array([[1, -1, -1, -1, -1], [1, -1, 3, -1, -1]], dtype=np.int16)
    right = np.array([[2, -1, -1, -1, -1], [2, -1, 4, -1, -1]], dtype=np.int16)
    missing = np.array([[False] * 5, [True, False, True, False, False]])
    value = np.array([[0, 0.5, -0.5, 0, 0], [0, 1.0, 0, 2.0, 3.0]], dtype=np.float32)
    return TreeEnsemble(feature, threshold, left, right, missing, value, baseline=0.25)


@pytest.mark.parametrize(("row", "expected"), [
    ([0.0, -3.0], 0.25 + 0.5 + 1.0),  # tree 0 left; tree 1 left
    ([1.0, 0.0], 0.25 + 0.5 + 3.0),  # 1.0 <= 1.0 goes left; tree 1 right, then 1.0 > 0.0 right
    ([-1.0, 0.0], 0.25 + 0.5 + 2.0),  # tree 0 left; tree 1 right, then -1.0 <= 0.0 left
    ([2.0, 0.0], 0.25 - 0.5 + 3.0),  # tree 0 right; tree 1 right then 2.0 > 0.0 right
    ([float("nan"), float("nan")], 0.25 - 0.5 + 1.0),  # NaN: right in tree 0, left in tree 1
])
def test_raw_walks_every_tree(row: list[float], expected: float) -> None:
    assert _stump_pair().raw(np.array([row]))[0] == pytest.approx(expected)


def test_round_trip_and_errors() -> None:
    trees = _stump_pair()
    back = TreeEnsemble.from_bytes(trees.to_bytes())
    x = np.array([[0.0, -3.0], [2.0, 0.0]])
    assert back.raw(x).tolist() == trees.raw(x).tolist()
    with pytest.raises(TreeModelError, match="refit"):
        trees.raw(np.zeros((1, 1)))  # a row without the second feature
    with pytest.raises(TreeModelError, match="refit"):
        TreeEnsemble.from_bytes(b"not an npz")


def test_matches_scikit_learn() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 5))
    y = ((x[:, 0] + x[:, 1] * x[:, 2]) > 0.3).astype(int)
    models = [ensemble.HistGradientBoostingClassifier(max_iter=30, random_state=k).fit(x[k::2], y[k::2]) for k in (0, 1)]
    trees = from_sklearn(models)
    test = rng.normal(size=(300, 5))
    test[:5, 0] = np.nan
    expected = np.mean([m.decision_function(test) for m in models], axis=0)
    assert np.abs(trees.raw(test) - expected).max() < 1e-5
