"""Grouped cross-validation of the default off-topic recipe: every fold scores passages of donors the fit never saw.

A passage's donor group comes from its note (``kind/source/granularity/language/genre``, evaluate/splice_sets.py):
donor sources the test set replaces by others (CASE snippets, CleanEval pages, the helper-written other-story news,
the helper-written genres, split into GENRE_FOLDS groups by genre) are held out whole; AllSides and wire donors, which
the test set draws from the same sources (other articles), fall into NEWS_FOLDS folds by host. A fold trains on the
article pairs (spliced, unspliced copy) of the other folds that hold no passage of its group, and counts only its
group's passages; one threshold and protect margin are placed over all folds' out-of-fold scores under the shipped
budgets (the held-out articles and their copies, and the real-news calibration list), as the shipped model's are on
the calibration set.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from common.offtopic_margin import MARGINS
from newsledger.evaluate.splice_sets import NEWS_GENRES
from newsledger.stages.clean.offtopic import model_features

VOICE = ("en_stop_share", "en_stop_gap", "ascii_gap", "second_person_gap", "first_person_gap", "imperative_gap",
         "past_gap", "present_gap", "propn_gap", "digit_gap")
# Features that describe the passage's own kind of text rather than its fit with its article.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "style": tuple(f for f in model_features() if f.startswith("style_")),
    "voice": VOICE,
    "size": ("log_length_vs_median", "log_terms", "idf_mean"),
    "position": ("position",),
    "vectors": tuple(f for f in model_features() if f.startswith("wv_")),
    "counts": tuple(f for f in model_features() if f.startswith("log_count:")),
    "context": tuple(f for f in model_features() if f.startswith("ctx_")),  # offtopic_context.py (round fifteen)
}


def columns(drop: Sequence[str]) -> np.ndarray:
    """Indices of the features kept after dropping groups or single features."""
    gone = {f for d in drop for f in FEATURE_GROUPS.get(d, (d,))}
    names = model_features()
    unknown = gone - set(names)
    if unknown:
        raise SystemExit(f"unknown features: {sorted(unknown)}")
    return np.array([k for k, f in enumerate(names) if f not in gone])


def dropped(drop: Sequence[str]) -> list[str]:
    """The feature names that dropping these groups or names leaves out."""
    keep = set(columns(drop).tolist())
    return [f for k, f in enumerate(model_features()) if k not in keep]


NEWS_FOLDS = 2
GENRE_FOLDS = 2
NEWS_SOURCES = ("allsides", "wire")


def donor_group(note: str) -> str:
    """The fold group of a passage note: a news source's half is decided by host, other sources are their own group."""
    parts = note.split("/")
    source, genre = parts[1], parts[-1]
    if source in NEWS_SOURCES:
        return "news"
    if source == "helper":
        return "helper news" if genre in NEWS_GENRES else f"helper genre {_crc(genre) % GENRE_FOLDS}"
    return source


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@dataclass
class Pair:
    """An article pair (spliced, unspliced copy), its fold and the donor groups of its passages."""

    arts: tuple[dict[str, Any], dict[str, Any]]
    fold: str
    groups: frozenset[str]


def pairs_of(arts: list[dict[str, Any]], key: str) -> list[Pair]:
    """Pairs with their fold: the group of the first passage (news: its host half), or a fold by host for none."""
    out = []
    for k in range(0, len(arts), 2):
        a = arts[k]
        host = f"{key}:{k}"
        groups = [donor_group(n) for _, _, n in a["passages"]]
        first = groups[0] if groups else ""
        fold = f"news {_crc(host) % NEWS_FOLDS}" if first in ("news", "") else first
        out.append(Pair((a, arts[k + 1]), fold, frozenset(groups)))
    return out


def _spread_empty(pairs: list[Pair], folds: list[str]) -> None:
    """Pairs without a passage go to the folds in turn (they weigh only in the wrongly removed share)."""
    k = 0
    for p in pairs:
        if not p.groups:
            p.fold = folds[k % len(folds)]
            k += 1


@dataclass
class Blocks:
    """Flat arrays over the judged rows of some articles, for fast counting at many thresholds."""

    scores: np.ndarray
    protected: np.ndarray
    wrong: np.ndarray  # characters of the block that are the article's own
    passage: np.ndarray  # index of the counted passage the block lies in, or -1
    overlap: np.ndarray
    lengths: np.ndarray  # of the counted passages
    chars: int

    def counts(self, threshold: float, margin: float) -> tuple[int, int, float]:
        """(passages found, passages, wrongly removed characters) at a threshold and margin."""
        removed = self.scores >= threshold + margin * self.protected
        hit = removed & (self.passage >= 0)
        got = np.bincount(self.passage[hit], weights=self.overlap[hit], minlength=len(self.lengths))
        found = int((got >= 0.5 * self.lengths).sum()) if len(self.lengths) else 0
        return found, len(self.lengths), float(self.wrong[removed].sum())


def blocks(arts: Sequence[dict[str, Any]], scores: Sequence[np.ndarray], counted: Callable[[str], bool]) -> Blocks:
    """The judged blocks of the articles with their scores; passages whose note ``counted`` rejects are not counted
    (and their characters are not wrongly removed either)."""
    sc, pr, wr, pid, ov, lengths = [], [], [], [], [], []
    chars = 0
    for a, s in zip(arts, scores, strict=True):
        chars += a["chars"]
        ids = []
        for ps, pe, note in a["passages"]:
            ids.append(len(lengths) if counted(note) else -1)
            if counted(note):
                lengths.append(pe - ps)
        for (bs, be), v, p, j in zip(a["spans"], s, a["protected"], a["judged"], strict=True):
            if not j:
                continue
            cover = [max(0, min(pe, be) - max(ps, bs)) for ps, pe, _ in a["passages"]]
            best = int(np.argmax(cover)) if cover else -1
            sc.append(v)
            pr.append(float(p))
            wr.append((be - bs) - sum(cover))
            pid.append(ids[best] if best >= 0 and cover[best] > 0 else -1)
            ov.append(cover[best] if best >= 0 else 0)
    return Blocks(np.array(sc, dtype=float), np.array(pr, dtype=float), np.array(wr, dtype=float), np.array(pid, dtype=int),
                  np.array(ov, dtype=float), np.array(lengths, dtype=float), chars)


def _total(parts: Sequence[Blocks], threshold: float, margin: float) -> tuple[int, int, float]:
    """Passages found, passages and wrongly removed share over several folds' blocks."""
    got = [b.counts(threshold, margin) for b in parts]
    return sum(g[0] for g in got), sum(g[1] for g in got), sum(g[2] for g in got) / max(1, sum(b.chars for b in parts))


def place(spliced: Sequence[Blocks], copies: Sequence[Blocks], real: Sequence[Blocks], budget: float,
          real_budget: float) -> dict[str, Any]:
    """One threshold and margin for all folds' out-of-fold scores: the highest pooled recall whose pooled wrongly
    removed shares keep the budgets (held-out articles, their copies; the real-news list as each fold's model scores it)."""
    grid = np.quantile(np.concatenate([b.scores for b in (*spliced, *copies)]), np.linspace(0.7, 1.0, 301))
    best: dict[str, Any] = {"threshold": float(grid[-1]) + 1.0, "margin": 0.0, "found": 0}
    for margin in MARGINS:
        for th in grid:  # ascending: the first threshold within the budgets finds the most at this margin
            f, _, w = _total(spliced, float(th), margin)
            if f <= best["found"]:
                break
            if w <= budget and _total(copies, float(th), margin)[2] <= budget and _total(real, float(th), margin)[2] <= real_budget:
                best = {"threshold": round(float(th), 4), "margin": margin, "found": f, "wrong": round(w, 4),
                        "real": round(_total(real, float(th), margin)[2], 4)}
                break
    best["per_fold"] = {}
    return best


Fit = Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]


def _stack(arts: Sequence[dict[str, Any]], cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows = [r for a in arts for r in a["rows"]]
    x = np.array(rows, dtype=float).reshape(len(rows), -1)
    return x[:, cols], np.array([v for a in arts for v in a["y"]])


def _scores(arts: Sequence[dict[str, Any]], predict: Callable[[np.ndarray], np.ndarray], cols: np.ndarray) -> list[np.ndarray]:
    x, _ = _stack(arts, cols)
    flat = predict(x) if len(x) else np.empty(0)
    out, k = [], 0
    for a in arts:
        out.append(flat[k:k + len(a["rows"])])
        k += len(a["rows"])
    return out


def grouped_cv(pairs: list[Pair], extra: list[dict[str, Any]], real: list[dict[str, Any]], fit: Fit, cols: np.ndarray,
               budget: float = 0.007, real_budget: float = 0.003) -> dict[str, Any]:
    """Per fold: fit on the other folds' pairs without its donor group (and ``extra``, unspliced real news), score its
    pairs and the real-news calibration articles; one threshold and margin over all folds (place); pooled and
    per-fold recall."""
    folds = sorted({p.fold for p in pairs if p.groups})
    _spread_empty(pairs, folds)
    parts: dict[str, tuple[Blocks, Blocks, Blocks]] = {}
    for g in folds:
        group = g if not g.startswith("news") else "news"
        train = [a for p in pairs if p.fold != g and (group == "news" or group not in p.groups) for a in p.arts] + extra
        held = [p for p in pairs if p.fold == g]
        predict = fit(*_stack(train, cols))
        spl = [p.arts[0] for p in held]
        cop = [p.arts[1] for p in held]

        def mine(note: str, group: str = group) -> bool:
            return donor_group(note) == group

        parts[g] = (blocks(spl, _scores(spl, predict, cols), mine), blocks(cop, _scores(cop, predict, cols), mine),
                    blocks(real, _scores(real, predict, cols), mine))
    best = place(*[[p[k] for p in parts.values()] for k in range(3)], budget, real_budget)
    passages = sum(len(p[0].lengths) for p in parts.values())
    best["recall"] = round(best["found"] / max(1, passages), 4)
    best["passages"] = passages
    for g, (spl_b, _, _) in parts.items():
        f, t, _ = spl_b.counts(best["threshold"], best["margin"])
        best["per_fold"][g] = f"{f}/{t}"
    return best
