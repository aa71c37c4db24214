"""Fine-tune the opt-in MiniLM trigger tagger (top layers + a softmax token head over the trigger model's classes) on
the annotated rounds' train splits; choose its mix with the sparse trigger model and its thresholds on dev.

Usage (the shipped model; needs ../shared, the ml extra and the parsed-document cache of training/events.py):
    python training/events_minilm.py --round data/annotations/news-2026-12 --round data/annotations/news-2026-12b \
        --round data/annotations/news-2026-12c --cache /tmp/events-cache-multi --states /tmp/events-minilm-states.pt
Every token of the union of the train splits gets the type of the gold trigger it heads (its head token as in
training/events.py) or none; the other tokens of a gold trigger phrase are left out of the loss. Tokens are
packed by sentence into the framing tagger's windows; the lower MiniLM layers stay frozen and their output is
cached once (float16, ``--states``); the top TUNED_LAYERS layers and the head are trained. After every epoch
the dev probabilities of news-2026-12's dev split (the first round's) are saved (``--dev-probs``), and the
decoding (weight of the tagger against the sparse model, thresholds) is chosen on dev by the events stage's
typed F1 with the gold scorer; the epoch with the best tuned dev F1 ships. ``--tune-only`` re-runs the
decoding choice for the model in ``--out`` from saved dev probabilities. The test split is never read.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from common import PACKAGE
from common.events_docs import RoundDoc, round_docs, train_docs
from common.events_eval import criterion
from common.events_rows import gold_heads, view_of
from common.finetune import Net, Progress, lower_states, optimizer, train_epoch
from newsledger.evaluate.gold import score_document
from newsledger.evaluate.gold_report import Report
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.runtime.minilm import load_minilm
from newsledger.stages.events import minilm as event_minilm
from newsledger.stages.events import stage
from newsledger.stages.events.detect import NONE
from newsledger.stages.events.model import load_model
from newsledger.stages.framing.minilm import MiniLMTaggerModel, Window, make_windows, token_pieces
from newsledger.stages.framing.model import TokenView

SEED = 19
TUNED_LAYERS = 2
LEARNING_RATE = 1e-4
HEAD_LEARNING_RATE = 1e-3
WARMUP = 0.06
WEIGHT_DECAY = 0.01
BATCH = 16  # windows per step
IGNORE = -100
# Weight of a trigger token in the loss against a none token (triggers are ~3 % of tokens).
TRIGGER_WEIGHT = 3.0
# The decoding grid tried on dev: the tagger's weight in the mix, the none-probability threshold, the
# threshold of tokens the sparse model does not score, the first paragraph's threshold.
MIX_GRID = (0.5, 0.75, 1.0)
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
EXTRA_GRID = (0.3, 0.5)
LEAD_GRID = (0.0, 0.1)  # added to the threshold

Sample = tuple[Window, torch.Tensor, np.ndarray]


def doc_windows(tok: Any, rd: RoundDoc) -> list[Window]:
    """The document's windows, as the stage builds them."""
    view = TokenView.from_doc(rd.ctx.doc)
    return make_windows(view, token_pieces(tok, view.lower), tok.cls_token_id, tok.sep_token_id)


def labels_of(rd: RoundDoc, classes: list[str]) -> np.ndarray:
    """Per token the class index of the gold trigger it heads, none, or IGNORE (a non-head token of a trigger)."""
    v = view_of(rd)
    heads, skip = gold_heads(v, rd.gold)
    y = np.full(v.n, classes.index(NONE), dtype=np.int64)
    for i, etype in heads.items():
        y[i] = classes.index(etype)
    y[list(skip)] = IGNORE
    return y


def encode(base: Any, docs: list[RoundDoc], first: int, classes: list[str]) -> list[list[Sample]]:
    """Per document its windows with cached lower states and labels."""
    out = []
    for rd in docs:
        wins = doc_windows(base.tokenizer, rd)
        y = labels_of(rd, classes)
        out.append([(w, h, y[w.tokens]) for w, h in zip(wins, lower_states(base.model, wins, first), strict=True)])
    return out


def predict(net: Net, docs: list[RoundDoc], encoded: list[list[Sample]], n_out: int) -> list[np.ndarray]:
    """Per document the (n_tokens, n_out) softmax probabilities (none for tokens without pieces)."""
    net.eval()
    out = []
    with torch.inference_mode():
        for rd, wins in zip(docs, encoded, strict=True):
            p = np.zeros((len(rd.ctx.doc), n_out), dtype=np.float32)
            for b in range(0, len(wins), BATCH):
                chunk = wins[b : b + BATCH]
                p[[i for w, _, _ in chunk for i in w.tokens]] = torch.softmax(net([(w, h) for w, h, _ in chunk]), -1).numpy()
            out.append(p)
    net.train()
    return out


def dev_score(dev: list[RoundDoc], probs: list[np.ndarray], classes: list[str], meta: dict[str, object]) -> dict[str, Any]:
    """The gold scorer's event figures of the accurate events stage on dev, with these tagger probabilities."""
    none = classes.index(NONE)
    report = Report()
    saved = event_minilm.tagger_output
    try:
        for rd, p in zip(dev, probs, strict=True):
            q = p.copy()
            q[q.sum(axis=1) == 0, none] = 1.0
            event_minilm.tagger_output = lambda _ctx, q=q: (q, classes, meta)  # type: ignore[assignment]
            ctx = copy.copy(rd.ctx)
            ctx.analysis = copy.copy(rd.ctx.analysis)
            ctx.cache = {}
            ctx.accurate = True
            ctx.analysis.events = stage.extract_events(ctx)
            report.documents[ctx.document.id] = score_document(ctx.analysis, gold_from_record(rd.gold, ctx.document), True)
    finally:
        event_minilm.tagger_output = saved  # type: ignore[method-assign]
    return report.to_dict()["total"]["events"]  # type: ignore[no-any-return]


def line(ev: dict[str, Any]) -> str:
    """Typed / untyped F1, actor, target, factuality and lead recall on one line."""
    return (f"typed {ev['f1']:.3f} (P {ev['precision']:.3f} R {ev['recall']:.3f}) untyped {ev['type_agnostic']['f1']:.3f} "
            f"actor {ev['actor_all']['accuracy']:.3f} target {ev['target_all']['accuracy']:.3f} "
            f"fact {ev['factuality_all']['accuracy']:.3f} lead {ev['lead_recall']['accuracy']:.3f}")


def tune(dev: list[RoundDoc], probs: list[np.ndarray], classes: list[str], full: bool, select: str = "f1",
         min_f1: float = 0.0) -> tuple[float, dict[str, object]]:
    """The decoding with the best dev criterion (a coarse grid unless ``full``)."""
    sparse = load_model("trigger").meta
    grid = itertools.product(MIX_GRID, THRESHOLD_GRID, EXTRA_GRID, LEAD_GRID) if full else \
        itertools.product((0.5, 1.0), (0.5, 0.7), (0.5,), (0.1,))
    best: tuple[float, dict[str, object]] = (-1.0, {})
    for mix, thr, extra, lead in grid:
        meta: dict[str, object] = {"mix": mix, "threshold": thr, "extra": extra, "lead_threshold": min(0.95, thr + lead),
                                   "lexicon_threshold": max(thr, float(sparse.get("lexicon_threshold", 0.8)))}  # type: ignore[arg-type]
        ev = dev_score(dev, probs, classes, meta)
        print(f"    mix {mix} thr {thr} extra {extra} lead +{lead}: {line(ev)}", flush=True)
        if criterion(ev, select, min_f1) > best[0]:
            best = (criterion(ev, select, min_f1), dict(meta, dev=line(ev), selected_by=f"{select} (typed F1 >= {min_f1})"))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--round", type=Path, action="append", required=True, help="annotation rounds (train on their train splits)")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/events-cache"), help="parsed documents (training/events.py)")
    ap.add_argument("--states", type=Path, default=None, help="cache of the frozen layers' states (torch file)")
    ap.add_argument("--out", type=Path, default=PACKAGE / "stages" / "events" / "models" / "trigger-minilm.npz")
    ap.add_argument("--dev-probs", type=Path, default=Path("/tmp/events-minilm-dev.npz"))
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--time-batches", type=int, default=0)
    ap.add_argument("--tune-only", type=int, default=0, help="choose the decoding of --out from epoch K's saved dev probabilities")
    ap.add_argument("--select", choices=("f1", "targets"), default="f1", help="what the decoding is chosen by on dev "
                    "(typed F1, or the mean of typed F1, actor, target, factuality and lead recall)")
    ap.add_argument("--decoding-of", type=Path, default=None, help="score every epoch with this model file's decoding "
                    "instead of choosing one (seed runs of the shipped recipe)")
    ap.add_argument("--min-f1", type=float, default=0.0, help="with --select targets: only decodings with at least this "
                    "dev typed F1 (the shipped one: 0.449, the default mode's)")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    t0 = time.process_time()
    classes = list(load_model("trigger").classes)
    dev = round_docs(args.round[0], "dev", args.shared, args.cache)
    if args.tune_only:
        z = np.load(args.dev_probs)
        probs = [z[f"{args.tune_only}/{rd.ctx.document.id}"].astype(np.float32) for rd in dev]
        f1, meta = tune(dev, probs, classes, full=True, select=args.select, min_f1=args.min_f1)
        model = MiniLMTaggerModel.from_bytes(args.out.read_bytes())
        model.meta.update(meta)
        model.save(str(args.out))
        print(f"tuned: dev {args.select} {f1:.3f}, {meta}")
        return
    base = load_minilm(args.threads)
    net = Net(base.model, len(classes), TUNED_LAYERS)
    train = train_docs(args.round, args.shared, args.cache)
    if args.states is not None and args.states.exists():
        fit_enc, dev_enc = torch.load(args.states, weights_only=False)
    else:
        fit_enc, dev_enc = encode(base, train, net.first, classes), encode(base, dev, net.first, classes)
        if args.states is not None:
            torch.save((fit_enc, dev_enc), args.states)
    samples = [s for doc in fit_enc for s in doc]
    n_tokens = sum(int((y != IGNORE).sum()) for _, _, y in samples)
    n_trig = sum(int(((y != IGNORE) & (y != classes.index(NONE))).sum()) for _, _, y in samples)
    print(f"{len(train)} train / {len(dev)} dev documents, {len(samples)} windows, {n_tokens:,} tokens ({n_trig:,} triggers); "
          f"lower states ready ({time.process_time() - t0:.0f}s CPU)", flush=True)
    net.train()
    head = list(net.head.parameters())
    params = [p for p in net.parameters() if p.requires_grad]
    steps = args.epochs * ((len(samples) + BATCH - 1) // BATCH)
    opt, sched = optimizer([p for p in params if all(p is not h for h in head)], head, LEARNING_RATE, HEAD_LEARNING_RATE,
                           WEIGHT_DECAY, steps, WARMUP)
    weight = torch.full((len(classes),), TRIGGER_WEIGHT)
    weight[classes.index(NONE)] = 1.0
    loss_fn = nn.CrossEntropyLoss(weight=weight, ignore_index=IGNORE)

    def batch_loss(batch: list[Sample]) -> torch.Tensor:
        logits = net([(w, h) for w, h, _ in batch])
        return loss_fn(logits, torch.from_numpy(np.concatenate([y for _, _, y in batch])))  # type: ignore[no-any-return]

    progress = Progress()
    saved: dict[str, np.ndarray] = {}
    best = -1.0
    for epoch in range(args.epochs):
        progress.loss = 0.0
        if not train_epoch(samples, random.shuffle, BATCH, batch_loss, opt, sched, progress, epoch, args.time_batches,
                           unit=f" of {BATCH} windows"):
            return
        probs = predict(net, dev, dev_enc, len(classes))
        saved.update({f"{epoch + 1}/{rd.ctx.document.id}": p.astype(np.float16) for rd, p in zip(dev, probs, strict=True)})
        np.savez_compressed(args.dev_probs, **saved)
        if args.decoding_of is not None:
            fixed = MiniLMTaggerModel.from_bytes(args.decoding_of.read_bytes()).meta
            meta = {k: fixed[k] for k in ("mix", "threshold", "extra", "lead_threshold", "lexicon_threshold")}
            ev = dev_score(dev, probs, classes, meta)
            f1, meta = float(ev["f1"]), dict(meta, dev=line(ev))
        else:
            f1, meta = tune(dev, probs, classes, full=False)
        print(f"epoch {epoch + 1}: best coarse dev typed F1 {f1:.3f} ({meta}); {time.process_time() - t0:.0f}s CPU", flush=True)
        if f1 > best:
            best = f1
            info = {"trained_on": "train splits of " + "+".join(r.name for r in args.round), "epoch": epoch + 1,
                    "seed": args.seed, "tuned_layers": TUNED_LAYERS, "epochs": args.epochs, **meta}
            net.export(classes, {}, info).save(str(args.out))
            print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", flush=True)


if __name__ == "__main__":
    main()
