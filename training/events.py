"""Fit the events stage's models on an annotation round's train split, tune their thresholds on dev, write them.

Usage (the shipped models; needs ../shared and the ml extra for torch):
    python training/events.py --round data/annotations/news-2026-12 --cache /tmp/events-cache --only trigger,roles
Repeat ``--round`` to train on the union of several rounds' train splits (thresholds are tuned on the first
round's dev split), e.g. ``--round data/annotations/news-2026-12 --round data/annotations/news-2026-12b``.
The trigger model reads the word vectors and clusters of models/wordvecs.npz (built by training/wordvecs.py
from unlabeled news; ``--wordvecs ''`` fits it without them).
Writes src/newsledger/stages/events/models/{trigger,roles,modality,dates,corefer}.npz. The trigger model types every
candidate token (20 types + none) from parse features and doc.tensor; the role model picks actor, target
and place among the nominal tokens of the trigger's sentence; the modality model gives the factuality;
the dates model picks the event's date among the dates the text offers; the corefer model folds later
mentions of an event into its first mention.
The shipped trigger and role models (2026-12-07, third round) come from the usage line above (seed 0,
trigger threshold 0.5 kept, the others tuned on dev); the modality model from the same line with the three rounds
and ``--only modality`` (seed 0, fourth round); dates and corefer are those of the first round.
``--role-rows r2`` and ``--listwise`` fit the role model with more features or listwise (tried, not shipped).
`--retune target,lead` only re-tunes thresholds of the shipped models on dev. The shipped trigger model's lexicon-backed
and first-paragraph thresholds (0.8 / 0.8, round fifteen) come from
``--round /tmp/rounds15 --cache /tmp/ev15-cache --retune gates --select targets --min-f1 0.439 --gate-cap 0.8``.
Refits on the 698 documents of /tmp/rounds15 (round fifteen) were tried and not shipped (docs/events.md).
The test split is never read. Evaluate afterwards (and count the error classes with scripts/events_errors.py):
    newsledger eval gold --round data/annotations/news-2026-12 --split dev --json
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path
from typing import Any

from common import PACKAGE
from common.events_docs import RoundDoc, round_docs, train_docs
from common.events_eval import criterion, headline, score
from common.events_fit import balanced_weights, fit_listwise, fit_torch, merge_nets
from common.events_rows import (
    Rows,
    corefer_data,
    date_data,
    modality_data,
    role_data,
    trigger_data,
    trigger_gate,
)
from newsledger.stages.events.model import SparseNet, load_model
from newsledger.stages.events.wordvecs import load_wordvecs

MODELS_DIR = PACKAGE / "stages" / "events" / "models"
ROW_BUILDERS = {"trigger": trigger_data, "roles": role_data, "modality": modality_data, "dates": date_data,
                "corefer": corefer_data}
# hidden units, epochs, whether doc.tensor rows are read, minimum feature count
SETTINGS: dict[str, dict[str, Any]] = {
    "trigger": {"hidden": 128, "epochs": 6, "dropout": 0.5, "use_dense": True, "min_count": 2},
    "roles": {"hidden": 32, "epochs": 8, "use_dense": False, "min_count": 2},
    "modality": {"hidden": 32, "epochs": 20, "use_dense": False, "min_count": 2,
                 "weights": {"negated": 3.0, "denied": 3.0, "hypothetical": 2.0, "planned": 1.5}},
    "dates": {"hidden": 16, "epochs": 20, "use_dense": False, "min_count": 2},
    "corefer": {"hidden": 16, "epochs": 10, "use_dense": False, "min_count": 2},
}
# The listwise role model: fewer updates per epoch (one per 32 triggers), so more epochs and a larger step.
LISTWISE_SETTINGS: dict[str, Any] = {"epochs": 10, "lr": 3e-3, "batch": 32, "dropout": 0.2}
# Rare event types weigh up to this many times more in the trigger model's loss (see balanced_weights).
BALANCE_CAP = 4.0
TRIGGER_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9)
LEXICON_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
ROLE_GRID = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
TARGET_GRID = (0.05, 0.1, 0.15, 0.2, 0.3)
# Thresholds of the listwise role model: a candidate's share of its trigger's mass (with the 'no argument' option).
LISTWISE_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
# The none-probability threshold of tokens of the first paragraph (at least the global one).
LEAD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
# Types with their own trigger threshold (the most frequent in train) and the typed-F1 gain that justifies one.
TYPED = ("DISAPPROVE", "DEMAND")
TYPE_GRID = (0.5, 0.6, 0.7, 0.8)
TYPE_GAIN = 0.003
COREFER_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# m2: the modality rows add the cue classes of the trigger's clause (factuality.clause_features).
MODALITY_ROWS = "m2"


def rows_for(name: str, tag: str, docs: list[RoundDoc], cache: Path | None, models: dict[str, SparseNet],
             wordvecs: bool = False, near: float = 0.0, listwise: bool = False, extended: bool = False) -> Rows:
    """The training rows of one model (cached beside the parsed documents under ``tag``, the rounds' names; the
    pair rows of corefer depend on the role and modality models, so they are rebuilt each time)."""
    tag = f"{tag}-wv" if wordvecs and name in ("trigger", "roles") else tag
    tag = f"{tag}-{MODALITY_ROWS}" if name == "modality" else tag
    tag = f"{tag}-r2" if extended and name == "roles" else tag
    tag = f"{tag}-lw" if listwise and name == "roles" else tag
    tag = f"{tag}-near{near}" if near and name == "trigger" else tag
    path = cache / f"rows-{name}-{tag}.pkl" if cache and name != "corefer" else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]  # noqa: S301 - our own cache
    if name == "corefer":
        rows = corefer_data(docs, models)
    elif name == "trigger":
        vectors = load_wordvecs() if wordvecs else None
        rows = trigger_data(docs, trigger_gate(docs, vectors, near), vectors)
    elif name == "roles":
        rows = role_data(docs, load_wordvecs() if wordvecs else None, listwise, extended)
    else:
        rows = ROW_BUILDERS[name](docs)  # type: ignore[operator]
    if path is not None:
        with path.open("wb") as fh:
            pickle.dump(rows, fh)
    return rows


def tune(models: dict[str, SparseNet], name: str, key: str, grid: tuple[float, ...], dev: list[RoundDoc],
         objective: tuple[str, ...]) -> float:
    """The grid value of ``meta[key]`` of one model with the best sum of the objective figures on dev."""
    best, best_value = -1.0, grid[0]
    for value in grid:
        models[name].meta[key] = value
        ev = score(dev, models)
        total = sum(ev[k]["accuracy"] if "accuracy" in ev[k] else ev[k] for k in objective) if objective else ev["f1"]
        print(f"  {name} {key}={value}: {headline(ev)}")
        if total > best:
            best, best_value = total, value
    models[name].meta[key] = best_value
    return best_value


def tune_label(models: dict[str, SparseNet], label: str, grid: tuple[float, ...], dev: list[RoundDoc],
               objective: tuple[str, ...]) -> float:
    """The role model's own threshold for one role (``meta["label_thresholds"]``), best objective on dev."""
    meta = models["roles"].meta
    per_label: dict[str, float] = dict(meta.get("label_thresholds") or {})  # type: ignore[call-overload]
    best, best_value = -1.0, float(meta.get("threshold", 0.5))  # type: ignore[arg-type]
    for value in grid:
        meta["label_thresholds"] = {**per_label, label: value}
        ev = score(dev, models)
        total = sum(ev[k]["accuracy"] for k in objective)
        print(f"  roles {label}={value}: {headline(ev)}")
        if total > best:
            best, best_value = total, value
    meta["label_thresholds"] = {**per_label, label: best_value}
    return best_value


def tune_types(models: dict[str, SparseNet], types: tuple[str, ...], grid: tuple[float, ...], dev: list[RoundDoc]) -> dict[str, float]:
    """Per-type none-probability thresholds of the most frequent types, one type at a time (typed F1 on dev);
    a type keeps the global threshold unless another value gains at least ``TYPE_GAIN``."""
    meta = models["trigger"].meta
    per_type: dict[str, float] = dict(meta.get("type_thresholds") or {})  # type: ignore[call-overload]
    base = float(meta.get("threshold", 0.5))  # type: ignore[arg-type]
    best_f1 = score(dev, models)["f1"]
    for etype in types:
        keep = per_type.get(etype, base)
        for value in grid:
            if value == keep:
                continue
            meta["type_thresholds"] = {**per_type, etype: value}
            ev = score(dev, models)
            print(f"  {etype}={value}: {headline(ev)}")
            if ev["f1"] >= best_f1 + TYPE_GAIN:
                best_f1, per_type[etype] = ev["f1"], value
        meta["type_thresholds"] = dict(per_type)
    return per_type


def tune_gates(models: dict[str, SparseNet], dev: list[RoundDoc], select: str, min_f1: float,
               cap: float = 1.0) -> tuple[float, float]:
    """The lexicon-backed and first-paragraph trigger thresholds (each at most ``cap``), chosen jointly on dev by
    ``criterion`` (typed F1, or the mean of the issue's five figures over all gold events among settings with typed
    F1 >= ``min_f1``)."""
    meta = models["trigger"].meta
    best, pick = -2.0, (float(meta["lexicon_threshold"]), float(meta["lead_threshold"]))  # type: ignore[arg-type]
    for lex in [x for x in LEXICON_GRID if x <= cap]:
        for lead in [x for x in LEAD_GRID if x <= cap]:
            meta["lexicon_threshold"], meta["lead_threshold"] = lex, lead
            ev = score(dev, models)
            print(f"  lexicon {lex} lead {lead}: {headline(ev)}", flush=True)
            if criterion(ev, select, min_f1) > best:
                best, pick = criterion(ev, select, min_f1), (lex, lead)
    meta["lexicon_threshold"], meta["lead_threshold"] = pick
    meta["gates_selected_by"] = f"{select} (typed F1 >= {min_f1}, thresholds <= {cap})"
    return pick


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, action="append", help="an annotation round (repeatable: train on the union "
                    "of their train splits, tune on the first one's dev); default data/annotations/news-2026-12")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/events-cache"), help="parsed documents and rows are cached here")
    ap.add_argument("--only", default="trigger,roles,modality,dates,corefer", help="models to refit (the others are read from the stage)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=1, help="the trigger model is the mean of this many seeds' networks")
    ap.add_argument("--balance", type=float, default=None, help="override the trigger model's rare-type weight power")
    ap.add_argument("--retune", default="", help="only retune the shipped models: 'types' (per-type trigger thresholds), "
                    "'target' (the role model's target threshold), 'lead' (the first paragraph's trigger threshold), 'corefer', "
                    "'gates' (the lexicon-backed and first-paragraph thresholds together, by --select), comma-separated")
    ap.add_argument("--select", choices=("f1", "targets"), default="f1", help="with --retune gates: typed F1, or the "
                    "mean of typed F1, actor, target, factuality and lead recall over all gold events")
    ap.add_argument("--min-f1", type=float, default=0.0, help="with --select targets: only settings with at least this "
                    "dev typed F1")
    ap.add_argument("--gate-cap", type=float, default=1.0, help="with --retune gates: the highest none-probability "
                    "threshold tried (0.8 shipped: at 0.9 a word the model gives a 10%% reading becomes an event)")
    ap.add_argument("--no-tune", action="store_true", help="keep the default thresholds")
    ap.add_argument("--wordvecs", default="trigger,roles", help="models that read the word vectors and clusters of "
                    "models/wordvecs.npz, comma-separated (trigger, roles; '' for none)")
    ap.add_argument("--threshold", type=float, default=0.5, help="the trigger none-probability threshold, kept as "
                    "given (0: tune it on dev's typed F1, which picks a precise point that loses actor, factuality "
                    "and lead recall over all gold events)")
    ap.add_argument("--near", type=float, default=0.0, help="also score nouns and adjectives whose word vector is this "
                    "close (cosine) to a gold noun or adjective trigger of train (0: only the gold and lexicon lemmas)")
    ap.add_argument("--role-rows", choices=("r1", "r2"), default="r1", help="the role model's features: r1 (shipped) "
                    "or r2, which adds the general path, entity type x event type, the path's rank among the candidates "
                    "and the word vectors of candidate and trigger as dense columns (tried on dev, not better)")
    ap.add_argument("--listwise", action="store_true", help="fit the role model listwise: per trigger and role, a "
                    "softmax over its candidates and a 'no argument' option (common.events_fit.fit_listwise)")
    ap.add_argument("--out", type=Path, default=MODELS_DIR)
    args = ap.parse_args()
    rounds: list[Path] = args.round or [Path("data/annotations/news-2026-12")]
    dev = round_docs(rounds[0], "dev", args.shared, args.cache)
    if args.retune:
        models = {name: load_model(name) for name in ROW_BUILDERS}
        print("dev before:", headline(score(dev, models)))
        steps = args.retune.split(",")
        if "target" in steps:
            print("target threshold:", tune_label(models, "T", TARGET_GRID, dev, ("target_all",)))
            (args.out / "roles.npz").write_bytes(models["roles"].to_bytes())
        if "lead" in steps:
            print("lead threshold:", tune(models, "trigger", "lead_threshold", LEAD_GRID, dev, ()))
            (args.out / "trigger.npz").write_bytes(models["trigger"].to_bytes())
        if "gates" in steps:
            print("lexicon and lead thresholds:", tune_gates(models, dev, args.select, args.min_f1, args.gate_cap))
            (args.out / "trigger.npz").write_bytes(models["trigger"].to_bytes())
        if "types" in steps:
            print("per-type thresholds:", tune_types(models, TYPED, TYPE_GRID, dev))
            (args.out / "trigger.npz").write_bytes(models["trigger"].to_bytes())
        if "corefer" in steps:
            print("corefer threshold:", tune(models, "corefer", "threshold", COREFER_GRID, dev, ()))
            (args.out / "corefer.npz").write_bytes(models["corefer"].to_bytes())
        print("dev:", headline(score(dev, models)))
        return
    train = train_docs(rounds, args.shared, args.cache)
    tag = "+".join(r.name for r in rounds) + "-train"
    with_vectors = {m for m in args.wordvecs.split(",") if m}
    refit = [m for m in args.only.split(",") if m]
    models: dict[str, SparseNet] = {}
    for name in ROW_BUILDERS:
        if name not in refit:
            models[name] = load_model(name)
            continue
        wordvecs = name in with_vectors
        listwise = name == "roles" and args.listwise
        extended = name == "roles" and args.role_rows == "r2"
        rows = rows_for(name, tag, train, args.cache, models, wordvecs, args.near, listwise, extended)
        print(f"{name}: {len(rows.labels)} rows")
        meta: dict[str, object] = {"round": "+".join(r.name for r in rounds), "split": "train"}
        settings = dict(SETTINGS[name])
        if listwise:
            settings.update(LISTWISE_SETTINGS)
        if extended:
            meta["role_rows"] = "r2"
            settings["use_dense"] = wordvecs
        if name in ("trigger", "roles"):
            meta["wordvecs"] = wordvecs
        if name == "trigger":
            meta["gate"] = sorted(trigger_gate(train, load_wordvecs() if wordvecs else None, args.near))
            power = settings.pop("balance", 0.0) if args.balance is None else args.balance
            settings.pop("balance", None)
            settings["weights"] = balanced_weights(rows.labels, power, BALANCE_CAP)
            print("type weights:", {k: round(w, 2) for k, w in sorted(settings["weights"].items())})
        seeds = range(args.seed, args.seed + (args.seeds if name == "trigger" else 1))
        fit = fit_listwise if listwise else fit_torch
        nets = [fit(rows, seed=seed, meta=meta, **settings) for seed in seeds]
        models[name] = nets[0] if len(nets) == 1 else merge_nets(nets, meta)
    if not args.no_tune:
        if "trigger" in refit:
            grid = TRIGGER_GRID if not args.threshold else (args.threshold,)
            print("trigger threshold:", tune(models, "trigger", "threshold", grid, dev, ()))
            print("lexicon-backed threshold:", tune(models, "trigger", "lexicon_threshold", LEXICON_GRID, dev, ()))
            print("lead threshold:", tune(models, "trigger", "lead_threshold", LEAD_GRID, dev, ()))
            print("per-type thresholds:", tune_types(models, TYPED, TYPE_GRID, dev))
        if "roles" in refit:
            lw = args.listwise
            print("role threshold:", tune(models, "roles", "threshold", LISTWISE_GRID if lw else ROLE_GRID, dev,
                                          ("actor_all", "target_all")))
            print("target threshold:", tune_label(models, "T", LISTWISE_GRID if lw else TARGET_GRID, dev, ("target_all",)))
        if "corefer" in refit:
            print("corefer threshold:", tune(models, "corefer", "threshold", COREFER_GRID, dev, ()))
    print("dev:", headline(score(dev, models)))
    args.out.mkdir(parents=True, exist_ok=True)
    for name in refit:
        (args.out / f"{name}.npz").write_bytes(models[name].to_bytes())
        print(f"wrote {args.out / f'{name}.npz'}")


if __name__ == "__main__":
    main()
