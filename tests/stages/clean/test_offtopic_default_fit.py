"""training/common/offtopic_default.py --learner gbdt/both: the exported trees score as the threshold was placed."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "training"))
pytest.importorskip("sklearn")
from common.offtopic_default import TREES, export_trees  # noqa: E402
from common.offtopic_fit import GBDT, fit_all, mlp  # noqa: E402
from common.offtopic_margin import ensemble_scores  # noqa: E402
from newsledger.stages.clean.offtopic import model_scores  # noqa: E402
from newsledger.stages.clean.trees import TreeEnsemble  # noqa: E402


def _pairs(n: int, rng: np.random.Generator) -> list[dict]:
    """n spliced articles (one off-topic block with a high first feature) and their unspliced copies."""
    arts = []
    for _ in range(n):
        rows = rng.normal(0.0, 1.0, (6, 3))
        rows[2, 0] += 4.0  # the spliced block stands out on feature 0
        rows[4, 1] = np.nan  # a missing value, routed by the trees
        spans = [(100 * k, 100 * k + 90) for k in range(6)]
        y = [float(k == 2) for k in range(6)]
        spliced = {"chars": 600, "passages": [(200, 290, "donor")], "clean": False, "rows": rows.tolist(), "y": y,
                   "spans": spans, "judged": [True] * 6, "protected": [False] * 6}
        keep = [k for k in range(6) if k != 2]
        copy = {**spliced, "passages": [], "clean": True, "rows": rows[keep].tolist(), "y": [0.0] * 5,
                "spans": [spans[k] for k in keep], "judged": [True] * 5, "protected": [False] * 5}
        arts += [spliced, copy]
    return arts


def test_exported_trees_score_as_the_calibration_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(GBDT, "max_iter", 30)  # small trees for a small test
    arts = _pairs(60, np.random.default_rng(3))
    fitted = fit_all(arts, 0.05, gbdt=True)
    assert len(fitted["mlps"]) == 4 and fitted["recall"] > 0.9  # out of fold: the spliced blocks are easy here
    name = export_trees(fitted["mlps"], 3, tmp_path)
    assert name == TREES
    trees = TreeEnsemble.from_bytes((tmp_path / Path(TREES).name).read_bytes())
    x = np.array([r for a in arts for r in a["rows"]], dtype=float)
    placed = np.concatenate(ensemble_scores(arts, fitted["mlps"]))  # what calibrate_margin places the threshold on
    assert trees.raw(x) == pytest.approx(placed, abs=1e-5)
    assert placed == pytest.approx(np.mean([mlp(m, x) for m in fitted["mlps"]], axis=0))
    # the stage reads the file through model_scores: the same log-odds, spliced blocks far above the others
    stage = model_scores(arts[0]["rows"], {"ensemble": trees})
    assert stage == pytest.approx(placed[:6], abs=1e-5)
    y = np.array([v for a in arts for v in a["y"]], dtype=bool)
    assert placed[y].mean() > placed[~y].mean() + 2.0
