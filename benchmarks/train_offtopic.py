"""Fit the off-topic model on generated splice sets and write it (model JSON + term document frequencies).

Usage (the shipped model; needs ../shared):
    PYTHONPATH=src python benchmarks/train_offtopic.py --seeds 20 21 22 --n 1000 --hold-out 14 15 --calibrate 16
Articles used as base or donor of the held-out seeds' splice sets (n=300) are left out of training and
calibration; the threshold is placed on the calibration seed's splice set (n=300).
Evaluate afterwards: newsledger eval removal --seed 14 (and --seed 15).
With --accurate it fits the accurate mode's model (offtopic_model_accurate.json: the same features, MiniLM
sentence-embedding features, clean/offtopic_embed.py, and the story and link scorers', clean/offtopic_story.py,
which scripts/train_offtopic_story.py fits first); the embeddings and scorer outputs of each seed are cached in
--cache. The shipped accurate model: --accurate --learner both --context 1 --union (plain trees, and context trees
averaged with MLPs).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from offtopic_rows import article_index, document_frequencies, held_out, seed_rows, write_idf

from newsledger.stages.clean.offtopic import FEATURES, IDF_TABLE, model_features, with_context
from newsledger.stages.clean.offtopic_features import set_idf
from newsledger.stages.clean.offtopic_style import STYLE_FEATURES

# First step: one hidden layer of tanh units, Adam, L2; sized on seeds 20-21 (32 units and 40 epochs
# generalise as well as larger nets; more epochs overfit).
HIDDEN = 16
# The accurate mode's wider rows (92 features when sized): 32 units found 3-4 points more passages than 16 (seeds 20-21, calibration seed 16).
HIDDEN_ACCURATE = 32
EPOCHS = 40
RATE = 3e-3
L2 = 1e-4
BATCH = 256
FOLDS = 4  # out-of-fold scores place the threshold
# --learner gbdt: scikit-learn's HistGradientBoostingClassifier (training only: pip install -e .[train]),
# one per fold like the MLPs, exported to numpy trees (clean/trees.py). Set once, before any held-out run: the
# library's defaults with a smaller rate over more iterations and some L2; not tuned on seeds 14-16.
GBDT = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 31, "l2_regularization": 1.0}
TREES_FILE = "models/offtopic-trees{}.npz"  # inside the package (src/newsledger); "-accurate" for the accurate model
def fit_mlp(x: np.ndarray, y: np.ndarray, seed: int = 0, hidden: int = HIDDEN) -> dict[str, Any]:
    """Class-balanced one-hidden-layer MLP on standardised features (Adam); a missing value (NaN: --context past
    the article's ends) counts as the feature's mean."""
    rng = np.random.default_rng(seed)
    mean, scale = np.nanmean(x, 0), np.nanstd(x, 0) + 1e-9
    z = np.nan_to_num((x - mean) / scale)
    d = z.shape[1]
    params = [rng.normal(0, 1 / math.sqrt(d), (d, hidden)), np.zeros(hidden),
              rng.normal(0, 1 / math.sqrt(hidden), hidden), np.zeros(1)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    pos_weight = (1 - y.mean()) / y.mean()
    t = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(z))
        for k in range(0, len(z), BATCH):
            idx = order[k:k + BATCH]
            xb, yb = z[idx], y[idx]
            h = np.tanh(xb @ params[0] + params[1])
            p = 1 / (1 + np.exp(-(h @ params[2] + params[3][0])))
            g = (p - yb) * np.where(yb == 1, pos_weight, 1.0) / len(idx)
            gh = np.outer(g, params[2]) * (1 - h ** 2)
            grads = [xb.T @ gh + L2 * params[0], gh.sum(0), h.T @ g + L2 * params[2], np.array([g.sum()])]
            t += 1
            for i, gr in enumerate(grads):
                m1[i] = 0.9 * m1[i] + 0.1 * gr
                m2[i] = 0.999 * m2[i] + 0.001 * gr ** 2
                params[i] -= RATE * (m1[i] / (1 - 0.9 ** t)) / (np.sqrt(m2[i] / (1 - 0.999 ** t)) + 1e-8)
    return {"mean": mean, "scale": scale, "W1": params[0], "b1": params[1], "W2": params[2], "b2": float(params[3][0])}


def mlp(m: Any, x: np.ndarray) -> np.ndarray:
    """Log-odds of one fitted model (an MLP dict or a scikit-learn classifier) for the rows of ``x``; {"both":
    (MLPs, classifiers)}: the mean of the MLPs' mean and the classifiers' mean (as clean/offtopic.py scores)."""
    if isinstance(m, dict) and "both" in m:
        return np.asarray(np.mean([np.mean([mlp(k, x) for k in group], axis=0) for group in m["both"]], axis=0))
    if not isinstance(m, dict):
        return np.asarray(m.decision_function(x))
    return np.asarray(np.tanh(np.nan_to_num((x - m["mean"]) / m["scale"]) @ m["W1"] + m["b1"]) @ m["W2"] + m["b2"])


def fit_gbdt(x: np.ndarray, y: np.ndarray, seed: int = 0, hidden: int = 0) -> Any:
    """Gradient-boosted trees (GBDT settings); ``hidden`` is unused (fit_mlp's signature)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed, **GBDT).fit(x, y)


def stack(arts: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    rows = [r for a in arts for r in a["rows"]]
    width = len(rows[0]) if rows else len(FEATURES)
    return np.array(rows, dtype=float).reshape(len(rows), width), np.array([v for a in arts for v in a["y"]])


def per_article(arts: list[dict[str, Any]], flat: np.ndarray) -> list[np.ndarray]:
    out, k = [], 0
    for a in arts:
        out.append(flat[k:k + len(a["rows"])])
        k += len(a["rows"])
    return out


def evaluate(arts: list[dict[str, Any]], scores: list[np.ndarray], threshold: float) -> tuple[float, float]:
    """(passage recall, share of article characters wrongly removed) at a threshold, as the evaluation counts."""
    found = total = wrong = chars = 0
    for a, sc in zip(arts, scores, strict=True):
        chars += a["chars"]
        removed = [sp for sp, s, j in zip(a["spans"], sc, a["judged"], strict=True) if s >= threshold and j]
        for s, e, _ in a["passages"]:
            total += 1
            found += sum(max(0, min(e, re_) - max(s, rs)) for rs, re_ in removed) >= 0.5 * (e - s)
        for rs, re_ in removed:
            wrong += (re_ - rs) - sum(max(0, min(e, re_) - max(s, rs)) for s, e, _ in a["passages"])
    return found / max(1, total), wrong / max(1, chars)


def fit_all(arts: list[dict[str, Any]], max_wrong: float, hidden: int = HIDDEN, gbdt: bool = False) -> dict[str, Any]:
    """One MLP (or GBDT) per fold (the shipped ensemble averages them), and the threshold at which the out-of-fold
    scores keep the removed article characters within ``max_wrong`` on the spliced articles and on their unspliced copies."""
    nets = []
    oof: list[np.ndarray] = [np.empty(0)] * len(arts)
    for f in range(FOLDS):
        # arts come in pairs (spliced, unspliced copy of one article): a pair stays in one fold
        train = [a for i, a in enumerate(arts) if i // 2 % FOLDS != f]
        held = [i for i in range(len(arts)) if i // 2 % FOLDS == f]
        m = (fit_gbdt if gbdt else fit_mlp)(*stack(train), seed=f, hidden=hidden)
        nets.append(m)
        xs, _ = stack([arts[i] for i in held])
        for i, s in zip(held, per_article([arts[i] for i in held], mlp(m, xs)), strict=True):
            oof[i] = s
    scores = oof
    spliced = [k for k, a in enumerate(arts) if not a["clean"]]
    clean = [k for k, a in enumerate(arts) if a["clean"]]
    best = (0.0, 0.0, float("inf"), 0.0)
    for th in np.quantile(np.concatenate([s for s in scores if len(s)]), np.linspace(0.8, 1.0, 801)):
        recall, wrong = evaluate([arts[k] for k in spliced], [scores[k] for k in spliced], float(th))
        _, wrong_clean = evaluate([arts[k] for k in clean], [scores[k] for k in clean], float(th))
        if max(wrong, wrong_clean) <= max_wrong and recall > best[0]:
            best = (recall, wrong, float(th), wrong_clean)
    return {"mlps": nets, "recall": best[0], "wrong": best[1], "threshold": best[2],
            "wrong_clean": best[3]}


def calibrate(arts: list[dict[str, Any]], nets: list[Any], max_wrong: float) -> dict[str, Any]:
    """The ensemble's threshold that keeps removed article characters within ``max_wrong`` on the calibration
    sets, spliced and unspliced, with the passage recall and removed shares there."""
    x, _ = stack(arts)
    flat = np.mean([mlp(m, x) for m in nets], axis=0)
    scores = per_article(arts, flat)
    spliced = [k for k, a in enumerate(arts) if not a["clean"]]
    clean = [k for k, a in enumerate(arts) if a["clean"]]
    best: dict[str, Any] = {"threshold": float(flat.max()), "passage_recall": 0.0}
    for th in np.quantile(flat, np.linspace(0.8, 1.0, 801)):
        recall, wrong = evaluate([arts[k] for k in spliced], [scores[k] for k in spliced], float(th))
        _, wrong_clean = evaluate([arts[k] for k in clean], [scores[k] for k in clean], float(th))
        if max(wrong, wrong_clean) <= max_wrong and recall > best["passage_recall"]:
            best = {"threshold": float(th), "passage_recall": round(recall, 4), "wrongly_removed_share": round(wrong, 4),
                    "removed_share_unspliced": round(wrong_clean, 4), "articles": len(spliced)}
    return best


def _r(v: Any) -> Any:
    return np.round(np.asarray(v, dtype=float), 6).tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=Path("../shared/data/news/allsides-articles.jsonl"))
    ap.add_argument("--idf-source", type=Path, default=Path("../shared/data/news/te3_silver_afp_xin.jsonl"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[20, 21, 22])
    ap.add_argument("--hold-out", type=int, nargs="*", default=[14, 15], help="seeds (n=300) kept out of training")
    ap.add_argument("--max-wrong", type=float, default=0.01, help="share of article characters that may be removed (out-of-fold training scores)")
    ap.add_argument("--calibrate", type=int, nargs="*", default=[16],
                    help="seeds (n=300, held-out articles left out) whose splice sets place the threshold of the fitted "
                         "ensemble (out-of-fold scores of single nets are more spread than the ensemble's)")
    ap.add_argument("--calibrate-wrong", type=float, default=0.008,
                    help="share of article characters the threshold may remove on the calibration sets (spliced and unspliced)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="feature rows per seed are cached here")
    ap.add_argument("--accurate", action="store_true", help="fit the accurate mode's model (MiniLM features)")
    ap.add_argument("--learner", choices=["mlp", "gbdt", "both"], default="mlp",
                    help="gbdt: gradient-boosted trees (written to src/newsledger/" + TREES_FILE.format("[-accurate]") + "); "
                         "both: the mean log-odds of the MLPs and the trees")
    ap.add_argument("--context", type=int, default=0, metavar="K",
                    help="widen each row with the rows of the K judged blocks before and after it (offtopic.with_context; "
                         "the neighbours missing past the ends are NaN: the trees route them, the MLPs read the feature's mean)")
    ap.add_argument("--union", action="store_true",
                    help="also fit the plain model (rows without the style columns, no context) and remove a block when "
                         "either model scores over its own threshold (both placed together on the calibration seeds)")
    ap.add_argument("--out", type=Path, default=None,
                    help="model file (default nlp/lexicons/offtopic_model.json, or offtopic_model_accurate.json)")
    args = ap.parse_args()
    lexicons = Path("src/newsledger/nlp/lexicons")
    args.out = args.out or lexicons / ("offtopic_model_accurate.json" if args.accurate else "offtopic_model.json")
    if args.union and not args.calibrate:
        sys.exit("--union needs a calibration seed")
    if set(args.seeds) & set(args.hold_out):
        sys.exit("a training seed is also held out")
    n_docs, df = document_frequencies(args.idf_source)
    set_idf(*write_idf(args.out.parent / Path(IDF_TABLE).name, n_docs, df, args.idf_source.name))
    index = article_index(args.source)
    ids = held_out(args.source, args.hold_out, 300, index)
    def rows(seed: int, n: int) -> list[dict[str, Any]]:
        return seed_rows(args.source, n, seed, args.hold_out, ids, index, args.cache, args.accurate)

    def unstyled(arts: list[dict[str, Any]], columns: int) -> list[dict[str, Any]]:
        return [dict(a, rows=[r[:columns] for r in a["rows"]]) for a in arts]

    def widened(arts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [dict(a, rows=with_context(a["rows"], args.context)) for a in arts] if args.context else arts

    plain = [a for seed in args.seeds for a in rows(seed, args.n)]
    arts = widened(plain)
    hidden = HIDDEN_ACCURATE if args.accurate else HIDDEN
    gbdt = args.learner in ("gbdt", "both")
    fitted = fit_all(arts, args.max_wrong, hidden, args.learner == "gbdt")
    nets: list[Any] = []
    if args.learner == "both":  # out-of-fold figures of the MLPs and the trees apart; the pair is calibrated
        trees = fit_all(arts, args.max_wrong, hidden, True)
        nets = [{"both": (fitted["mlps"], trees["mlps"])}]
        print(f"out of fold: MLPs {fitted['recall']:.4f}, trees {trees['recall']:.4f}", file=sys.stderr)
    # --union: the plain model too (a block goes when either scores over its own threshold), on the rows without
    # the house-style columns: round five's trees, which catch encyclopedia text pasted in the article's own
    # style (the example's KPA paragraph) that style agreement pulls under the context trees' threshold
    columns = next(len(a["rows"][0]) for a in plain if a["rows"]) - len(STYLE_FEATURES)
    if args.union:  # the plain member is trees when any trees are asked for (--learner both: trees and MLPs in the main one)
        plain_fit = fit_all(unstyled(plain, columns), args.max_wrong, hidden, gbdt)
        mlps_only = " (its MLPs; the trees' is above)" if args.learner == "both" else ""
        print(f"out of fold: plain {plain_fit['recall']:.4f}, main {fitted['recall']:.4f}{mlps_only}", file=sys.stderr)
    calibration = {}
    if args.calibrate:
        cal_plain = [a for seed in args.calibrate for a in rows(seed, 300)]
        if args.union:
            from offtopic_union import calibrate_union

            calibration = calibrate_union(unstyled(cal_plain, columns), widened(cal_plain), plain_fit["mlps"],
                                          nets or fitted["mlps"], args.calibrate_wrong)
        else:
            calibration = calibrate(widened(cal_plain), nets or fitted["mlps"], args.calibrate_wrong)
        fitted["threshold"] = calibration["threshold"]
    x, y = stack(arts)
    mode = (" The accurate mode's model: FEATURES, EMBED_FEATURES (MiniLM), STORY_FEATURES (story scorer), LINK_FEATURES (link scorer)."
            if args.accurate else "")
    out = {
        "about": "Off-topic paragraph model of newsledger.stages.clean.offtopic: the mean log-odds of MLPs (one tanh layer "
                 "each, one per training fold) over FEATURES (standardised with each net's mean/scale). "
                 "Refit with benchmarks/train_offtopic.py." + mode,
        "trained_on": {"source": args.source.name, "idf_source": args.idf_source.name, "n": args.n, "seeds": args.seeds,
                       "held_out_seeds": args.hold_out, "articles": len(arts), "blocks": int(len(y)),
                       "off_topic_blocks": int(y.sum()), "out_of_fold_passage_recall": round(fitted["recall"], 4),
                       "out_of_fold_wrongly_removed_share": round(fitted["wrong"], 4),
                       "out_of_fold_removed_share_unspliced": round(fitted["wrong_clean"], 4), "max_wrong": args.max_wrong,
                       "calibration": {"seeds": args.calibrate, "max_wrong": args.calibrate_wrong, **calibration}},
        "features": list(model_features(args.accurate)),
        "threshold": round(fitted["threshold"], 4),
    }
    if args.context:
        out["context"] = args.context
        mode += f" Each row is read with the rows of the {args.context} judged block(s) before and after it (offtopic.with_context)."
    def mlp_list(models: list[Any]) -> list[dict[str, Any]]:
        return [{"mean": _r(m["mean"]), "scale": _r(m["scale"]), "W1": _r(m["W1"]), "b1": _r(m["b1"]),
                 "W2": _r(m["W2"]), "b2": round(m["b2"], 6)} for m in models]

    mode_tag = "-accurate" if args.accurate else ""
    if gbdt:
        from newsledger.stages.clean.trees import from_sklearn

        tree_models = trees["mlps"] if args.learner == "both" else fitted["mlps"]
        both = ("the mean of two log-odds: the MLPs' (one tanh layer each, one per training fold, in 'mlps') and " if args.learner == "both" else "")
        out["about"] = ("Off-topic paragraph model of newsledger.stages.clean.offtopic: " + both + "the mean log-odds of "
                        "gradient-boosted tree ensembles (one per training fold, scikit-learn HistGradientBoostingClassifier "
                        + json.dumps(GBDT) + ") over FEATURES, exported to numpy trees in the file named by 'trees'. Refit "
                        "with benchmarks/train_offtopic.py --learner " + args.learner + "." + mode)
        trees_file = TREES_FILE.format(mode_tag + ("-context" if args.union else ""))
        (Path("src/newsledger") / trees_file).write_bytes(from_sklearn(tree_models, {"features": len(x[0])}).to_bytes())
        out["trees"] = trees_file
    if not gbdt or args.learner == "both":
        out["mlps"] = mlp_list(fitted["mlps"])
    if args.union:  # members: the plain model (without the style columns) and the main one, each with its threshold
        main = {k: out.pop(k) for k in ("trees", "mlps", "context") if k in out}
        plain_member: dict[str, Any] = {"columns": columns}
        if gbdt:
            plain_file = TREES_FILE.format(mode_tag)
            (Path("src/newsledger") / plain_file).write_bytes(
                from_sklearn(plain_fit["mlps"], {"features": columns}).to_bytes())
            plain_member["trees"] = plain_file
        else:
            plain_member["mlps"] = mlp_list(plain_fit["mlps"])
        out["members"] = [{**plain_member, "threshold": round(calibration["plain_threshold"], 4)},
                          {**main, "threshold": round(calibration["context_threshold"], 4)}]
        out["about"] += (" Union (--union): a block goes when the plain model (each row without its STYLE_FEATURES "
                         "columns: 'columns') or the main model (with them" + (", context rows" if args.context else "")
                         + ") scores over its own threshold (members); the model threshold is 0.")
    args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(json.dumps(out["trained_on"]), "threshold", out["threshold"])


if __name__ == "__main__":
    main()
