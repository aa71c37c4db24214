"""Fit the quote filter of the quotes stage on the annotation round's train split.

Writes src/newsledger/stages/quotes/models/quote_filter.json:

    python training/quote_filter.py --round data/annotations/news-2026-12 --shared ../shared [--cache /tmp/round]

Every candidate the quotes stage proposes on a train document (``quotes.stage.quote_rows``, before the
filter) is labelled by the round's gold with the matching rule of ``newsledger eval gold`` (content token
Jaccard >= 0.5, one-to-one, best first): kept when it matches a required gold quote, dropped when it matches
none, left out of training when it overlaps an optional one. A logistic regression over the candidate's
features (``quotes.filter.features``; those seen at least MIN_COUNT times) is fitted with numpy; the keep
threshold maximises quote F1 on 5-fold cross-validated train scores (recall counted over every required gold
quote, also those no candidate finds), or rather the lowest threshold within F1_SLACK of the best F1, since a
dropped quote is one whose speaker cannot be right either. Dev figures are printed; the test split is never read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from common.rounds import Item, context, match_gold, parsed
from newsledger.document import Document
from newsledger.evaluate.brat import Attribution, load_corpus, score
from newsledger.evaluate.matching import overlaps
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model
from newsledger.stages.quotes.stage import quote_rows

OUT = PACKAGE / "stages" / "quotes" / "models" / "quote_filter.json"
MIN_COUNT = 3
FOLDS = 5
F1_SLACK = 0.01


def labelled(items: list[Item]) -> tuple[list[dict[str, float]], list[int], int]:
    """Features and labels (1 keep, 0 drop) of the candidates that start a record (a record and the later parts
    sharing its cue count as one: kept when any part matches), and the required gold count."""
    upto = Pipeline(nlp=load_model(), stages=["entities", "timexes"])
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    n_gold = 0
    for document, doc, rec in items:
        text = document.text
        rows = quote_rows(context(document, doc, upto))
        golds = [(q, (q["content"][0], q["content"][1])) for q in rec.get("quotes", [])]
        n_gold += sum(1 for q, _ in golds if not q.get("optional"))
        hits = match_gold([row.quote.content for row in rows], [span for _q, span in golds], text)
        match: dict[int, dict[str, Any]] = {hit: q for (q, _span), hit in zip(golds, hits, strict=True) if hit is not None}
        groups: dict[int, list[int]] = {}  # a record and the parts that share its cue are kept or dropped together
        for i, row in enumerate(rows):
            groups.setdefault(i if row.parent is None else row.parent, []).append(i)
        for i, members in groups.items():
            found = [match[k] for k in members if k in match]
            spans = [(rows[k].quote.content.start, rows[k].quote.content.end) for k in members]
            optional = all(g.get("optional") for g in found) if found else any(
                q.get("optional") and overlaps(c, span) for q, span in golds for c in spans)
            if optional:
                continue
            feats.append(rows[i].features)
            labels.append(int(any(not g.get("optional") for g in found)))
    return feats, labels, n_gold


def polnear(train_dir: Path, cache: Path | None) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of the candidates on PolNeAR train: kept when they match a gold attribution whose
    cue is a speech word (PolNeAR's speech view), dropped when they match none; those matching a belief or
    knowledge attribution are left out."""
    import pickle

    from spacy.tokens import DocBin

    nlp = load_model()
    docs = load_corpus(train_dir)
    key = cache.with_suffix(".polnear.pkl") if cache else None
    if key is not None and key.exists():
        parses = list(DocBin().from_bytes(pickle.loads(key.read_bytes())).get_docs(nlp.vocab))
    else:
        parses = list(nlp.pipe((d.text for d in docs), batch_size=8))
        if key is not None:
            key.write_bytes(pickle.dumps(DocBin(docs=parses).to_bytes()))
    upto = Pipeline(nlp=nlp, stages=["entities", "timexes"])
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for bd, doc in zip(docs, parses, strict=True):
        document = Document(id=bd.name, text=bd.text, published=bd.published, outlet=bd.outlet)
        rows = quote_rows(context(document, doc, upto))
        groups: dict[int, list[int]] = {}
        for i, row in enumerate(rows):
            groups.setdefault(i if row.parent is None else row.parent, []).append(i)
        heads = list(groups)
        preds = [Attribution([(rows[k].quote.content.start, rows[k].quote.content.end) for k in groups[h]], [], [], "", True)
                 for h in heads]
        _, matched = score(bd.text, bd.gold, preds)
        gold_of = {j: i for i, j in matched}
        for j, h in enumerate(heads):
            g = gold_of.get(j)
            if g is not None and not bd.gold[g].speech:
                continue
            feats.append(rows[h].features)
            labels.append(int(g is not None))
    return feats, labels


def matrix(feats: list[dict[str, float]], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(vocab)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            if k in vocab:
                x[r, vocab[k]] = v
    return x


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, weight: np.ndarray | None = None, epochs: int = 600,
                 lr: float = 0.05) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression (optionally with sample weights) by Adam on the full batch."""
    w, b = np.zeros(x.shape[1]), 0.0
    sw = np.ones(len(y)) if weight is None else weight
    m, v, mb, vb = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    for step in range(1, epochs + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        r = sw * (p - y)
        g, gb = x.T @ r / sw.sum() + l2 * w, float(r.sum() / sw.sum())
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        b -= lr * (mb / (1 - 0.9**step)) / (np.sqrt(vb / (1 - 0.999**step)) + 1e-8)
    return w, b


def f1_at(p: np.ndarray, y: np.ndarray, n_gold: int, threshold: float) -> tuple[float, float, float]:
    keep = p >= threshold
    tp = float(np.sum(keep & (y == 1)))
    prec = tp / max(1, int(np.sum(keep)))
    rec = tp / max(1, n_gold)
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, help="keep the spaCy parses here between runs")
    ap.add_argument("--l2", type=float, default=0.003)
    ap.add_argument("--polnear", type=Path, help="PolNeAR train folder: its speech attributions join the training data")
    ap.add_argument("--polnear-weight", type=float, default=0.5, help="weight of a PolNeAR candidate against a round one")
    ap.add_argument("--threshold", type=float, help="keep threshold to ship instead of the cross-validated one "
                    "(shipped: 0.34, chosen on news-2026-12 dev: docs/quotes.md)")
    ns = ap.parse_args()
    feats, labels, n_gold = labelled(parsed(ns.round, ns.shared, "train", ns.cache))
    n_round = len(feats)
    if ns.polnear is not None:
        pfeats, plabels = polnear(ns.polnear, ns.cache)
        feats, labels = feats + pfeats, labels + plabels
        print(f"PolNeAR train: {len(pfeats)} candidates, {sum(plabels)} match a speech attribution")
    counts = Counter(k for f in feats for k in f)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in counts.items() if c >= MIN_COUNT))}
    x, y = matrix(feats, vocab), np.array(labels, dtype=float)
    sw = np.where(np.arange(len(y)) < n_round, 1.0, ns.polnear_weight)
    folds = np.arange(len(y)) % FOLDS
    cv = np.zeros(len(y))
    for k in range(FOLDS):
        w, b = fit_logistic(x[folds != k], y[folds != k], ns.l2, sw[folds != k])
        cv[folds == k] = 1.0 / (1.0 + np.exp(-(x[folds == k] @ w + b)))
    cv, y_round = cv[:n_round], y[:n_round]
    grid = [t / 100 for t in range(5, 80)]
    best = max(f1_at(cv, y_round, n_gold, t)[2] for t in grid)
    # the lowest threshold within F1_SLACK of the best F1: every quote dropped is one whose speaker cannot count
    threshold = min(t for t in grid if f1_at(cv, y_round, n_gold, t)[2] >= best - F1_SLACK)
    print(f"train: {n_round} candidates, {int(y_round.sum())} match gold, {n_gold} required gold quotes; "
          f"keep all P/R/F1 {f1_at(cv, y_round, n_gold, 0.0)}; cross-validated at {threshold}: "
          f"{f1_at(cv, y_round, n_gold, threshold)}")
    if ns.threshold is not None:
        threshold = ns.threshold
        print(f"shipping threshold {threshold}: {f1_at(cv, y_round, n_gold, threshold)} on cross-validated train")
    w, b = fit_logistic(x, y, ns.l2, sw)
    dfeats, dlabels, dgold = labelled(parsed(ns.round, ns.shared, "dev", ns.cache))
    dp = 1.0 / (1.0 + np.exp(-(matrix(dfeats, vocab) @ w + b)))
    dy = np.array(dlabels, dtype=float)
    print(f"dev: keep all P/R/F1 {f1_at(dp, dy, dgold, 0.0)}; at {threshold}: {f1_at(dp, dy, dgold, threshold)}")
    names = {i: k for k, i in vocab.items()}
    weights = {names[i]: round(float(v), 4) for i, v in enumerate(w) if abs(v) >= 1e-3}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    trained_on = f"{ns.round.name} train" + (f" + PolNeAR train (weight {ns.polnear_weight})" if ns.polnear else "")
    OUT.write_text(json.dumps({"trained_on": trained_on, "threshold": threshold, "bias": round(b, 4),
                               "weights": dict(sorted(weights.items()))}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
