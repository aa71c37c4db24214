"""Fine-tune the opt-in MiniLM framing tagger (top layers + token head) on PTC; write framing-minilm.npz.

Usage: python training/framing_minilm.py [--ptc ../shared/data/ptc] [--cache /tmp/ptc-views.pkl]
       [--out src/newsledger/stages/framing/models/framing-minilm.npz] [--epochs 5] [--threads 1] [--time-batches 20] [--dev-only]
       [--cheap-cache /tmp/cheap-dev.pkl] [--mix] [--tuned-layers 2] [--select-epoch K] [--dev-probs FILE]
       [--final MODEL]  (refit on training + development with MODEL's epoch, thresholds and mix weights)

The PTC train articles minus the held-aside fifth (crc32(id) % 5 == 0, never read here) are parsed once with
the project's spaCy model (the cache is the one training/framing.py writes). Articles with
crc32(id) % 5 == 1 are the development set: after every epoch the decoding thresholds (hi, lo) of every
technique are chosen on it, and the epoch with the best development Loaded_Language F1 is kept. The other
articles are trained on: every token gets one inside/outside label per PTC technique (multi-label, sigmoid
head), whole sentences are packed into windows of <= 128 wordpieces. The lower MiniLM layers stay frozen,
so their output is computed once per window and cached (float16); the top TUNED_LAYERS layers and the head
are trained on it (a first design with LoRA adapters on all 6 layers, learning rate 1e-3, learnt nothing
in one epoch: gold and other tokens got the same mean probability). A technique ships when its
development precision and F1 are useful (as for the cheap tagger). Last (also alone with --mix), for the
techniques the cheap tagger has, the cheap models are fitted without the development articles and the
weight of the MiniLM probability in the average of both, with its thresholds, is chosen on development.
About 25 CPU minutes on one thread.
"""

from __future__ import annotations

import argparse
import random
import time
import zlib
from pathlib import Path

import numpy as np
import torch
from torch import nn

from common import PACKAGE, ROOT
from common.finetune import Net, Progress, lower_states, optimizer, train_epoch
from common.framing_fit import DEV_RESIDUE, MIN_F1, MIN_PRECISION, Item, fit_technique, parse
from common.framing_fit import best_thresholds as best_span_thresholds
from newsledger.evaluate.ptc import Prf
from newsledger.runtime.minilm import load_minilm
from newsledger.stages.framing.minilm import (
    MiniLMTagger,
    MiniLMTaggerModel,
    Window,
    make_windows,
    token_pieces,
)
from newsledger.stages.framing.model import shipped_tagger

SEED = 13
# Top layers fine-tuned (of 6): 2 ship as 7 MB of float16 (the brief's limit is ~8 MB).
TUNED_LAYERS = 2
LEARNING_RATE = 1e-4  # AdamW on the tuned layers, linear warm-up over the first WARMUP share of steps, then linear decay
HEAD_LEARNING_RATE = 1e-3  # the head starts from scratch
WARMUP = 0.06
WEIGHT_DECAY = 0.01
BATCH = 16  # windows per step
# Loaded_Language tokens are ~4% of tokens, the others fewer; positives weigh this much more in the loss.
POS_WEIGHT = 3.0
# A technique ships only with at least this many development gold spans: with fewer, its development
# precision rests on a handful of spans (Bandwagon: 11 predicted for 15 gold, P 0.35 on development, 0 of 5
# right on the held-aside part; this rule was added after seeing that).
MIN_DEV_GOLD = 30
# The technique that chooses the epoch (the criterion).
SELECT_BY = "Loaded_Language"
# Decoding thresholds tried on development; low ones too, as a multi-label head fitted on rare labels can be
# well ranked but low (first run: every Loaded_Language probability < 0.1 after one epoch).
# Weights of the MiniLM probability tried when averaging it with the cheap tagger's (--mix).
MIX_WEIGHTS = (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0)
THRESHOLDS = (0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)

Sample = tuple[Window, torch.Tensor, np.ndarray]  # a window, its cached lower states, its (n_tokens, n_techniques) labels


def token_labels(item: Item, techniques: list[str]) -> np.ndarray:
    """(n_tokens, n_techniques) 1.0 where a gold span of the technique overlaps the token."""
    view = item[3]
    starts, ends = np.array(view.starts), np.array(view.ends)
    y = np.zeros((len(view), len(techniques)), dtype=np.float32)
    col = {t: j for j, t in enumerate(techniques)}
    for s, e, t in item[2]:
        y[(starts < e) & (ends > s), col[t]] = 1.0
    return y


def article_windows(tokenizer: object, item: Item) -> list[Window]:
    """The windows of one article, as the tagger builds them at inference."""
    view = item[3]
    return make_windows(view, token_pieces(tokenizer, view.lower), tokenizer.cls_token_id, tokenizer.sep_token_id)  # type: ignore[attr-defined]


def predict(net: Net, items: list[Item], windows: list[list[tuple[Window, torch.Tensor]]], n_out: int) -> list[np.ndarray]:
    """Per article the (n_tokens, n_out) probabilities."""
    net.eval()
    out = []
    with torch.inference_mode():
        for item, wins in zip(items, windows, strict=True):
            p = np.zeros((len(item[3]), n_out), dtype=np.float32)
            for b in range(0, len(wins), BATCH):
                chunk = wins[b : b + BATCH]
                p[[i for w, _ in chunk for i in w.tokens]] = torch.sigmoid(net(chunk)).numpy()
            out.append(p)
    net.train()
    return out


def best_thresholds(items: list[Item], probs: list[np.ndarray], col: int, tech: str) -> tuple[float, float, Prf]:
    """The (hi, lo) pair with the best development span F1 for one technique (column ``col``)."""
    return best_span_thresholds(items, [p[:, col] for p in probs], tech, THRESHOLDS)


def mix_step(out: Path, fit: list[Item], dev: list[Item], cheap_cache: Path | None) -> None:
    """Choose per technique the weight of the MiniLM probability against the cheap tagger's, and the
    thresholds, on development; the cheap models for this are fitted without the development articles."""
    import pickle


    model = MiniLMTaggerModel.from_bytes(out.read_bytes())
    tagger = MiniLMTagger(model)
    probs = [tagger.probabilities(it[3]) for it in dev]
    if cheap_cache is not None and cheap_cache.exists():
        cheap = pickle.loads(cheap_cache.read_bytes())
    else:
        cheap = {}
        for tech in (tm.technique for tm in shipped_tagger().model.models):
            tm = fit_technique(fit, tech)
            cheap.update({(tech, it[0]): tm.probabilities(it[3]) for it in dev})
        if cheap_cache is not None:
            cheap_cache.write_bytes(pickle.dumps(cheap))
    dev_fig = dict(model.meta.get("dev", {}))  # type: ignore[call-overload]
    for tech in [t for t in model.thresholds if int(dev_fig.get(t, {}).get("gold", 0)) < MIN_DEV_GOLD]:
        model.thresholds.pop(tech)
        dev_fig.pop(tech, None)
    for tech in sorted({t for t, _ in cheap}):
        col = model.techniques.index(tech)
        best: tuple[float, float, float, Prf] | None = None
        for w in MIX_WEIGHTS:
            mixed = [(w * p[:, col] + (1 - w) * cheap[(tech, it[0])])[:, None] for it, p in zip(dev, probs, strict=True)]
            hi, lo, prf = best_thresholds(dev, mixed, 0, tech)
            print(f"  mix {tech:24s} w={w:.2f} hi={hi} lo={lo} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f} pred={prf.p_den}", flush=True)
            if best is None or prf.f1 > best[3].f1:
                best = (w, hi, lo, prf)
        assert best is not None
        w, hi, lo, prf = best
        if prf.precision >= MIN_PRECISION and prf.f1 >= MIN_F1:
            model.thresholds[tech], model.mix[tech], dev_fig[tech] = (hi, lo), w, prf.to_dict()
            print(f"  ships {tech} with MiniLM weight {w}", flush=True)
        else:
            model.thresholds.pop(tech, None)
    model.meta["dev"] = dev_fig
    model.save(str(out))
    MiniLMTagger(MiniLMTaggerModel.from_bytes(out.read_bytes()))  # check it loads
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB); ships {list(model.thresholds)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data" / "ptc")
    ap.add_argument("--out", type=Path, default=PACKAGE / "stages" / "framing" / "models" / "framing-minilm.npz")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parsed articles (training/framing.py --cache)")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lr", type=float, default=LEARNING_RATE, help="learning rate of the tuned layers")
    ap.add_argument("--tuned-layers", type=int, default=TUNED_LAYERS, help="top encoder layers fine-tuned (of 6)")
    ap.add_argument("--select-epoch", type=int, default=0,
                    help="keep this epoch (chosen from an earlier run's development figures, e.g. mixed with the cheap "
                         "tagger) instead of the one with the best development F1 of the MiniLM head alone; stops there")
    ap.add_argument("--dev-probs", type=Path, default=None, help="write every epoch's development probabilities here (npz)")
    ap.add_argument("--final", type=Path, default=None,
                    help="refit on training + development articles with the recipe of this development-chosen model "
                         "(its epoch, thresholds and mix weights) and write the result to --out")
    ap.add_argument("--time-batches", type=int, default=0, help="time this many training steps, then stop")
    ap.add_argument("--dev-only", action="store_true", help="report development figures only, write nothing")
    ap.add_argument("--mix", action="store_true", help="only choose the mix with the cheap tagger for the model in --out")
    ap.add_argument("--cheap-cache", type=Path, default=None, help="pickle of the cheap tagger's development probabilities")
    args = ap.parse_args()
    torch.manual_seed(SEED)
    random.seed(SEED)
    torch.set_num_threads(args.threads)
    t0 = time.process_time()
    items = parse(args.ptc, args.cache)
    techniques = sorted({t for it in items for _, _, t in it[2]})
    base = load_minilm(args.threads)
    tok = base.tokenizer
    is_dev = [zlib.crc32(x[0].encode()) % 5 == DEV_RESIDUE for x in items]
    fit = [x for x, d in zip(items, is_dev, strict=True) if not d]
    dev = [x for x, d in zip(items, is_dev, strict=True) if d]
    if args.mix:
        mix_step(args.out, fit, dev, args.cheap_cache)
        return
    reference = MiniLMTaggerModel.from_bytes(args.final.read_bytes()) if args.final else None
    stop_after = args.select_epoch or args.epochs
    if reference is not None:  # the refit: no development articles left to choose anything on
        stop_after = int(reference.meta["epoch"])  # type: ignore[call-overload]
        args.tuned_layers = int(reference.meta["tuned_layers"])  # type: ignore[call-overload]
        args.epochs = int(reference.meta.get("epochs", args.epochs))  # type: ignore[call-overload]  # same schedule
        fit, dev = fit + dev, []
    net = Net(base.model, len(techniques), args.tuned_layers)
    samples: list[Sample] = []
    for it in fit:
        y = token_labels(it, techniques)
        wins = article_windows(tok, it)
        samples += [(w, h, y[w.tokens]) for w, h in zip(wins, lower_states(base.model, wins, net.first), strict=True)]
    dev_windows = []
    for it in dev:
        wins = article_windows(tok, it)
        dev_windows.append(list(zip(wins, lower_states(base.model, wins, net.first), strict=True)))
    pieces = sum(len(w.ids) for w, _, _ in samples)
    print(f"{len(fit)} fit / {len(dev)} dev articles, {len(samples)} windows, {pieces:,} pieces per epoch; "
          f"{len(techniques)} techniques; lower states cached ({time.process_time() - t0:.0f}s CPU)", flush=True)
    net.train()
    params = [p for p in net.parameters() if p.requires_grad]
    print(f"trainable parameters: {sum(p.numel() for p in params):,}", flush=True)
    head = list(net.head.parameters())
    steps = args.epochs * ((len(samples) + BATCH - 1) // BATCH)
    opt, sched = optimizer([p for p in params if all(p is not h for h in head)], head, args.lr, HEAD_LEARNING_RATE,
                           WEIGHT_DECAY, steps, WARMUP)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.full((len(techniques),), POS_WEIGHT))

    def batch_loss(batch: list[Sample]) -> torch.Tensor:
        logits = net([(w, h) for w, h, _ in batch])
        return loss_fn(logits, torch.from_numpy(np.vstack([y for _, _, y in batch])))  # type: ignore[no-any-return]

    sel = techniques.index(SELECT_BY)
    best: tuple[float, int, MiniLMTaggerModel] | None = None
    progress = Progress()
    epoch_probs: dict[str, np.ndarray] = {}
    for epoch in range(stop_after):
        t_ep, progress.loss = time.time(), 0.0  # the running loss restarts every epoch
        if not train_epoch(samples, random.shuffle, BATCH, batch_loss, opt, sched, progress, epoch, args.time_batches,
                           unit=f" of {BATCH} windows"):
            return
        if reference is not None or (args.select_epoch and epoch + 1 != args.select_epoch):
            print(f"epoch {epoch + 1} done in {time.time() - t_ep:.0f}s wall", flush=True)
            continue
        probs = predict(net, dev, dev_windows, len(techniques))
        if args.dev_probs is not None:
            epoch_probs.update({f"{epoch + 1}/{it[0]}": p.astype(np.float16) for it, p in zip(dev, probs, strict=True)})
            np.savez_compressed(args.dev_probs, techniques=np.array(techniques), **epoch_probs)
        gold = np.vstack([token_labels(it, techniques) for it in dev])[:, sel] > 0
        p_sel = np.concatenate([p[:, sel] for p in probs])
        print(f"  dev {SELECT_BY} mean probability: gold tokens {p_sel[gold].mean():.3f}, others {p_sel[~gold].mean():.3f}; "
              f"share of gold tokens above the 90th percentile of others {np.mean(p_sel[gold] > np.quantile(p_sel[~gold], 0.9)):.2f}", flush=True)
        thresholds: dict[str, tuple[float, float]] = {}
        dev_fig: dict[str, object] = {}
        for j, tech in enumerate(techniques):
            hi, lo, prf = best_thresholds(dev, probs, j, tech)
            ok = prf.precision >= MIN_PRECISION and prf.f1 >= MIN_F1 and prf.r_den >= MIN_DEV_GOLD
            print(f"  epoch {epoch + 1} {tech:40s} hi={hi} lo={lo} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f} "
                  f"pred={prf.p_den} gold={prf.r_den} {'ship' if ok else 'drop'}", flush=True)
            if ok:
                thresholds[tech] = (hi, lo)
                dev_fig[tech] = prf.to_dict()
            if j == sel:
                sel_f1 = prf.f1
        print(f"epoch {epoch + 1} done in {time.time() - t_ep:.0f}s wall, dev {SELECT_BY} F1 {sel_f1:.3f}", flush=True)
        if best is None or sel_f1 > best[0] or args.select_epoch:
            meta = {"trained_on": "PTC train articles with crc32(id) % 5 not in (0, 1)", "epoch": epoch + 1, "seed": SEED,
                    "tuned_layers": args.tuned_layers, "lr": args.lr, "epochs": args.epochs, "dev": dev_fig}
            best = (sel_f1, epoch + 1, net.export(techniques, thresholds, meta))
            if not args.dev_only:  # written after every better epoch, so a stopped run keeps its best so far
                args.out.parent.mkdir(parents=True, exist_ok=True)
                best[2].save(str(args.out))
                print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.process_time() - t0:.0f}s CPU", flush=True)
    if reference is not None:
        meta = dict(reference.meta, trained_on="PTC train articles with crc32(id) % 5 != 0 (training + development)",
                    refit_of=f"the development-chosen model (epoch {stop_after} of {args.epochs}); thresholds and mix from it")
        final = net.export(techniques, dict(reference.thresholds), meta)
        final.mix = dict(reference.mix)
        final.save(str(args.out))
        MiniLMTagger(MiniLMTaggerModel.from_bytes(args.out.read_bytes()))  # check it loads
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {time.process_time() - t0:.0f}s CPU")
        return
    assert best is not None
    print(f"best epoch {best[1]}: dev {SELECT_BY} F1 {best[0]:.3f}; ships {list(best[2].thresholds)}")
    if not args.dev_only:
        MiniLMTagger(MiniLMTaggerModel.from_bytes(args.out.read_bytes()))  # check it loads
        mix_step(args.out, fit, dev, args.cheap_cache)


if __name__ == "__main__":
    main()
