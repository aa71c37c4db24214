"""Place the off-topic threshold and the protected blocks' margin together, under false-removal budgets."""

from __future__ import annotations

from typing import Any

import numpy as np

from common.offtopic_fit import mlp, per_article, stack

# Margins (log-odds) tried for protected blocks (a quote, an actor of the story, a continuation).
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)


def removal_counts(arts: list[dict[str, Any]], scores: list[np.ndarray], threshold: float,
                   margin: float) -> tuple[int, int, int, int]:
    """(passages found, passages, wrongly removed characters, article characters) at a threshold and margin."""
    found = total = wrong = chars = 0
    for a, sc in zip(arts, scores, strict=True):
        chars += a["chars"]
        need = threshold + margin * np.asarray(a["protected"], dtype=float)
        removed = [sp for sp, s, n, j in zip(a["spans"], sc, need, a["judged"], strict=True) if s >= n and j]
        for s, e, _ in a["passages"]:
            total += 1
            found += sum(max(0, min(e, re_) - max(s, rs)) for rs, re_ in removed) >= 0.5 * (e - s)
        for rs, re_ in removed:
            wrong += (re_ - rs) - sum(max(0, min(e, re_) - max(s, rs)) for s, e, _ in a["passages"])
    return found, total, wrong, chars


def ensemble_scores(arts: list[dict[str, Any]], nets: list[Any]) -> list[np.ndarray]:
    """The mean log-odds of the fitted nets for each article's rows."""
    if not any(a["rows"] for a in arts):
        return [np.empty(0) for _ in arts]
    x, _ = stack(arts)
    return per_article(arts, np.mean([mlp(m, x) for m in nets], axis=0))


def calibrate_margin(spliced: list[dict[str, Any]], real: list[dict[str, Any]], nets: list[Any], budget: float,
                     real_budget: float) -> dict[str, Any]:
    """Threshold and margin with the highest passage recall on the calibration splice set whose wrongly removed share
    stays within ``budget`` there (spliced articles and their unspliced copies) and within ``real_budget`` on the
    unspliced real news."""
    s_scores, r_scores = ensemble_scores(spliced, nets), ensemble_scores(real, nets)
    flat = np.concatenate([s for s in s_scores if len(s)])
    spl = [k for k, a in enumerate(spliced) if not a["clean"]]
    cop = [k for k, a in enumerate(spliced) if a["clean"]]
    best: dict[str, Any] = {"threshold": float(flat.max()) + 1.0, "protect_margin": 0.0, "passage_recall": 0.0}
    for margin in MARGINS:
        for th in np.quantile(flat, np.linspace(0.7, 1.0, 301)):
            f, t, w, c = removal_counts([spliced[k] for k in spl], [s_scores[k] for k in spl], float(th), margin)
            recall = f / max(1, t)
            if recall <= best["passage_recall"]:
                continue
            _, _, wc, cc = removal_counts([spliced[k] for k in cop], [s_scores[k] for k in cop], float(th), margin)
            _, _, wr, cr = removal_counts(real, r_scores, float(th), margin)
            if w / max(1, c) <= budget and wc / max(1, cc) <= budget and wr / max(1, cr) <= real_budget:
                best = {"threshold": round(float(th), 4), "protect_margin": margin, "passage_recall": round(recall, 4),
                        "wrongly_removed_share": round(w / max(1, c), 4), "removed_share_unspliced": round(wc / max(1, cc), 4),
                        "removed_share_real_news": round(wr / max(1, cr), 4), "passages": t}
    return best
