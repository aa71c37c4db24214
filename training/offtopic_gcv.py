"""Grouped cross-validation of the default off-topic recipe (common/offtopic_groups.py): recall on unseen donors.

Usage (rows cached as training/offtopic.py caches them; the same --cache):
    python training/offtopic_gcv.py --cache /tmp/cl [--drop style voice] [--hidden 16] [--l2 1e-4] [--epochs 40] [--variants v.json]
Pools the training set (seed 0, 1,000 articles) and the calibration splice set, folds them by donor group, fits
``--nets`` MLPs per fold (the shipped recipe: training/common/offtopic_fit.py) on the other folds without the fold's
donor group plus the unspliced real training news, and places one threshold and margin over all folds under the shipped
budgets (0.7 % of the held-out articles' and copies' characters, 0.3 % of the real-news calibration list's). Prints
one JSON line: pooled recall on unseen donors, per fold, and the variant. ``--drop`` leaves out feature groups
(FEATURE_GROUPS) or single features by name.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from common.offtopic_default import excluded, train_real_ids
from common.offtopic_fit import EPOCHS, HIDDEN, L2, fit_gbdt, fit_mlp, mlp
from common.offtopic_groups import FEATURE_GROUPS, columns, grouped_cv, pairs_of
from common.offtopic_sets import real_rows, set_rows
from newsledger.evaluate.cleaning import real_documents
from newsledger.evaluate.splice_sources import read_split_file
from newsledger.stages.clean.offtopic import idf_table
from newsledger.stages.clean.offtopic_features import set_idf


def load(args: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Pooled splice-set rows (train seed 0, calibration), the unspliced real training news and the real calibration list."""
    set_idf(*idf_table())  # the shipped term weights (training/offtopic.py writes the same table before its rows)
    skip = excluded(args.data)
    arts = set_rows("train", args.n, 0, args.data, args.shared, args.cache)
    cal = set_rows("calibration", None, 0, args.data, args.shared, args.cache)
    real_ids = train_real_ids(args.data, args.shared, skip, args.real_allsides, args.real_wires)
    extra = real_rows(f"train-{args.real_allsides}-{args.real_wires}", real_documents(real_ids, args.shared), args.cache)
    cal_ids = [i for _, i in read_split_file(args.data / "splits" / "realnews-calibration.txt")]
    real = real_rows("calibration", real_documents(cal_ids, args.shared), args.cache)
    return arts + cal, extra, [a for a in real if a["chars"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("data/cleaning"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--real-allsides", type=int, default=200)
    ap.add_argument("--real-wires", type=int, default=150)
    ap.add_argument("--drop", nargs="*", default=[], help=f"feature groups ({', '.join(FEATURE_GROUPS)}) or names")
    ap.add_argument("--hidden", type=int, default=HIDDEN)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--nets", type=int, default=2, help="MLPs per fold (seeds), averaged")
    ap.add_argument("--variants", type=Path, default=None,
                    help="a JSON list of variants (objects with any of drop, hidden, l2, epochs, nets, seed, learner: mlp, "
                         "gbdt or both, the mean of the MLPs' and the trees' log-odds) run in turn")
    args = ap.parse_args()
    spliced, extra, real = load(args)
    base = {"drop": args.drop, "hidden": args.hidden, "l2": args.l2, "epochs": args.epochs, "nets": args.nets, "seed": 0}
    variants = [dict(base, **v) for v in json.loads(args.variants.read_text())] if args.variants else [base]
    for v in variants:
        def fit(x: np.ndarray, y: np.ndarray, v: dict[str, Any] = v) -> Any:
            seeds = range(v["seed"], v["seed"] + v["nets"])
            learner = v.get("learner", "mlp")
            nets = [fit_mlp(x, y, seed=s, hidden=v["hidden"], epochs=v["epochs"], l2=v["l2"]) for s in seeds] \
                if learner in ("mlp", "both") else []
            trees = [fit_gbdt(x, y, seed=s) for s in seeds] if learner in ("gbdt", "both") else []
            groups = [g for g in (nets, trees) if g]
            return lambda z: np.mean([np.mean([mlp(m, z) for m in g], axis=0) for g in groups], axis=0)

        t0 = time.process_time()
        cols = columns(v["drop"])
        result = grouped_cv(pairs_of(spliced, "set"), extra, real, fit, cols)
        print(json.dumps({"variant": dict(v, features=len(cols)), **result, "cpu_s": round(time.process_time() - t0, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
