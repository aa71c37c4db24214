"""Fit the default sparse trigger model on gold train rows plus silver rows labelled by the MiniLM tagger (distillation).

Usage (needs the parsed-document cache of training/events.py and the shards of training/events_silver.py):
    python training/events_distill.py --round /tmp/rounds16 --cache /tmp/ev16/cache --silver /tmp/ev16/silver \
        --weight 0.5 --out /tmp/ev16/trigger-w0.5.npz
``--weight 0`` is the control: the same network and settings on the gold rows alone. The network is the shipped
trigger model's (128 hidden units over the sparse features, doc.tensor and the word vectors, 6 epochs, dropout 0.5);
its decoding thresholds and gate are copied from the shipped trigger model unless ``--retune-gates`` chooses the
lexicon-backed and first-paragraph thresholds on dev. Every run prints the gold scorer's figures on the first
round's dev split and on each ``--confirm ROUND:SPLIT`` (a second dev set, e.g.
data/annotations/news-2026-12e:test), with the shipped model's first (``--baseline``). ``--ship`` writes the model
over stages/events/models/trigger.npz. Blind test splits are never read here: pass only spent ones to --confirm.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from common import PACKAGE
from common.events_distill import fit_distilled, read_silver
from common.events_docs import round_docs, train_docs
from common.events_eval import headline, score
from common.events_rows import Rows
from events import SETTINGS, rows_for, tune_gates
from newsledger.stages.events.model import load_model

DECODING = ("threshold", "lexicon_threshold", "lead_threshold", "type_thresholds")


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
    ap.add_argument("--hidden", type=int, default=int(SETTINGS["trigger"]["hidden"]))
    ap.add_argument("--epochs", type=int, default=int(SETTINGS["trigger"]["epochs"]))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--confirm", action="append", default=[], help="ROUND:SPLIT of a second dev set")
    ap.add_argument("--baseline", action="store_true", help="score the shipped trigger model first")
    ap.add_argument("--retune-gates", action="store_true", help="choose the lexicon and lead thresholds on dev "
                    "(typed F1 only, thresholds at most 0.8)")
    ap.add_argument("--out", type=Path, help="write the fitted model here")
    ap.add_argument("--ship", action="store_true", help="write it over stages/events/models/trigger.npz")
    args = ap.parse_args()
    shipped = load_model("trigger")
    models = {name: load_model(name) for name in ("trigger", "roles", "modality", "dates", "corefer")}
    sets = {"dev": round_docs(args.round[0], "dev", args.shared, args.cache)}
    for spec in args.confirm:
        rdir, split = spec.rsplit(":", 1)
        sets[spec] = round_docs(Path(rdir), split, args.shared, args.cache)
    if args.baseline:
        for name, docs in sets.items():
            print(f"shipped {name}: {headline(score(docs, models))}", flush=True)
    train = train_docs(args.round, args.shared, args.cache)
    tag = "+".join(r.name for r in args.round) + "-train"
    gold = rows_for("trigger", tag, train, args.cache, models, wordvecs=True)
    classes = sorted(set(gold.labels))
    silver, soft = read_silver(args.silver, classes, args.shards) if args.silver else (Rows(), np.zeros((0, len(classes))))
    print(f"gold rows {len(gold.labels)}, silver rows {len(silver.feats)}", flush=True)
    meta: dict[str, object] = {k: v for k, v in shipped.meta.items() if k in DECODING or k == "gate"}
    if args.silver:
        meta["gate"] = json.loads((args.silver / "meta.json").read_text(encoding="utf-8"))["gate"]
    meta.update({"round": tag, "wordvecs": True, "silver": f"{len(silver.feats)} rows x{args.weight}"})
    start = time.process_time()
    net = fit_distilled(gold, silver, soft, args.weight, args.hidden, silver_min_count=args.silver_min_count,
                        epochs=args.epochs, seed=args.seed, meta=meta)
    print(f"fitted in {time.process_time() - start:.0f}s CPU; vocabulary {len(net.index)}", flush=True)
    models["trigger"] = net
    if args.retune_gates:
        print("gates:", tune_gates(models, sets["dev"], "f1", 0.0, 0.8))
    for name, docs in sets.items():
        print(f"weight {args.weight} {name}: {headline(score(docs, models))}", flush=True)
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
