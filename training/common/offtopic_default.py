"""The default off-topic model's fit on the cleaning sets (training/offtopic.py without --accurate)."""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from common import ROOT
from common.offtopic_fit import GBDT, HIDDEN, fit_all, rounded
from common.offtopic_groups import columns, dropped
from common.offtopic_margin import calibrate_margin
from common.offtopic_rows import WORD_RE, write_idf
from common.offtopic_sets import real_rows, set_rows
from newsledger.evaluate.cleaning import real_documents
from newsledger.evaluate.splice_sources import read_source, read_split_file, round_ids
from newsledger.stages.clean.offtopic import IDF_TABLE, model_features
from newsledger.stages.clean.offtopic_features import set_idf, stem

ROUND = ROOT / "data/annotations/news-2026-12"
# --learner gbdt / both writes the trees here (inside the clean stage; the model JSON names the file)
TREES = "models/offtopic-trees.npz"
LISTS = ("test", "calibration", "realnews-eval", "realnews-calibration")


def excluded(data: Path) -> set[str]:
    """Ids no default-model fit may read: every listed set and the round's dev and test documents."""
    return ({i for name in LISTS for _, i in read_split_file(data / "splits" / f"{name}.txt")}
            | round_ids(ROUND / "split.tsv", ["dev", "test"]))


def idf_counts(path: Path, skip: set[str]) -> tuple[int, Counter[str]]:
    """Documents and stem document frequencies of the AFP/Xinhua corpus without the skipped wire ids."""
    df: Counter[str] = Counter()
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if f"wire:{rec['docid']}" in skip:
                continue
            n += 1
            df.update({stem(w) for w in WORD_RE.findall(rec.get("text") or "") if len(w) > 1})
    return n, df


def train_real_ids(data: Path, shared: Path, skip: set[str], allsides: int, wires: int) -> list[str]:
    """The round's train articles (without listed ones) and a seeded sample of unlisted AllSides articles and wires (unspliced real news)."""
    rng = random.Random(21)
    ids = sorted(i for i in round_ids(ROUND / "split.tsv", ["train"]) if not i.startswith("case:") and i not in skip)
    for source, k in (("allsides", allsides), ("wire", wires)):
        pool = sorted(t.id for t in read_source(source, shared, data) if t.id not in skip and t.id not in ids)
        ids += rng.sample(pool, k)
    return ids


def export_trees(models: list[Any], width: int, out_dir: Path) -> str:
    """Write the folds' fitted tree ensembles as one numpy ensemble (their mean log-odds, as calibrate_margin scores
    them) into ``out_dir`` and return the path the model JSON names it by."""
    from newsledger.stages.clean.trees import from_sklearn

    (out_dir / Path(TREES).name).write_bytes(from_sklearn(models, {"features": width}).to_bytes())
    return TREES


def fit_default(args: Any, out_dir: Path) -> dict[str, Any]:
    """Fit the MLP ensemble (--learner gbdt: trees; both: the mean of the two) on the training sets and real news, place
    threshold and margin, return the model JSON."""
    skip = excluded(args.data)
    n_docs, df = idf_counts(args.idf_source, skip)
    set_idf(*write_idf(out_dir / Path(IDF_TABLE).name, n_docs, df, args.idf_source.name + " (listed and round dev/test wires left out)"))
    arts = [a for seed in args.seeds for a in set_rows("train", args.n, seed, args.data, args.shared, args.cache)]
    real_ids = train_real_ids(args.data, args.shared, skip, args.real_allsides, args.real_wires)
    arts += real_rows(f"train-{args.real_allsides}-{args.real_wires}", real_documents(real_ids, args.shared), args.cache)
    keep = columns(args.drop)

    def kept(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [dict(a, rows=[[r[k] for k in keep] for r in a["rows"]]) for a in rows]

    arts = kept(arts)
    learner = getattr(args, "learner", "mlp")
    fitted = fit_all(arts, args.max_wrong, HIDDEN, learner == "gbdt", l2=args.l2)
    print(f"out of fold: passage recall {fitted['recall']:.4f} at {fitted['wrong']:.4f} wrongly removed", file=sys.stderr)
    nets, trees = fitted["mlps"], fitted["mlps"] if learner == "gbdt" else []
    if learner == "both":  # the mean of the MLPs' and the trees' log-odds (as the stage's mlp_scores averages them)
        trees = fit_all(arts, args.max_wrong, HIDDEN, True)["mlps"]
        nets = [{"both": (fitted["mlps"], trees)}]
    cal = set_rows("calibration", None, 0, args.data, args.shared, args.cache)
    cal_ids = [i for _, i in read_split_file(args.data / "splits" / "realnews-calibration.txt")]
    cal_real = real_rows("calibration", real_documents(cal_ids, args.shared), args.cache)
    calibration = calibrate_margin(kept(cal), kept(cal_real), nets, args.calibrate_wrong, args.real_wrong)
    print(json.dumps(calibration), file=sys.stderr)
    out = {
        "about": "Off-topic paragraph model of newsledger.stages.clean.offtopic: the mean log-odds of MLPs (one tanh layer "
                 "each, one per training fold) over FEATURES, STYLE_FEATURES, PROTECT_FEATURES, VECTOR_FEATURES and CONTEXT_FEATURES but "
                 "the 'unused' ones (standardised with each net's mean/scale); a protected block (quote, story actor, continuation) needs threshold + protect_margin. "
                 "Refit with training/offtopic.py.",
        "trained_on": {"sets": "data/cleaning (evaluate/splice_sets.py)", "seeds": args.seeds, "n": args.n,
                       "real_news": len(real_ids), "articles": len(arts), "out_of_fold_passage_recall": round(fitted["recall"], 4),
                       "calibration": {"splice_budget": args.calibrate_wrong, "real_news_budget": args.real_wrong, **calibration}},
        "features": list(model_features()),
        "unused": dropped(args.drop),
        **({} if learner == "gbdt" else {"l2": args.l2}),
        "threshold": calibration["threshold"],
        "protect_margin": calibration["protect_margin"],
    }
    if learner != "gbdt":
        out["mlps"] = [{"mean": rounded(m["mean"]), "scale": rounded(m["scale"]), "W1": rounded(m["W1"]), "b1": rounded(m["b1"]),
                        "W2": rounded(m["W2"]), "b2": round(m["b2"], 6)} for m in fitted["mlps"]]
    if trees:  # --learner gbdt / both: the folds' tree ensembles, averaged into one numpy file (stages/clean/trees.py)
        out["trees"] = export_trees(trees, len(keep), out_dir)
        forest = ("gradient-boosted tree ensembles (scikit-learn HistGradientBoostingClassifier " + json.dumps(GBDT)
                  + ", one per training fold, exported to numpy trees in the file named by 'trees')")
        out["about"] = out["about"].replace(
            "the mean log-odds of MLPs (one tanh layer each, one per training fold)",
            "the mean log-odds of " + forest if learner == "gbdt" else
            "the mean of two log-odds: the MLPs' (one tanh layer each, one per training fold, in 'mlps') and the mean of " + forest)
        if learner == "gbdt":
            out["about"] = out["about"].replace(" (standardised with each net's mean/scale)", "")
        out["about"] = out["about"].replace("Refit with training/offtopic.py.", f"Refit with training/offtopic.py --learner {learner}.")
    return out
