"""Grouped cross-validation of the boilerplate line model by template family (training/boilerplate.py --grouped-cv).

Families fall into FOLDS folds by name, articles by position. Fold f's model is fitted on the articles of the other
folds without the lines of fold f's families (their article text stays, as negatives) and scores the blocks of its own
articles: their article text and the lines of fold f's families (lines of other families there are in no fold). The
pooled out-of-fold scores get one threshold at the precision floor, each positive weighing FOLDS (a fold sees one
family in FOLDS, so unweighted precision would be that much harsher than on a set of every family), and the misses are
counted by category and language.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from newsledger.evaluate.splice import SpliceCase
from newsledger.stages.clean.blocks import split_blocks

FOLDS = 5


def family_fold(note: str) -> int:
    """The fold of a boilerplate note (category/language/family) by its family name."""
    return zlib.crc32(note.split("/")[-1].encode("utf-8")) % FOLDS


def block_notes(case: SpliceCase) -> list[str]:
    """Per block of the case's text: the note of the boilerplate line covering half of it, or ''."""
    out = []
    for b in split_blocks(case.text):
        note = ""
        for i in case.inserts:
            if i.kind == "boilerplate" and max(0, min(b.end, i.end) - max(b.start, i.start)) >= 0.5 * (b.end - b.start):
                note = i.note
        out.append(note)
    return out


Article = tuple[list[Any], list[int]]


def _weighted_threshold(scores: np.ndarray, y: np.ndarray, weight: float, floor: float) -> tuple[float, float, float]:
    """(threshold, weighted precision, recall): the lowest threshold whose precision (positives weigh ``weight``) keeps the floor."""
    order = np.argsort(-scores)
    tp = np.cumsum(y[order]) * weight
    fp = np.cumsum(1 - y[order])
    precision = tp / np.maximum(tp + fp, 1e-9)
    ok = np.nonzero(precision >= floor)[0]
    k = int(ok.max()) if len(ok) else 0
    return float(scores[order][k]), float(precision[k]), float(tp[k] / weight / max(1, y.sum()))


def grouped_cv(arts: Sequence[Article], notes: Sequence[list[str]], fixed: list[tuple[list[Any], list[int], list[float]]],
               fit: Callable[[list[tuple[list[Any], list[int], list[float]]]], Any],
               logits: Callable[[Article, Any], np.ndarray], floor: float, apart: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Pooled out-of-fold recall and precision of the line model on unseen families, and the misses by kind; the lines
    of the ``apart`` families (extra training families) are also counted on their own, and the others without them."""
    scores, labels, kinds = [], [], []
    for f in range(FOLDS):
        rows, ys = [], []
        for k, (a, ns) in enumerate(zip(arts, notes, strict=True)):
            if k % FOLDS == f:
                continue
            for r, y, n in zip(a[0], a[1], ns, strict=True):
                if r is not None and not (y and n and family_fold(n) == f):
                    rows.append(r)
                    ys.append(y)
        model = fit([(rows, ys, [1.0] * len(rows)), *fixed])
        for k, (a, ns) in enumerate(zip(arts, notes, strict=True)):
            if k % FOLDS != f:
                continue
            judged = [(y, n) for r, y, n in zip(a[0], a[1], ns, strict=True) if r is not None]
            s = logits(a, model)
            for v, (y, n) in zip(s, judged, strict=True):
                if not y or (n and family_fold(n) == f):
                    scores.append(v)
                    labels.append(y)
                    kinds.append(n)
    sc, y = np.array(scores), np.array(labels)
    threshold, precision, recall = _weighted_threshold(sc, y, FOLDS, floor)
    missed = [k for v, t, k in zip(sc, y, kinds, strict=True) if t and v < threshold]
    out = {"recall": round(recall, 4), "precision_weighted": round(precision, 4), "threshold": round(threshold, 3),
           "lines": int(y.sum()), "negatives": int((1 - y).sum()), **_misses(missed, kinds, y)}
    if apart:
        for name, inside in (("original", False), ("apart", True)):
            keep = [(k.split("/")[-1] in apart) == inside for k in kinds]
            ks = [k for k, ok in zip(kinds, keep, strict=True) if ok]
            ys = y[np.array(keep, dtype=bool)]
            miss = [k for k in missed if (k.split("/")[-1] in apart) == inside]
            out[name] = {"recall": round(1 - len(miss) / max(1, int(ys.sum())), 4), "lines": int(ys.sum()), **_misses(miss, ks, ys)}
    return out


def _misses(missed: list[str], kinds: Sequence[str], y: np.ndarray) -> dict[str, Any]:
    """Missed lines by kind (of the kind's lines) and by language."""
    by_kind = Counter(k.split("/")[0] for k in missed)
    by_language = Counter(k.split("/")[1] for k in missed if k.count("/") >= 2)
    totals = Counter(k.split("/")[0] for k, t in zip(kinds, y, strict=True) if t)
    return {"missed_by_kind": {k: f"{v}/{totals[k]}" for k, v in by_kind.most_common()},
            "missed_by_language": dict(by_language.most_common()),
            "missed_families": dict(Counter(k.split("/")[-1] for k in missed).most_common())}
