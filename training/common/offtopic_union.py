"""Threshold pair for the union of two off-topic models (training/offtopic.py --context K --union)."""

from __future__ import annotations

from typing import Any

import numpy as np

from common.offtopic_fit import evaluate, mlp, per_article, stack

# Candidate thresholds of each model: quantiles of its calibration scores over the top 5 % (101 each); the
# single-model calibration (offtopic_fit.calibrate) scans the top 20 % of one score the same way.
TOP_SHARE = 0.05
STEPS = 101


def calibrate_union(plain: list[dict[str, Any]], widened: list[dict[str, Any]], plain_models: list[Any],
                    context_models: list[Any], max_wrong: float) -> dict[str, Any]:
    """The two thresholds at which "either model scores over its own threshold" finds the most passages of the
    calibration sets while removing at most ``max_wrong`` of their article characters, spliced and unspliced
    (``plain`` and ``widened``: the same articles' rows as each model reads them)."""
    flat_plain = np.mean([mlp(m, stack(plain)[0]) for m in plain_models], axis=0)
    flat_context = np.mean([mlp(m, stack(widened)[0]) for m in context_models], axis=0)
    by_plain, by_context = per_article(plain, flat_plain), per_article(widened, flat_context)
    spliced = [k for k, a in enumerate(plain) if not a["clean"]]
    clean = [k for k, a in enumerate(plain) if a["clean"]]
    grid = np.linspace(1 - TOP_SHARE, 1.0, STEPS)
    best: dict[str, Any] = {"threshold": 0.0, "passage_recall": 0.0, "plain_threshold": float(flat_plain.max()),
                            "context_threshold": float(flat_context.max())}
    for tp in np.quantile(flat_plain, grid):
        for tc in np.quantile(flat_context, grid):
            margin = [np.maximum(p - tp, c - tc) for p, c in zip(by_plain, by_context, strict=True)]
            recall, wrong = evaluate([plain[k] for k in spliced], [margin[k] for k in spliced], 0.0)
            _, wrong_clean = evaluate([plain[k] for k in clean], [margin[k] for k in clean], 0.0)
            if max(wrong, wrong_clean) <= max_wrong and recall > best["passage_recall"]:
                best = {"threshold": 0.0, "plain_threshold": float(tp), "context_threshold": float(tc),
                        "passage_recall": round(recall, 4), "wrongly_removed_share": round(wrong, 4),
                        "removed_share_unspliced": round(wrong_clean, 4), "articles": len(spliced)}
    return best
