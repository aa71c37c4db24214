"""Fit the default sparse trigger model on gold train rows plus silver rows labelled by the MiniLM tagger (distillation).

Usage (needs the parsed-document cache of training/events.py and the shards of training/events_silver.py):
    python training/events_distill.py --round /tmp/rounds16 --cache /tmp/ev16/cache --silver /tmp/ev16/silver \
        --weight 0.5 --out /tmp/ev16/trigger-w0.5.npz
``--weight 0`` is the control: the same network and settings on the gold rows alone. The network is the shipped
trigger model's (128 hidden units over the sparse features, doc.tensor and the word vectors, 6 epochs, dropout 0.5);
its decoding thresholds are copied from the shipped trigger model (retune them afterwards with training/events.py
``--retune gates``) and its gate is that of the rows (the train union's gold trigger lemmas and the lexicon's, as
stored by the silver run). Every run prints the gold scorer's figures on the first
round's dev split and on each ``--confirm ROUND:SPLIT`` (a second dev set, e.g.
data/annotations/news-2026-12e:test), with the shipped model's first (``--baseline``). ``--ship`` writes the model
over stages/events/models/trigger.npz. Blind test splits are never read here: pass only spent ones to --confirm.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path

import numpy as np

from common import PACKAGE
from common.events_distill import fit_distilled, read_silver, sharpened
from common.events_docs import RoundDoc, round_docs, train_docs
from common.events_eval import headline, score
from common.events_rows import Rows, trigger_data, trigger_gate
from newsledger.stages.events.model import SparseNet, load_model
from newsledger.stages.events.wordvecs import load_wordvecs

DECODING = ("threshold", "lexicon_threshold", "lead_threshold", "type_thresholds")
# The shipped trigger network's settings (training/events.py SETTINGS["trigger"]).
HIDDEN, EPOCHS, DROPOUT = 128, 6, 0.5


def gold_rows(train: list[RoundDoc], cache: Path, tag: str) -> Rows:
    """The gold trigger rows of the train documents, cached under training/events.py's file name for them."""
    path = cache / f"rows-trigger-{tag}-wv.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]  # noqa: S301 - our own cache
    vectors = load_wordvecs()
    rows = trigger_data(train, trigger_gate(train, vectors), vectors)
    with path.open("wb") as fh:
        pickle.dump(rows, fh)
    return rows


def fit(args: argparse.Namespace) -> SparseNet:
    """The trigger network fitted on the gold rows of the train rounds and the silver shards."""
    shipped = load_model("trigger")
    train = train_docs(args.round, args.shared, args.cache)
    tag = "+".join(r.name for r in args.round) + "-train"
    gold = gold_rows(train, args.cache, tag)
    classes = sorted(set(gold.labels))
    use = args.silver is not None and args.weight > 0
    silver, soft = read_silver(args.silver, classes, args.shards) if use else (Rows(), np.zeros((0, len(classes))))
    soft = sharpened(soft, args.sharpen)
    print(f"gold rows {len(gold.labels)}, silver rows {len(silver.feats)}", flush=True)
    meta: dict[str, object] = {k: v for k, v in shipped.meta.items() if k in DECODING}
    if args.silver:
        meta["gate"] = json.loads((args.silver / "meta.json").read_text(encoding="utf-8"))["gate"]
    else:
        meta["gate"] = sorted(trigger_gate(train, load_wordvecs()))
    meta.update({"round": tag, "wordvecs": True, "silver": f"{len(silver.feats)} rows x{args.weight}, power {args.sharpen}"})
    start = time.process_time()
    net = fit_distilled(gold, silver, soft, args.weight, args.hidden, silver_min_count=args.silver_min_count,
                        epochs=args.epochs, dropout=DROPOUT, seed=args.seed, meta=meta)
    print(f"fitted in {time.process_time() - start:.0f}s CPU; vocabulary {len(net.index)}", flush=True)
    return net


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, action="append", required=True)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--silver", type=Path, help="training/events_silver.py's output folder")
    ap.add_argument("--shards", type=int, default=0, help="read only the first N silver shards (0: all)")
    ap.add_argument("--weight", type=float, default=0.5, help="loss weight of a silver row against a gold row (0: gold only)")
    ap.add_argument("--silver-min-count", type=int, default=0, help="also give silver features seen this often a "
                    "column (0: the vocabulary is gold's alone, as the shipped model's)")
    ap.add_argument("--sharpen", type=float, default=1.0, help="raise the soft labels to this power and renormalise "
                    "(2: the teacher's confident readings dominate, its hesitant ones move towards their best class)")
    ap.add_argument("--hidden", type=int, default=HIDDEN)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--confirm", action="append", default=[], help="ROUND:SPLIT of a second dev set")
    ap.add_argument("--baseline", action="store_true", help="score the shipped trigger model first")
    ap.add_argument("--model", type=Path, help="score this fitted model file instead of fitting one")
    ap.add_argument("--threshold-grid", default="", help="none-probability thresholds tried on dev (comma-separated; "
                    "the best on dev typed F1 is kept and scored on the --confirm sets)")
    ap.add_argument("--out", type=Path, help="write the fitted model here")
    ap.add_argument("--ship", action="store_true", help="write it over stages/events/models/trigger.npz")
    args = ap.parse_args()
    models = {name: load_model(name) for name in ("trigger", "roles", "modality", "dates", "corefer")}
    sets = {"dev": round_docs(args.round[0], "dev", args.shared, args.cache)}
    for spec in args.confirm:
        rdir, split = spec.rsplit(":", 1)
        sets[spec] = round_docs(Path(rdir), split, args.shared, args.cache)
    if args.baseline:
        for name, docs in sets.items():
            print(f"shipped {name}: {headline(score(docs, models))}", flush=True)
    net = SparseNet.from_bytes(args.model.read_bytes()) if args.model else fit(args)
    models["trigger"] = net
    grid = [float(x) for x in args.threshold_grid.split(",") if x]
    if grid:
        figures = {}
        for value in grid:
            net.meta["threshold"] = value
            figures[value] = score(sets["dev"], models)
            print(f"threshold {value} dev: {headline(figures[value])}", flush=True)
        net.meta["threshold"] = max(grid, key=lambda x: figures[x]["f1"])
    for name, docs in sets.items():
        print(f"threshold {net.meta['threshold']} {name}: {headline(score(docs, models))}", flush=True)
    data = net.to_bytes()
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {args.out} ({len(data) / 1e6:.2f} MB)")
    if args.ship:
        path = PACKAGE / "stages" / "events" / "models" / "trigger.npz"
        path.write_bytes(data)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
