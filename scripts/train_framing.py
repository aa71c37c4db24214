"""Train the framing tagger on the PTC train split (held-aside articles excluded) and write the shipped model.

Usage: PYTHONPATH=src python scripts/train_framing.py [--ptc ../shared/data/ptc] [--out src/newsledger/models/framing-ptc.npz]

Steps: parse every non-held-out PTC article once with the project's spaCy model; label each token with the
techniques whose gold spans cover it; fit one logistic output per technique over hashed token features
(Adagrad, fixed seed); pick each technique's span thresholds on a development fifth of the training
articles; refit on all training articles; keep the techniques whose development span precision is useful.
Runs in a few minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.evaluate.ptc import Prf, load_ptc  # noqa: E402
from newsledger.nlp.framing_model import N_FEATURES, Tagger, TaggerModel, decode, tensor_of, token_features  # noqa: E402
from newsledger.nlp.model import load_model  # noqa: E402

TECHNIQUES = [
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Doubt",
    "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Appeal_to_Authority",
    "Slogans",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
]
SEED = 13
# token_features() templates used: lowercase form and lemma. Context templates overfit the 300k training
# tokens (development F1 fell); context comes from the tensor instead.
TEMPLATES = [0, 1]
# en_core_web_sm's tok2vec width; HIDDEN ReLU units over it (64/128/256 tried, 128 best on development).
TENSOR_WIDTH = 96
HIDDEN = 128
INIT_SCALE = 0.1
EPOCHS = 8
BATCH = 1024
LEARNING_RATE = 0.2
DENSE_RATE = 0.05
L2 = 1e-6
# Positive tokens are ~3% of the tokens for the commonest technique; weighting them up speeds learning.
POS_WEIGHT = 3.0
# Development articles for threshold choice: crc32(id) % 5 == 1 among the training articles.
DEV_RESIDUE = 1
# A technique ships only when its development span precision reaches this and its F1 this floor;
# below that its spans would be mostly noise for a reader.
MIN_PRECISION = 0.30
MIN_F1 = 0.10
# Weights smaller than this (in absolute value) are dropped from the shipped file; it changes no
# development decision measurably and keeps the file small.
PRUNE = 0.02
THRESHOLDS = [0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
# A technique also needs this many predicted and gold spans on development for its figures to mean anything.
MIN_SUPPORT = 15


def featurize(articles, nlp):  # type: ignore[no-untyped-def]
    """Parse and featurise each article: list of (article, doc, feats, tensor, labels)."""
    out = []
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        feats = token_features(doc)[:, TEMPLATES]
        labels = np.zeros((len(doc), len(TECHNIQUES)), dtype=np.float32)
        starts = np.array([t.idx for t in doc], dtype=np.int64)
        ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
        for s, e, tech in art.spans:
            if tech in TECHNIQUES:
                labels[(starts < e) & (ends > s), TECHNIQUES.index(tech)] = 1.0
        out.append((art, doc, feats, tensor_of(doc, TENSOR_WIDTH), labels))
    return out


def fit(items, seed: int = SEED):  # type: ignore[no-untyped-def]
    """Adagrad training of one sigmoid output per technique over hashed features + a ReLU layer on the tensor."""
    X = np.concatenate([x[2] for x in items])
    T = np.concatenate([x[3] for x in items])
    Y = np.concatenate([x[4] for x in items])
    n, k = Y.shape
    rng = np.random.default_rng(seed)
    W = np.zeros((N_FEATURES, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    V1 = (rng.standard_normal((TENSOR_WIDTH, HIDDEN)) * INIT_SCALE).astype(np.float32)
    b1 = np.zeros(HIDDEN, dtype=np.float32)
    V2 = np.zeros((HIDDEN, k), dtype=np.float32)
    params = [W, b, V1, b1, V2]
    sq = [np.full_like(p, 1e-8) for p in params]
    for _epoch in range(EPOCHS):
        order = rng.permutation(n)
        for i in range(0, n, BATCH):
            idx = order[i : i + BATCH]
            xb, tb, yb = X[idx], T[idx], Y[idx]
            h = np.maximum(0.0, tb @ V1 + b1)
            z = W[xb].sum(axis=1) + h @ V2 + b
            err = (1.0 / (1.0 + np.exp(-z)) - yb) * np.where(yb > 0, POS_WEIGHT, 1.0)
            err = err.astype(np.float32)
            rows, inv = np.unique(xb.ravel(), return_inverse=True)
            gw = np.zeros((len(rows), k), dtype=np.float32)
            np.add.at(gw, inv, np.repeat(err, xb.shape[1], axis=0))
            gw += L2 * W[rows]
            sq[0][rows] += gw * gw
            W[rows] -= LEARNING_RATE * gw / np.sqrt(sq[0][rows])
            dh = (err @ V2.T) * (h > 0)
            for j, (p, g, rate) in enumerate(
                ((b, err.sum(axis=0), LEARNING_RATE), (V1, tb.T @ dh, DENSE_RATE), (b1, dh.sum(axis=0), DENSE_RATE), (V2, h.T @ err, DENSE_RATE)),
                start=1,
            ):
                sq[j] += g * g
                p -= rate * g / np.sqrt(sq[j])
    return W, b, V1, b1, V2


def probabilities(params, feats, tensor):  # type: ignore[no-untyped-def]
    W, b, V1, b1, V2 = params
    z = W[feats].sum(axis=1) + np.maximum(0.0, tensor @ V1 + b1) @ V2 + b
    return 1.0 / (1.0 + np.exp(-z))


def char_spans(doc, tok_spans):  # type: ignore[no-untyped-def]
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in tok_spans]


def choose_thresholds(params, dev):  # type: ignore[no-untyped-def]
    """For each technique the (hi, lo) pair with the best development span F1 at precision >= MIN_PRECISION."""
    probs = [probabilities(params, x[2], x[3]) for x in dev]
    best: dict[str, tuple[tuple[float, float], Prf]] = {}
    for k, tech in enumerate(TECHNIQUES):
        for hi in THRESHOLDS:
            for lo in [x for x in THRESHOLDS if x <= hi]:
                prf = Prf()
                for x, p in zip(dev, probs, strict=True):
                    art, doc = x[0], x[1]
                    prf.add(char_spans(doc, decode(doc, p[:, k], hi, lo)), [(s, e) for s, e, t in art.spans if t == tech])
                # best F1 among the settings with useful precision (any setting while none has it)
                key = (prf.precision >= MIN_PRECISION, prf.f1)
                if tech not in best or key > (best[tech][1].precision >= MIN_PRECISION, best[tech][1].f1):
                    best[tech] = ((hi, lo), prf)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data" / "ptc")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "newsledger" / "models" / "framing-ptc.npz")
    args = ap.parse_args()
    t0 = time.time()
    nlp = load_model()
    items = featurize(load_ptc(args.ptc, part="train"), nlp)
    print(f"parsed {len(items)} training articles, {sum(len(x[1]) for x in items):,} tokens in {time.time() - t0:.0f}s")
    is_dev = [zlib.crc32(x[0].id.encode()) % 5 == DEV_RESIDUE for x in items]
    fit_items = [x for x, d in zip(items, is_dev, strict=True) if not d]
    dev_items = [x for x, d in zip(items, is_dev, strict=True) if d]
    params = fit(fit_items)
    print(f"fitted on {len(fit_items)} articles in {time.time() - t0:.0f}s; choosing thresholds on {len(dev_items)}")
    best = choose_thresholds(params, dev_items)
    keep = []
    for tech, ((hi, lo), prf) in best.items():
        ok = prf.precision >= MIN_PRECISION and prf.f1 >= MIN_F1 and min(prf.p_den, prf.r_den) >= MIN_SUPPORT
        print(
            f"  {tech:38s} hi={hi:.2f} lo={lo:.2f} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f} "
            f"pred={prf.p_den} gold={prf.r_den} {'keep' if ok else 'drop'}"
        )
        if ok:
            keep.append(tech)
    W, b, V1, b1, V2 = fit(items)
    cols = [TECHNIQUES.index(t) for t in keep]
    Wk = W[:, cols]
    Wk[np.abs(Wk) < PRUNE] = 0.0
    rows = np.flatnonzero(np.abs(Wk).max(axis=1) > 0)
    model = TaggerModel(
        techniques=keep,
        templates=TEMPLATES,
        rows=rows,
        weights=Wk[rows],
        bias=b[cols],
        hidden_w=V1,
        hidden_b=b1,
        out_w=V2[:, cols],
        thresholds={t: best[t][0] for t in keep},
        meta={
            "trained_on": "PTC train articles with crc32(id) % 5 != 0",
            "spacy_model": nlp.meta.get("name", "") + " " + nlp.meta.get("version", ""),
            "articles": len(items),
            "epochs": EPOCHS,
            "seed": SEED,
            "dev": {t: best[t][1].to_dict() for t in keep},
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out))
    Tagger(TaggerModel.from_bytes(args.out.read_bytes()))  # check it loads
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(rows):,} weight rows) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
