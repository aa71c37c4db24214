"""Fit the off-topic model on generated splice sets and write it (model JSON + term document frequencies).

Usage (the shipped model; needs ../shared):
    PYTHONPATH=src python benchmarks/train_offtopic.py --seeds 20 21 22 --n 1000 --hold-out 14 15 --calibrate 16
Articles used as base or donor of the held-out seeds' splice sets (n=300) are left out of training and
calibration; the threshold is placed on the calibration seed's splice set (n=300).
Evaluate afterwards: newsledger eval removal --seed 14 (and --seed 15).
With --accurate it fits the accurate mode's model (offtopic_model_accurate.json: the same features, MiniLM
sentence-embedding features, clean/offtopic_embed.py, and the story scorer's, clean/offtopic_story.py, which
scripts/train_offtopic_story.py fits first); the embeddings and story scores of each seed are cached in --cache.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.clean import offtopic_embed
from newsledger.clean.blocks import split_blocks
from newsledger.clean.boilerplate import find_boilerplate
from newsledger.clean.offtopic import FEATURES, IDF_TABLE, MIN_TERMS, model_features, with_context
from newsledger.clean.offtopic_embed import ArticleVectors, article_vectors, embed_features, story_features
from newsledger.clean.offtopic_features import block_features, block_terms, set_idf, stem
from newsledger.clean.offtopic_style import STYLE_FEATURES, style_features
from newsledger.evaluate.splice import SpliceCase, generate, load_articles, prose_paragraphs

# First step: one hidden layer of tanh units, Adam, L2; sized on seeds 20-21 (32 units and 40 epochs
# generalise as well as larger nets; more epochs overfit).
HIDDEN = 16
# The accurate mode's 92 features: 32 units found 3-4 points more passages than 16 (seeds 20-21, calibration seed 16).
HIDDEN_ACCURATE = 32
EPOCHS = 40
RATE = 3e-3
L2 = 1e-4
BATCH = 256
FOLDS = 4  # out-of-fold scores place the threshold
# --learner gbdt: scikit-learn's HistGradientBoostingClassifier (training only: pip install -e .[train]),
# one per fold like the MLPs, exported to numpy trees (clean/trees.py). Set once, before any held-out run: the
# library's defaults with a smaller rate over more iterations and some L2; not tuned on seeds 14-16.
GBDT = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 31, "l2_regularization": 1.0}
TREES_FILE = "models/offtopic-trees{}.npz"  # inside the package (src/newsledger); "-accurate" for the accurate model
# Terms seen in fewer documents than this are left out of the table (they get the unseen-term weight).
MIN_DF = 2
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# Passages are traced to their donor article by their first characters.
PREFIX = 60


def document_frequencies(path: Path) -> tuple[int, Counter[str]]:
    """Documents and stem document frequencies of a JSONL news corpus (field "text")."""
    df: Counter[str] = Counter()
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            n += 1
            df.update({stem(w) for w in WORD_RE.findall(json.loads(line).get("text") or "") if len(w) > 1})
    return n, df


def write_idf(path: Path, n: int, df: Counter[str], source: str) -> tuple[dict[str, float], float]:
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    lines = [f"# Document frequencies of term stems (first 5 letters, lower case) in {source}, {n} documents;",
             "# written by benchmarks/train_offtopic.py. Weight of a term: log(documents / (1 + df)).",
             f"@documents\t{n}"] + [f"{t}\t{c}" for t, c in kept]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {t: math.log(n / (1 + c)) for t, c in kept}, math.log(n / 2)


def _rows(items: list[Any], title: str, chars: int, offs: list[tuple[int, int, str]], clean: bool) -> dict[str, Any]:
    art: dict[str, Any] = {"chars": chars, "passages": offs, "clean": clean, "rows": [], "y": [], "spans": [],
                           "judged": []}
    if len(items) >= 3:
        lead_end, rows = block_features(items, title)
        art["style"] = style_features([it.block.text for it in items], lead_end)
        for k, row in enumerate(rows):
            b = items[lead_end + k]
            art["rows"].append(row)
            art["spans"].append((b.block.start, b.block.end))
            art["y"].append(float(any(s <= b.block.start and b.block.end <= e for s, e, _ in offs)))
            art["judged"].append(b.size >= MIN_TERMS)
    return art


def article_rows(case: SpliceCase, doc: Any) -> list[dict[str, Any]]:
    """Feature rows of one spliced article (after boilerplate, as the stage sees it) with labels and spans, and
    of the same article without its spliced passage: most real articles have none, and a model that only
    ever saw spliced articles learns to remove each article's least typical paragraph."""
    text = case.text
    blocks = split_blocks(text)
    taken = [(r.start, r.end) for r in find_boilerplate(text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
    rest = [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]
    items = block_terms(doc, rest)
    offs = [(i.start, i.end, i.note) for i in case.inserts if i.kind == "off_topic"]
    chars = len(text) - sum(i.end - i.start for i in case.inserts)
    kept = [it for it in items if not any(s < it.block.end and it.block.start < e for s, e, _ in offs)]
    return [_rows(items, case.title, chars, offs, False), _rows(kept, case.title, chars, [], True)]


def article_index(source: Path) -> dict[str, str]:
    """Opening characters of every prose paragraph -> id of its article (to trace a passage to its donor)."""
    index: dict[str, str] = {}
    for i, rec in enumerate(load_articles(source)):
        for p in prose_paragraphs(rec.get("text") or ""):
            index.setdefault(p[:PREFIX], str(rec.get("ID", i)))
    return index


def _donor(case: SpliceCase, index: dict[str, str]) -> str | None:
    return next((index.get(case.text[i.start:i.start + PREFIX]) for i in case.inserts if i.kind == "off_topic"), None)


def held_out(source: Path, seeds: list[int], n: int, index: dict[str, str]) -> set[str]:
    """Ids of the articles used as base or donor in the held-out seeds' splice sets."""
    ids: set[str] = set()
    for seed in seeds:
        for case in generate(source, n=n, seed=seed):
            ids.add(case.id)
            donor = _donor(case, index)
            if donor:
                ids.add(donor)
    return ids


def collect(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str]) -> list[dict[str, Any]]:
    """Feature rows of one seed's splice set, without cases whose base or donor is a held-out article."""
    from newsledger.pipeline import Pipeline

    pipe = Pipeline(stages=["clean"])
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    with pipe.nlp.select_pipes(enable=pipe.components):
        return [a for c, d in zip(cases, pipe.nlp.pipe(c.text for c in cases), strict=True) for a in article_rows(c, d)]


def _rest_blocks(case: SpliceCase, doc: Any) -> list[Any]:
    text = case.text
    blocks = split_blocks(text)
    taken = [(r.start, r.end) for r in find_boilerplate(text, blocks, [(s.start_char, s.end_char) for s in doc.sents])]
    return [b for b in blocks if not any(s < b.end and b.start < e for s, e in taken)]


def collect_vectors(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                    path: Path) -> list[tuple[ArticleVectors, list[int]]]:
    """MiniLM vectors of the blocks of each case collect() keeps (same order), with the indices of the blocks
    its unspliced copy keeps; cached in ``path`` (float16 matrix + per-case layout)."""
    if path.exists():
        data = np.load(path)
        vecs, layout = data["vecs"].astype(np.float32), json.loads(str(data["layout"]))
    else:
        from newsledger.nlp.minilm import load_minilm
        from newsledger.pipeline import Pipeline

        encoder = load_minilm()
        pipe = Pipeline(stages=["clean"])
        cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
        chunks, layout = [], []
        with pipe.nlp.select_pipes(enable=pipe.components):
            for c, d in zip(cases, pipe.nlp.pipe(c.text for c in cases), strict=True):
                rest = _rest_blocks(c, d)
                av = article_vectors(encoder, d, rest, c.title)
                offs = [(i.start, i.end) for i in c.inserts if i.kind == "off_topic"]
                kept = [k for k, b in enumerate(rest) if not any(s < b.end and b.start < e for s, e in offs)]
                layout.append({"sizes": [len(b) for b in av.blocks], "title": av.title is not None, "kept": kept})
                chunks.extend(av.blocks)
                if av.title is not None:
                    chunks.append(av.title[None, :])
        vecs = np.concatenate(chunks).astype(np.float32)
        np.savez_compressed(path, vecs=vecs.astype(np.float16), layout=json.dumps(layout))
    out, k = [], 0
    for lay in layout:
        blocks = []
        for size in lay["sizes"]:
            blocks.append(vecs[k:k + size])
            k += size
        title = None
        if lay["title"]:
            title = vecs[k]
            k += 1
        out.append((ArticleVectors(title, blocks), lay["kept"]))
    return out


def add_embedding_rows(arts: list[dict[str, Any]], vectors: list[tuple[ArticleVectors, list[int]]]) -> None:
    """Append the embedding features to the rows of each (spliced, unspliced) pair of collect()."""
    if len(arts) != 2 * len(vectors):
        sys.exit("embedding cache does not match the feature rows; delete both caches")
    for k, (av, kept) in enumerate(vectors):
        for art, v in ((arts[2 * k], av), (arts[2 * k + 1], av.subset(kept))):
            if not art["rows"]:
                continue
            lead_end = len(v.blocks) - len(art["rows"])
            art["rows"] = [r + e for r, e in zip(art["rows"], embed_features(v, lead_end), strict=True)]


def collect_story(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                  arts: list[dict[str, Any]], path: Path) -> list[np.ndarray]:
    """The story scorer's log-odds (clean/offtopic_story.py) of the judged blocks of each spliced case of
    collect() (same order; context: the headline and the blocks before the first judged one), cached in ``path``."""
    if path.exists():
        data = np.load(path)
        flat, sizes = data["logits"], data["sizes"]
        return [flat[a:b] for a, b in zip(np.cumsum(sizes) - sizes, np.cumsum(sizes), strict=True)]
    from newsledger.clean.offtopic_story import shipped_story_scorer

    scorer = shipped_story_scorer()
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    if len(arts) != 2 * len(cases):
        sys.exit("story scores: the cases do not match the feature rows; delete the caches")
    out = []
    for c, art in zip(cases, arts[::2], strict=True):
        if not art["spans"]:
            out.append(np.zeros(0))
            continue
        first = art["spans"][0][0]
        lead = "\n\n".join(b.text for b in split_blocks(c.text) if b.end <= first)
        out.append(scorer.logits(c.title, lead, [c.text[s:e] for s, e in art["spans"]]))
    np.savez_compressed(path, logits=np.concatenate(out) if out else np.zeros(0), sizes=np.array([len(o) for o in out]))
    return out


def add_story_rows(arts: list[dict[str, Any]], logits: list[np.ndarray]) -> None:
    """Append the story features to the rows of each (spliced, unspliced) pair of collect(): the unspliced copy
    keeps the log-odds of its blocks, z-scored among them."""
    for k, lg in enumerate(logits):
        by_span = dict(zip(map(tuple, arts[2 * k]["spans"]), lg, strict=True))
        for art in (arts[2 * k], arts[2 * k + 1]):
            vals = np.array([by_span[tuple(sp)] for sp in art["spans"]])
            art["rows"] = [r + f for r, f in zip(art["rows"], story_features(vals), strict=True)]


def _link_sequence(case: SpliceCase, spans: list[tuple[int, int]], clean: bool) -> list[tuple[int, int]]:
    """The row blocks of one article (spliced, or its unspliced copy) with the block before the first of them
    (the lead's last block: inserted boilerplate, and for the copy the splice, left out as the stage does)."""
    if not spans:
        return []
    drop = [(i.start, i.end) for i in case.inserts if i.kind == "boilerplate" or (clean and i.kind == "off_topic")]
    before = [(b.start, b.end) for b in split_blocks(case.text)
              if b.end <= spans[0][0] and not any(s < b.end and b.start < e for s, e in drop)]
    return before[-1:] + [tuple(sp) for sp in spans]  # type: ignore[misc]


def collect_link(source: Path, n: int, seed: int, ids: set[str], index: dict[str, str],
                 arts: list[dict[str, Any]], path: Path) -> list[dict[tuple[tuple[int, int], tuple[int, int]], float]]:
    """The link scorer's log-odds (clean/offtopic_story.py LINK_RESOURCE) of the block pairs that the link features
    of each spliced case of collect() and of its unspliced copy need, keyed by the two blocks' spans; cached."""
    if path.exists():
        data = np.load(path)
        quads, flat, sizes = data["pairs"], data["logits"], data["sizes"]
        out, k = [], 0
        for size in sizes:
            out.append({((int(q[0]), int(q[1])), (int(q[2]), int(q[3]))): float(v)
                        for q, v in zip(quads[k:k + size], flat[k:k + size], strict=True)})
            k += size
        return out
    from newsledger.clean.offtopic_story import shipped_link_scorer

    scorer = shipped_link_scorer()
    cases = [c for c in generate(source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
    if len(arts) != 2 * len(cases):
        sys.exit("link scores: the cases do not match the feature rows; delete the caches")
    out = []
    for c, spliced, copy in zip(cases, arts[::2], arts[1::2], strict=True):
        wanted: set[tuple[tuple[int, int], tuple[int, int]]] = set()
        for art in (spliced, copy):
            seq = _link_sequence(c, art["spans"], art["clean"])
            wanted |= {(seq[i], seq[j]) for i, j in offtopic_embed.link_pairs(1, len(seq))}
        order = sorted(wanted)
        spans = sorted({sp for pair in order for sp in pair})
        where = {sp: k for k, sp in enumerate(spans)}
        logits = scorer.pair_logits([c.text[a:b] for a, b in spans], [(where[x], where[y]) for x, y in order])
        out.append(dict(zip(order, map(float, logits), strict=True)))
    quads = [[*x, *y] for d in out for x, y in d]
    np.savez_compressed(path, pairs=np.array(quads, dtype=np.int64).reshape(-1, 4),
                        logits=np.array([v for d in out for v in d.values()]), sizes=np.array([len(d) for d in out]))
    return out


def add_link_rows(arts: list[dict[str, Any]], cases: list[SpliceCase],
                  links: list[dict[tuple[tuple[int, int], tuple[int, int]], float]]) -> None:
    """Append the link features to the rows of each (spliced, unspliced) pair of collect()."""
    for k, (case, logits) in enumerate(zip(cases, links, strict=True)):
        for art in (arts[2 * k], arts[2 * k + 1]):
            seq = _link_sequence(case, art["spans"], art["clean"])
            pairs = offtopic_embed.link_pairs(1, len(seq))
            values = {(i, j): logits[(seq[i], seq[j])] for i, j in pairs}
            art["rows"] = [r + f for r, f in zip(art["rows"], offtopic_embed.link_features(1, len(seq), values), strict=True)]


def fit_mlp(x: np.ndarray, y: np.ndarray, seed: int = 0, hidden: int = HIDDEN) -> dict[str, Any]:
    """Class-balanced one-hidden-layer MLP on standardised features (Adam); a missing value (NaN: --context past
    the article's ends) counts as the feature's mean."""
    rng = np.random.default_rng(seed)
    mean, scale = np.nanmean(x, 0), np.nanstd(x, 0) + 1e-9
    z = np.nan_to_num((x - mean) / scale)
    d = z.shape[1]
    params = [rng.normal(0, 1 / math.sqrt(d), (d, hidden)), np.zeros(hidden),
              rng.normal(0, 1 / math.sqrt(hidden), hidden), np.zeros(1)]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    pos_weight = (1 - y.mean()) / y.mean()
    t = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(z))
        for k in range(0, len(z), BATCH):
            idx = order[k:k + BATCH]
            xb, yb = z[idx], y[idx]
            h = np.tanh(xb @ params[0] + params[1])
            p = 1 / (1 + np.exp(-(h @ params[2] + params[3][0])))
            g = (p - yb) * np.where(yb == 1, pos_weight, 1.0) / len(idx)
            gh = np.outer(g, params[2]) * (1 - h ** 2)
            grads = [xb.T @ gh + L2 * params[0], gh.sum(0), h.T @ g + L2 * params[2], np.array([g.sum()])]
            t += 1
            for i, gr in enumerate(grads):
                m1[i] = 0.9 * m1[i] + 0.1 * gr
                m2[i] = 0.999 * m2[i] + 0.001 * gr ** 2
                params[i] -= RATE * (m1[i] / (1 - 0.9 ** t)) / (np.sqrt(m2[i] / (1 - 0.999 ** t)) + 1e-8)
    return {"mean": mean, "scale": scale, "W1": params[0], "b1": params[1], "W2": params[2], "b2": float(params[3][0])}


def mlp(m: Any, x: np.ndarray) -> np.ndarray:
    """Log-odds of one fitted model (an MLP dict or a scikit-learn classifier) for the rows of ``x``; {"both":
    (MLPs, classifiers)}: the mean of the MLPs' mean and the classifiers' mean (as clean/offtopic.py scores)."""
    if isinstance(m, dict) and "both" in m:
        return np.asarray(np.mean([np.mean([mlp(k, x) for k in group], axis=0) for group in m["both"]], axis=0))
    if not isinstance(m, dict):
        return np.asarray(m.decision_function(x))
    return np.asarray(np.tanh(np.nan_to_num((x - m["mean"]) / m["scale"]) @ m["W1"] + m["b1"]) @ m["W2"] + m["b2"])


def fit_gbdt(x: np.ndarray, y: np.ndarray, seed: int = 0, hidden: int = 0) -> Any:
    """Gradient-boosted trees (GBDT settings); ``hidden`` is unused (fit_mlp's signature)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed, **GBDT).fit(x, y)


def stack(arts: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    rows = [r for a in arts for r in a["rows"]]
    width = len(rows[0]) if rows else len(FEATURES)
    return np.array(rows, dtype=float).reshape(len(rows), width), np.array([v for a in arts for v in a["y"]])


def per_article(arts: list[dict[str, Any]], flat: np.ndarray) -> list[np.ndarray]:
    out, k = [], 0
    for a in arts:
        out.append(flat[k:k + len(a["rows"])])
        k += len(a["rows"])
    return out


def evaluate(arts: list[dict[str, Any]], scores: list[np.ndarray], threshold: float) -> tuple[float, float]:
    """(passage recall, share of article characters wrongly removed) at a threshold, as the evaluation counts."""
    found = total = wrong = chars = 0
    for a, sc in zip(arts, scores, strict=True):
        chars += a["chars"]
        removed = [sp for sp, s, j in zip(a["spans"], sc, a["judged"], strict=True) if s >= threshold and j]
        for s, e, _ in a["passages"]:
            total += 1
            found += sum(max(0, min(e, re_) - max(s, rs)) for rs, re_ in removed) >= 0.5 * (e - s)
        for rs, re_ in removed:
            wrong += (re_ - rs) - sum(max(0, min(e, re_) - max(s, rs)) for s, e, _ in a["passages"])
    return found / max(1, total), wrong / max(1, chars)


def fit_all(arts: list[dict[str, Any]], max_wrong: float, hidden: int = HIDDEN, gbdt: bool = False) -> dict[str, Any]:
    """One MLP (or GBDT) per fold (the shipped ensemble averages them), and the threshold at which the out-of-fold
    scores keep the removed article characters within ``max_wrong`` on the spliced articles and on their unspliced copies."""
    nets = []
    oof: list[np.ndarray] = [np.empty(0)] * len(arts)
    for f in range(FOLDS):
        # arts come in pairs (spliced, unspliced copy of one article): a pair stays in one fold
        train = [a for i, a in enumerate(arts) if i // 2 % FOLDS != f]
        held = [i for i in range(len(arts)) if i // 2 % FOLDS == f]
        m = (fit_gbdt if gbdt else fit_mlp)(*stack(train), seed=f, hidden=hidden)
        nets.append(m)
        xs, _ = stack([arts[i] for i in held])
        for i, s in zip(held, per_article([arts[i] for i in held], mlp(m, xs)), strict=True):
            oof[i] = s
    scores = oof
    spliced = [k for k, a in enumerate(arts) if not a["clean"]]
    clean = [k for k, a in enumerate(arts) if a["clean"]]
    best = (0.0, 0.0, float("inf"), 0.0)
    for th in np.quantile(np.concatenate([s for s in scores if len(s)]), np.linspace(0.8, 1.0, 801)):
        recall, wrong = evaluate([arts[k] for k in spliced], [scores[k] for k in spliced], float(th))
        _, wrong_clean = evaluate([arts[k] for k in clean], [scores[k] for k in clean], float(th))
        if max(wrong, wrong_clean) <= max_wrong and recall > best[0]:
            best = (recall, wrong, float(th), wrong_clean)
    return {"mlps": nets, "recall": best[0], "wrong": best[1], "threshold": best[2],
            "wrong_clean": best[3]}


def calibrate(arts: list[dict[str, Any]], nets: list[Any], max_wrong: float) -> dict[str, Any]:
    """The ensemble's threshold that keeps removed article characters within ``max_wrong`` on the calibration
    sets, spliced and unspliced, with the passage recall and removed shares there."""
    x, _ = stack(arts)
    flat = np.mean([mlp(m, x) for m in nets], axis=0)
    scores = per_article(arts, flat)
    spliced = [k for k, a in enumerate(arts) if not a["clean"]]
    clean = [k for k, a in enumerate(arts) if a["clean"]]
    best: dict[str, Any] = {"threshold": float(flat.max()), "passage_recall": 0.0}
    for th in np.quantile(flat, np.linspace(0.8, 1.0, 801)):
        recall, wrong = evaluate([arts[k] for k in spliced], [scores[k] for k in spliced], float(th))
        _, wrong_clean = evaluate([arts[k] for k in clean], [scores[k] for k in clean], float(th))
        if max(wrong, wrong_clean) <= max_wrong and recall > best["passage_recall"]:
            best = {"threshold": float(th), "passage_recall": round(recall, 4), "wrongly_removed_share": round(wrong, 4),
                    "removed_share_unspliced": round(wrong_clean, 4), "articles": len(spliced)}
    return best


def _r(v: Any) -> Any:
    return np.round(np.asarray(v, dtype=float), 6).tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=Path("../shared/data/news/allsides-articles.jsonl"))
    ap.add_argument("--idf-source", type=Path, default=Path("../shared/data/news/te3_silver_afp_xin.jsonl"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[20, 21, 22])
    ap.add_argument("--hold-out", type=int, nargs="*", default=[14, 15], help="seeds (n=300) kept out of training")
    ap.add_argument("--max-wrong", type=float, default=0.01, help="share of article characters that may be removed (out-of-fold training scores)")
    ap.add_argument("--calibrate", type=int, nargs="*", default=[16],
                    help="seeds (n=300, held-out articles left out) whose splice sets place the threshold of the fitted "
                         "ensemble (out-of-fold scores of single nets are more spread than the ensemble's)")
    ap.add_argument("--calibrate-wrong", type=float, default=0.008,
                    help="share of article characters the threshold may remove on the calibration sets (spliced and unspliced)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="feature rows per seed are cached here")
    ap.add_argument("--accurate", action="store_true", help="fit the accurate mode's model (MiniLM features)")
    ap.add_argument("--learner", choices=["mlp", "gbdt", "both"], default="mlp",
                    help="gbdt: gradient-boosted trees (written to src/newsledger/" + TREES_FILE.format("[-accurate]") + "); "
                         "both: the mean log-odds of the MLPs and the trees")
    ap.add_argument("--context", type=int, default=0, metavar="K",
                    help="widen each row with the rows of the K judged blocks before and after it (offtopic.with_context; "
                         "the neighbours missing past the ends are NaN: the trees route them, the MLPs read the feature's mean)")
    ap.add_argument("--union", action="store_true",
                    help="also fit the plain model (rows without the style columns, no context) and remove a block when "
                         "either model scores over its own threshold (both placed together on the calibration seeds)")
    ap.add_argument("--out", type=Path, default=None,
                    help="model file (default nlp/lexicons/offtopic_model.json, or offtopic_model_accurate.json)")
    args = ap.parse_args()
    lexicons = Path("src/newsledger/nlp/lexicons")
    args.out = args.out or lexicons / ("offtopic_model_accurate.json" if args.accurate else "offtopic_model.json")
    if args.union and not (args.learner != "both" and args.calibrate):
        sys.exit("--union needs --learner mlp or gbdt and a calibration seed")
    if set(args.seeds) & set(args.hold_out):
        sys.exit("a training seed is also held out")
    n_docs, df = document_frequencies(args.idf_source)
    set_idf(*write_idf(args.out.parent / Path(IDF_TABLE).name, n_docs, df, args.idf_source.name))
    index = article_index(args.source)
    ids = held_out(args.source, args.hold_out, 300, index)
    def rows(seed: int, n: int) -> list[dict[str, Any]]:
        tag = f"{n}-{seed}-{'-'.join(map(str, args.hold_out))}"
        cache = args.cache / f"offtopic-rows-{len(FEATURES)}-s{len(STYLE_FEATURES)}-{tag}.json"
        if cache.exists():
            part = list(json.loads(cache.read_text()))
        else:
            t0 = time.time()
            part = collect(args.source, n, seed, ids, index)
            cache.write_text(json.dumps(part))
            print(f"seed {seed}: {len(part)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
        if args.accurate:
            t0 = time.time()
            vectors = collect_vectors(args.source, n, seed, ids, index, args.cache / f"offtopic-minilm-{tag}.npz")
            print(f"seed {seed}: vectors of {len(vectors)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
            add_embedding_rows(part, vectors)
            t0 = time.time()
            story_file = Path("src/newsledger/models/offtopic-story.npz")
            version = zlib.crc32(story_file.read_bytes()) if story_file.exists() else 0  # a refit scorer needs new scores
            logits = collect_story(args.source, n, seed, ids, index, part, args.cache / f"offtopic-story-{tag}-{version}.npz")
            print(f"seed {seed}: story scores of {len(logits)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
            add_story_rows(part, logits)
            t0 = time.time()
            link_file = Path("src/newsledger/models/offtopic-link.npz")
            version = zlib.crc32(link_file.read_bytes()) if link_file.exists() else 0
            links = collect_link(args.source, n, seed, ids, index, part, args.cache / f"offtopic-link-{tag}-{version}.npz")
            cases = [c for c in generate(args.source, n=n, seed=seed) if c.id not in ids and _donor(c, index) not in ids]
            add_link_rows(part, cases, links)
            print(f"seed {seed}: link scores of {len(links)} articles in {time.time() - t0:.0f}s", file=sys.stderr)
        for a in part:  # house style (offtopic_style.py) comes last in either model's rows
            a["rows"] = [r + h for r, h in zip(a["rows"], a.pop("style", []), strict=True)]
        return part

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
    if args.union:
        plain_fit = fit_all(unstyled(plain, columns), args.max_wrong, hidden, gbdt)
        print(f"out of fold: plain {plain_fit['recall']:.4f}, context {fitted['recall']:.4f}", file=sys.stderr)
    calibration = {}
    if args.calibrate:
        cal_plain = [a for seed in args.calibrate for a in rows(seed, 300)]
        if args.union:
            from offtopic_union import calibrate_union

            calibration = calibrate_union(unstyled(cal_plain, columns), widened(cal_plain), plain_fit["mlps"], fitted["mlps"],
                                          args.calibrate_wrong)
        else:
            calibration = calibrate(widened(cal_plain), nets or fitted["mlps"], args.calibrate_wrong)
        fitted["threshold"] = calibration["threshold"]
    x, y = stack(arts)
    mode = (" The accurate mode's model: FEATURES, EMBED_FEATURES (MiniLM), STORY_FEATURES (story scorer), LINK_FEATURES (link scorer)."
            if args.accurate else "")
    out = {
        "about": "Off-topic paragraph model of newsledger.clean.offtopic: the mean log-odds of MLPs (one tanh layer "
                 "each, one per training fold) over FEATURES (standardised with each net's mean/scale). "
                 "Refit with benchmarks/train_offtopic.py." + mode,
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
        return [{"mean": _r(m["mean"]), "scale": _r(m["scale"]), "W1": _r(m["W1"]), "b1": _r(m["b1"]),
                 "W2": _r(m["W2"]), "b2": round(m["b2"], 6)} for m in models]

    mode_tag = "-accurate" if args.accurate else ""
    if gbdt:
        from newsledger.clean.trees import from_sklearn

        tree_models = trees["mlps"] if args.learner == "both" else fitted["mlps"]
        both = ("the mean of two log-odds: the MLPs' (as above) and " if args.learner == "both" else "")
        out["about"] = ("Off-topic paragraph model of newsledger.clean.offtopic: " + both + "the mean log-odds of "
                        "gradient-boosted tree ensembles (one per training fold, scikit-learn HistGradientBoostingClassifier "
                        + json.dumps(GBDT) + ") over FEATURES, exported to numpy trees in the file named by 'trees'. Refit "
                        "with benchmarks/train_offtopic.py --learner " + args.learner + "." + mode)
        trees_file = TREES_FILE.format(mode_tag + ("-context" if args.union else ""))
        (Path("src/newsledger") / trees_file).write_bytes(from_sklearn(tree_models, {"features": len(x[0])}).to_bytes())
        out["trees"] = trees_file
    if not gbdt or args.learner == "both":
        out["mlps"] = mlp_list(fitted["mlps"])
    if args.union:  # members: the plain model (without the style columns) and the main one, each with its threshold
        main = {k: out.pop(k) for k in ("trees", "mlps", "context") if k in out}
        plain_member: dict[str, Any] = {"columns": columns}
        if gbdt:
            plain_file = TREES_FILE.format(mode_tag)
            (Path("src/newsledger") / plain_file).write_bytes(
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
