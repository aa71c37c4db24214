"""Fine-tune the accurate mode's story scorer (stages/clean/offtopic_story.py) on AllSides articles; write offtopic-story.npz.

Usage: python training/offtopic_story.py [--source ../shared/data/news/allsides-articles.jsonl]
       [--out src/newsledger/stages/clean/models/offtopic-story.npz] [--epochs 1] [--threads 1] [--time-batches 20]

Training articles: the AllSides articles the splice generator can use that are NOT base or donor of the
held-out splice sets (seeds 14 and 15), of the calibration set (seed 16) or of the sets the off-topic block
model is fitted on (seeds 20-22, n=1,000): the block model then sees the scorer's output on articles the
scorer never saw, as it will at inference. A tenth of them (crc32(id) % 10 == 0) is the development set.
Each article gives a context (headline + lead: the first prose paragraphs up to LEAD_WORDS words) and
pairs: positives are its own later paragraphs, negatives are passages of other training articles, 70 % of
them from the same AllSides topic (another story on the same subject: the misses of the block model); like
the splice generator, one candidate in three is 2-4 consecutive paragraphs run together. The frozen lower
MiniLM layers' output of every context and candidate is computed once (float16); the top TUNED_LAYERS layers,
a segment vector and a head are trained on it (BCE).

With --kind link it fits the link scorer instead (offtopic-link.npz): the context is one paragraph, positives
are the paragraph that follows it (one time in three the one after that: the block model asks whether the
paragraphs on either side of a block join up without it), negatives pair a paragraph with another article's
passage, in either order (a splice breaks the link into it and the link out of it).
"""

from __future__ import annotations

import argparse
import copy
import random
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from common import PACKAGE, ROOT
from common.finetune import Progress, layer_weights, optimizer, train_epoch
from common.offtopic_rows import article_index, held_out
from newsledger.evaluate.splice import load_articles, prose_paragraphs
from newsledger.runtime.minilm import load_minilm
from newsledger.stages.clean.offtopic_story import (
    StoryModel,
    StoryNet,
    encode_candidate,
    encode_context,
    lower_states,
)

SEED = 13
TUNED_LAYERS = 2  # of 6; the framing tagger's choice (7 MB of float16)
LEARNING_RATE = 1e-4  # AdamW on the tuned layers, linear warm-up over WARMUP of the steps, then linear decay
HEAD_LEARNING_RATE = 1e-3  # the head and the segment vector start from scratch
WARMUP = 0.06
WEIGHT_DECAY = 0.01
BATCH = 16
# The lead as the block model sees it: the first blocks until 30 content terms (offtopic_features.LEAD_TERMS),
# i.e. roughly this many words.
LEAD_WORDS = 50
POSITIVES = 2  # per article (the training time: ~0.15 s per pair and epoch on one loaded thread)
NEGATIVES = 2  # per article
SAME_TOPIC_SHARE = 0.7  # more than the generator's 0.5: other-topic donors are mostly found already
MERGED_SHARE = 1 / 3  # as the splice generator
NO_TITLE_SHARE = 0.1  # contexts without a headline (plain-text input has none)
HELD_OUT_SEEDS = ((14, 300), (15, 300), (16, 300), (20, 1000), (21, 1000), (22, 1000))

Pair = tuple[int, int, float, bool]  # context index, candidate index, label, negative from the same topic


def _candidate(rng: random.Random, paras: list[str], start: int) -> str | None:
    """One paragraph, or (MERGED_SHARE) 2-4 consecutive ones run together, from ``paras[start:]``."""
    if len(paras) <= start:
        return None
    i = rng.randrange(start, len(paras))
    if rng.random() < MERGED_SHARE and i + 1 < len(paras):
        return " ".join(paras[i : i + rng.choice([2, 3, 4])])
    return paras[i]


def _paragraphs_and_topics(articles: list[dict[str, Any]]) -> tuple[list[list[str]], dict[str, list[int]]]:
    """The prose paragraphs of each article, and the articles of each AllSides topic (by index)."""
    by_topic: dict[str, list[int]] = {}
    for k, a in enumerate(articles):
        by_topic.setdefault(str(a.get("topic")), []).append(k)
    return [prose_paragraphs(a.get("text") or "") for a in articles], by_topic


def build_pairs(articles: list[dict[str, Any]], rng: random.Random) -> tuple[list[tuple[str | None, str]], list[str], list[Pair]]:
    """Contexts (headline, lead), candidate texts and labelled pairs of a set of articles."""
    paras, by_topic = _paragraphs_and_topics(articles)
    contexts: list[tuple[str | None, str]] = []
    cands: list[str] = []
    pairs: list[Pair] = []
    for k, a in enumerate(articles):
        lead_n, words = 0, 0
        while lead_n < len(paras[k]) and words < LEAD_WORDS:
            words += len(paras[k][lead_n].split())
            lead_n += 1
        if len(paras[k]) <= lead_n:
            continue
        title = None if rng.random() < NO_TITLE_SHARE else str(a.get("title") or "")
        contexts.append((title, "\n\n".join(paras[k][:lead_n])))
        c = len(contexts) - 1
        for _ in range(POSITIVES):
            text = _candidate(rng, paras[k], lead_n)
            if text:
                cands.append(text)
                pairs.append((c, len(cands) - 1, 1.0, False))
        same = [j for j in by_topic[str(a.get("topic"))] if j != k and articles[j].get("title") != a.get("title")]
        for _ in range(NEGATIVES):
            same_topic = bool(same) and rng.random() < SAME_TOPIC_SHARE
            j = rng.choice(same) if same_topic else rng.randrange(len(articles))
            if j == k:
                continue
            text = _candidate(rng, paras[j], 2)  # not the donor's headline or lead, as the generator
            if text:
                cands.append(text)
                pairs.append((c, len(cands) - 1, 0.0, same_topic))
    return contexts, cands, pairs


GAP2_SHARE = 1 / 3  # link positives that skip one paragraph


def build_link_pairs(articles: list[dict[str, Any]], rng: random.Random, per_article: int) -> tuple[list[tuple[str | None, str]], list[str], list[Pair]]:
    """(paragraph, following paragraph) positives and (paragraph, other article's passage) negatives, either order."""
    paras, by_topic = _paragraphs_and_topics(articles)
    contexts: list[tuple[str | None, str]] = []
    cands: list[str] = []
    pairs: list[Pair] = []

    def add(ctx: str, cand: str, label: float, same: bool) -> None:
        contexts.append((None, ctx))
        cands.append(cand)
        pairs.append((len(contexts) - 1, len(cands) - 1, label, same))

    for k, a in enumerate(articles):
        own = paras[k]
        if len(own) < 3:
            continue
        same = [j for j in by_topic[str(a.get("topic"))] if j != k and articles[j].get("title") != a.get("title")]
        for _ in range(per_article):
            i = rng.randrange(0, len(own) - 1)
            gap = 2 if rng.random() < GAP2_SHARE and i + 2 < len(own) else 1
            add(own[i], own[i + gap], 1.0, False)
        for _ in range(per_article):
            same_topic = bool(same) and rng.random() < SAME_TOPIC_SHARE
            j = rng.choice(same) if same_topic else rng.randrange(len(articles))
            text = _candidate(rng, paras[j], 2) if j != k else None
            if not text:
                continue
            i = rng.randrange(0, len(own))
            if rng.random() < 0.5:
                add(own[i], text, 0.0, same_topic)
            else:
                add(text, own[i], 0.0, same_topic)
    return contexts, cands, pairs


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative."""
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.concatenate([pos, neg]).argsort().argsort() + 1.0
    return float((order[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def states_of(base: Any, first: int, tok: Any, contexts: list[tuple[str | None, str]], cands: list[str],
              link: bool = False) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    ce = [encode_candidate(tok, lead) if link else encode_context(tok, t, lead) for t, lead in contexts]
    pe = [encode_candidate(tok, t) for t in cands]
    cs = [s.half() for s in lower_states(base, first, [e for e, _ in ce], [t for _, t in ce])]
    ps = [s.half() for s in lower_states(base, first, [e for e, _ in pe], [t for _, t in pe])]
    return cs, ps


def predict(net: StoryNet, pairs: list[Pair], cs: list[torch.Tensor], ps: list[torch.Tensor]) -> np.ndarray:
    net.eval()
    out = np.zeros(len(pairs))
    with torch.inference_mode():
        for b in range(0, len(pairs), BATCH):
            out[b : b + BATCH] = net([(cs[c], ps[p]) for c, p, _, _ in pairs[b : b + BATCH]]).numpy()
    net.train()
    return out


def report(name: str, pairs: list[Pair], scores: np.ndarray) -> dict[str, float]:
    y = np.array([p[2] for p in pairs])
    same = np.array([p[3] for p in pairs])
    fig = {"auc": auc(scores[y == 1], scores[y == 0]), "auc_same_topic": auc(scores[y == 1], scores[(y == 0) & same]),
           "auc_other_topic": auc(scores[y == 1], scores[(y == 0) & ~same])}
    print(f"  {name}: " + ", ".join(f"{k} {v:.3f}" for k, v in fig.items()), flush=True)
    return {k: round(v, 4) for k, v in fig.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "news" / "allsides-articles.jsonl")
    ap.add_argument("--out", type=Path, default=PACKAGE / "stages" / "clean" / "models" / "offtopic-story.npz")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--kind", choices=["story", "link"], default="story", help="story: (headline + lead, paragraph); "
                    "link: (paragraph, next paragraph), written to models/offtopic-link.npz unless --out")
    ap.add_argument("--pairs", type=int, default=3, help="link: positives and negatives per article")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lr", type=float, default=LEARNING_RATE)
    ap.add_argument("--limit", type=int, default=0, help="use only this many training articles (timing runs)")
    ap.add_argument("--time-batches", type=int, default=0, help="time this many training steps, then stop")
    args = ap.parse_args()
    link = args.kind == "link"
    if link and args.out.name == "offtopic-story.npz":
        args.out = args.out.with_name("offtopic-link.npz")
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    torch.set_num_threads(args.threads)
    t0, w0 = time.process_time(), time.time()
    index = article_index(args.source)
    excluded: set[str] = set()
    for seed, n in HELD_OUT_SEEDS:
        excluded |= held_out(args.source, [seed], n, index)
    articles = [a for a in load_articles(args.source) if str(a.get("ID")) not in excluded]
    dev_art = [a for a in articles if zlib.crc32(str(a.get("ID")).encode()) % 10 == 0]
    fit_art = [a for a in articles if zlib.crc32(str(a.get("ID")).encode()) % 10 != 0]
    if args.limit:
        fit_art = fit_art[: args.limit]
    if link:
        fit_ctx, fit_cand, fit_pairs = build_link_pairs(fit_art, rng, args.pairs)
        dev_ctx, dev_cand, dev_pairs = build_link_pairs(dev_art, rng, args.pairs)
    else:
        fit_ctx, fit_cand, fit_pairs = build_pairs(fit_art, rng)
        dev_ctx, dev_cand, dev_pairs = build_pairs(dev_art, rng)
    base = load_minilm(args.threads)
    first = len(base.model.encoder.layer) - TUNED_LAYERS
    cs, ps = states_of(base.model, first, base.tokenizer, fit_ctx, fit_cand, link)
    dcs, dps = states_of(base.model, first, base.tokenizer, dev_ctx, dev_cand, link)
    print(f"{len(fit_art)} fit / {len(dev_art)} dev articles ({len(excluded)} excluded), {len(fit_pairs)} / {len(dev_pairs)} "
          f"pairs; lower states in {time.process_time() - t0:.0f}s CPU, {time.time() - w0:.0f}s wall", flush=True)
    net = StoryNet([copy.deepcopy(base.model.encoder.layer[i]) for i in range(first, first + TUNED_LAYERS)])
    net.train()
    tuned = list(net.layers.parameters())
    rest = [net.segment, *net.head.parameters()]
    steps = args.epochs * ((len(fit_pairs) + BATCH - 1) // BATCH)
    opt, sched = optimizer(tuned, rest, args.lr, HEAD_LEARNING_RATE, WEIGHT_DECAY, steps, WARMUP)
    loss_fn = nn.BCEWithLogitsLoss()

    def batch_loss(batch: list[Pair]) -> torch.Tensor:
        logits = net([(cs[c], ps[p]) for c, p, _, _ in batch])
        return loss_fn(logits, torch.tensor([y for _, _, y, _ in batch], dtype=torch.float32))  # type: ignore[no-any-return]

    report("dev before training", dev_pairs, predict(net, dev_pairs, dcs, dps))
    progress, best = Progress(), -1.0
    for epoch in range(args.epochs):
        if not train_epoch(list(fit_pairs), rng.shuffle, BATCH, batch_loss, opt, sched, progress, epoch, args.time_batches,
                           total_steps=steps):
            return
        dev = report(f"epoch {epoch + 1} dev", dev_pairs, predict(net, dev_pairs, dcs, dps))
        if dev["auc"] > best:
            best = dev["auc"]
            weights = layer_weights(list(net.layers), first)
            meta = {"trained_on": f"{len(fit_art)} AllSides articles not used by splice seeds 14-16 or 20-22",
                    "kind": args.kind, "pairs": len(fit_pairs), "epoch": epoch + 1, "seed": SEED, "tuned_layers": TUNED_LAYERS, "dev": dev}
            model = StoryModel(weights, net.segment.detach().numpy().copy(), net.head.weight.detach().numpy().copy(),
                               net.head.bias.detach().numpy().copy(), meta)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            model.save(str(args.out))
            print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB); {time.process_time() - t0:.0f}s CPU, "
                  f"{time.time() - w0:.0f}s wall", flush=True)


if __name__ == "__main__":
    main()
