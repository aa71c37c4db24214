"""Fit the events stage's type model (stages/events/retype.py) on the gold triggers of the training rounds.

Usage (the union of round seventeen; ``--confirm`` a second dev set that is never trained on):
    python training/events_typer.py --round /tmp/r17-events-union --cache /tmp/r17-events-cache \\
        --confirm data/annotations/news-2026-12e:test --out /tmp/r17-events-typer.npz
One row per gold trigger head (and later mention) of the train split, labelled with its PLOVER type; the network is
the trigger model's kind (``fit_torch``: sparse features summed, dense columns, one ReLU layer). Reported on dev and
each confirm set: the type accuracy on gold triggers (the tagger's best type, this model's, their mix) and the gold
scorer's figures with the stage run at each mix weight of ``--mix-grid``; the best mix on dev typed F1 is written
into the model's meta. ``--ship`` writes the model to stages/events/models/typer.npz. Blind test splits are never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import PACKAGE
from common.events_docs import RoundDoc, round_docs, train_docs
from common.events_eval import headline, score
from common.events_fit import balanced_weights, fit_torch, merge_nets
from common.events_rows import Rows, gold_heads, view_of
from newsledger.stages.events.detect import decode, score_tokens
from newsledger.stages.events.model import SparseNet, load_model
from newsledger.stages.events.retype import NONE, retype, type_rows

MODELS_DIR = PACKAGE / "stages" / "events" / "models"
# The network: hidden units, epochs, dropout, minimum feature count (the trigger model's settings but for epochs).
SETTINGS = {"hidden": 128, "epochs": 8, "dropout": 0.5, "min_count": 2, "use_dense": True}
# Rare types weigh up to this many times more (as the trigger model's BALANCE_CAP), with this power.
BALANCE_CAP = 4.0
MIX_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


def typer_data(docs: list[RoundDoc]) -> Rows:
    """One row per gold trigger head of the documents, labelled with its type."""
    rows = Rows()
    for k, rd in enumerate(docs):
        v = view_of(rd)
        heads, _ = gold_heads(v, rd.gold)
        toks = sorted(heads)
        feats, dense = type_rows(v, toks)
        for j, i in enumerate(toks):
            rows.feats.append(feats[j])
            rows.dense.append(dense[j])
            rows.labels.append(heads[i])
            rows.groups.append(k)
    return rows


def type_accuracy(docs: list[RoundDoc], tagger: SparseNet, typer: SparseNet, mixes: tuple[float, ...]) -> dict[str, float]:
    """The share of gold triggers typed right, by the tagger alone (mix 0) and by the mix at each weight (1.0: the
    type model alone): ``scored`` over every gold trigger the tagger scores (a candidate token), ``found`` over
    the gold triggers the stage's decoding keeps as a trigger head with the tagger's own types."""
    right = {(m, part): 0 for m in mixes for part in ("scored", "found")}
    n = {"scored": 0, "found": 0}
    for rd in docs:
        v = view_of(rd)
        heads, _ = gold_heads(v, rd.gold)
        cands, probs = score_tokens(v, tagger)
        found = {t.head for t in decode(v, cands, probs, tagger)}
        pick = [k for k, i in enumerate(cands) if i in heads]
        n["scored"] += len(pick)
        n["found"] += sum(cands[k] in found for k in pick)
        for m in mixes:
            typer.meta["mix"] = m
            mixed = retype(v, cands, probs, tagger, typer, limit=2.0)
            for k in pick:
                q = mixed[k].copy()
                q[tagger.class_index[NONE]] = -1.0
                ok = tagger.classes[int(q.argmax())] == heads[cands[k]]
                right[(m, "scored")] += ok
                right[(m, "found")] += ok and cands[k] in found
    out = {f"{part} mix={m}": round(right[(m, part)] / max(n[part], 1), 4) for m, part in right}
    return out | {f"n {part}": float(c) for part, c in n.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, action="append", required=True, help="rounds whose train splits are fitted "
                    "on (the first one's dev split is the dev set)")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True, help="parsed documents are cached here (training/events.py's)")
    ap.add_argument("--confirm", action="append", default=[], help="ROUND:SPLIT of a second dev set (spent or dev only)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=1, help="the model is the mean of this many seeds' networks")
    ap.add_argument("--balance", type=float, default=0.0, help="rare-type weight power (0: none)")
    ap.add_argument("--epochs", type=int, default=int(SETTINGS["epochs"]))
    ap.add_argument("--hidden", type=int, default=int(SETTINGS["hidden"]))
    ap.add_argument("--mix-grid", default=",".join(map(str, MIX_GRID)), help="mix weights scored (comma-separated)")
    ap.add_argument("--model", type=Path, help="score this fitted type model instead of fitting one")
    ap.add_argument("--trigger", type=Path, help="mix with this trigger model file (default: the shipped one)")
    ap.add_argument("--trigger-meta", default="{}", help="JSON overriding the trigger model's thresholds")
    ap.add_argument("--out", type=Path, help="write the fitted model here")
    ap.add_argument("--ship", action="store_true", help="write it to stages/events/models/typer.npz")
    args = ap.parse_args()
    mixes = tuple(float(x) for x in args.mix_grid.split(","))
    sets = {"dev": round_docs(args.round[0], "dev", args.shared, args.cache)}
    for spec in args.confirm:
        rdir, split = spec.rsplit(":", 1)
        sets[spec] = round_docs(Path(rdir), split, args.shared, args.cache)
    models = {name: load_model(name) for name in ("trigger", "roles", "modality", "dates", "corefer")}
    if args.trigger:
        models["trigger"] = SparseNet.from_bytes(args.trigger.read_bytes())
    models["trigger"].meta.update(json.loads(args.trigger_meta))
    if args.model:
        typer = SparseNet.from_bytes(args.model.read_bytes())
    else:
        rows = typer_data(train_docs(args.round, args.shared, args.cache))
        print(f"typer: {len(rows.labels)} rows, {len(set(rows.labels))} types", flush=True)
        settings = {**SETTINGS, "epochs": args.epochs, "hidden": args.hidden}
        weights = balanced_weights(rows.labels, args.balance, BALANCE_CAP, none=NONE)
        meta: dict[str, object] = {"round": "+".join(r.name for r in args.round), "split": "train", "wordvecs": True}
        nets = [fit_torch(rows, seed=seed, meta=meta, weights=weights, **settings)  # type: ignore[arg-type]
                for seed in range(args.seed, args.seed + args.seeds)]
        typer = nets[0] if len(nets) == 1 else merge_nets(nets, meta)
    for name, docs in sets.items():
        print(f"{name} type accuracy on gold triggers:", type_accuracy(docs, models["trigger"], typer, mixes), flush=True)
    best, best_mix = -1.0, mixes[0]
    for m in mixes:
        typer.meta["mix"] = m
        for name, docs in sets.items():
            ev = score(docs, {**models, "typer": typer})
            print(f"mix {m} {name}: {headline(ev)}", flush=True)
            if name == "dev" and ev["f1"] > best:
                best, best_mix = float(ev["f1"]), m
    typer.meta["mix"] = best_mix
    print(f"best mix on dev: {best_mix} (typed F1 {best:.3f})")
    for path in [p for p in (args.out, MODELS_DIR / "typer.npz" if args.ship else None) if p is not None]:
        path.write_bytes(typer.to_bytes())
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
