"""Fit the off-topic model on generated splice sets and write it (model JSON + term document frequencies).

Usage (the shipped default model; needs ../shared, data/cleaning and the boilerplate model, training/boilerplate.py):
    python training/offtopic.py --seeds 0 --n 1000 --real-allsides 200 --real-wires 150 --learner both
The default model (since round seventeen: the mean log-odds of MLPs and gradient-boosted trees, --learner both) is fitted on the cleaning training sets (evaluate/splice_sets.py: seeds 0-2, 1,000 articles each,
with their unspliced copies) and on unspliced real news (the round's train articles and a sample of unlisted AllSides
articles and wires); its threshold and the margin a protected block needs (offtopic_protect.py) are placed together
on the calibration splice set and the real-news calibration list (data/cleaning/splits), under --calibrate-wrong and
--real-wrong. The term document frequencies come from the AFP/Xinhua corpus without listed or round dev/test wires.
Evaluate afterwards: newsledger eval cleaning --set test, --set real.
With --accurate it fits (on the AllSides seeds of the older generator, evaluate/splice.py: --seeds 20 21 22 --n 1000
--hold-out 14 15 --calibrate 16) the accurate mode's model (offtopic_model_accurate.json: the same features, MiniLM
sentence-embedding features, stages/clean/offtopic_embed.py, and the story and link scorers',
stages/clean/offtopic_story.py, which training/offtopic_story.py fits first); the embeddings and scorer outputs of each seed are cached in
--cache. The shipped accurate model: --accurate --learner both --context 1 --union (plain trees, and context trees
averaged with MLPs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from common import PACKAGE
from common.offtopic_fit import GBDT, HIDDEN, HIDDEN_ACCURATE, L2, calibrate, fit_all, rounded, stack
from common.offtopic_rows import article_index, document_frequencies, held_out, seed_rows, write_idf
from newsledger.stages.clean.offtopic import IDF_TABLE, model_features, with_context
from newsledger.stages.clean.offtopic_features import set_idf
from newsledger.stages.clean.offtopic_style import STYLE_FEATURES

TREES_FILE = "models/offtopic-trees{}.npz"  # inside the clean stage (src/newsledger/stages/clean); "-accurate" for the accurate model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=Path("../shared/data/news/allsides-articles.jsonl"))
    ap.add_argument("--idf-source", type=Path, default=Path("../shared/data/news/te3_silver_afp_xin.jsonl"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seeds", type=int, nargs="+", default=None, help="default model: 0 1 2; --accurate: 20 21 22")
    ap.add_argument("--data", type=Path, default=Path("data/cleaning"), help="default model: the cleaning data folder")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--real-allsides", type=int, default=500, help="default model: unlisted AllSides articles trained on")
    ap.add_argument("--real-wires", type=int, default=300, help="default model: unlisted wires trained on")
    ap.add_argument("--real-wrong", type=float, default=0.003,
                    help="default model: share of characters the threshold may remove from the real-news calibration list")
    ap.add_argument("--drop", nargs="*", default=[],
                    help="default model: feature groups or names the nets leave out (common/offtopic_groups.FEATURE_GROUPS), "
                         "chosen by grouped cross-validation (training/offtopic_gcv.py)")
    ap.add_argument("--l2", type=float, default=L2, help="default model: the MLPs' L2 weight (chosen as --drop)")
    ap.add_argument("--hold-out", type=int, nargs="*", default=[14, 15], help="seeds (n=300) kept out of training")
    ap.add_argument("--max-wrong", type=float, default=0.01, help="share of article characters that may be removed (out-of-fold training scores)")
    ap.add_argument("--calibrate", type=int, nargs="*", default=[16],
                    help="seeds (n=300, held-out articles left out) whose splice sets place the threshold of the fitted "
                         "ensemble (out-of-fold scores of single nets are more spread than the ensemble's)")
    ap.add_argument("--calibrate-wrong", type=float, default=None,
                    help="share of article characters the threshold may remove on the calibration sets (spliced and unspliced)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="feature rows per seed are cached here")
    ap.add_argument("--accurate", action="store_true", help="fit the accurate mode's model (MiniLM features)")
    ap.add_argument("--learner", choices=["mlp", "gbdt", "both"], default="mlp",
                    help="gbdt: gradient-boosted trees (written to src/newsledger/stages/clean/" + TREES_FILE.format("[-accurate]") + "); "
                         "both: the mean log-odds of the MLPs and the trees")
    ap.add_argument("--context", type=int, default=0, metavar="K",
                    help="widen each row with the rows of the K judged blocks before and after it (offtopic.with_context; "
                         "the neighbours missing past the ends are NaN: the trees route them, the MLPs read the feature's mean)")
    ap.add_argument("--union", action="store_true",
                    help="also fit the plain model (rows without the style columns, no context) and remove a block when "
                         "either model scores over its own threshold (both placed together on the calibration seeds)")
    ap.add_argument("--out", type=Path, default=None,
                    help="model file (default src/newsledger/stages/clean/models/offtopic_model.json, or offtopic_model_accurate.json)")
    args = ap.parse_args()
    models = PACKAGE / "stages" / "clean" / "models"
    args.out = args.out or models / ("offtopic_model_accurate.json" if args.accurate else "offtopic_model.json")
    args.seeds = args.seeds or ([20, 21, 22] if args.accurate else [0, 1, 2])
    args.calibrate_wrong = args.calibrate_wrong if args.calibrate_wrong is not None else (0.008 if args.accurate else 0.007)
    if not args.accurate:
        from common.offtopic_default import fit_default

        out = fit_default(args, args.out.parent)
        args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")
        print(json.dumps(out["trained_on"]), "threshold", out["threshold"], "margin", out["protect_margin"])
        return
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
            from common.offtopic_union import calibrate_union

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
                 "Refit with training/offtopic.py." + mode,
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
        return [{"mean": rounded(m["mean"]), "scale": rounded(m["scale"]), "W1": rounded(m["W1"]), "b1": rounded(m["b1"]),
                 "W2": rounded(m["W2"]), "b2": round(m["b2"], 6)} for m in models]

    mode_tag = "-accurate" if args.accurate else ""
    if gbdt:
        from newsledger.stages.clean.trees import from_sklearn

        tree_models = trees["mlps"] if args.learner == "both" else fitted["mlps"]
        both = ("the mean of two log-odds: the MLPs' (one tanh layer each, one per training fold, in 'mlps') and " if args.learner == "both" else "")
        out["about"] = ("Off-topic paragraph model of newsledger.stages.clean.offtopic: " + both + "the mean log-odds of "
                        "gradient-boosted tree ensembles (one per training fold, scikit-learn HistGradientBoostingClassifier "
                        + json.dumps(GBDT) + ") over FEATURES, exported to numpy trees in the file named by 'trees'. Refit "
                        "with training/offtopic.py --learner " + args.learner + "." + mode)
        trees_file = TREES_FILE.format(mode_tag + ("-context" if args.union else ""))
        (PACKAGE / "stages" / "clean" / trees_file).write_bytes(from_sklearn(tree_models, {"features": len(x[0])}).to_bytes())
        out["trees"] = trees_file
    if not gbdt or args.learner == "both":
        out["mlps"] = mlp_list(fitted["mlps"])
    if args.union:  # members: the plain model (without the style columns) and the main one, each with its threshold
        main = {k: out.pop(k) for k in ("trees", "mlps", "context") if k in out}
        plain_member: dict[str, Any] = {"columns": columns}
        if gbdt:
            plain_file = TREES_FILE.format(mode_tag)
            (PACKAGE / "stages" / "clean" / plain_file).write_bytes(
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
