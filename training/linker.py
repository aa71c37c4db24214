"""Fit the learned linking pass of the ledger (ledger/linker.py) on ECB+ pairs of reports.

Writes src/newsledger/ledger/models/linker.json:

    python training/linker.py --ecb ../shared/data/ecbplus --split dev [--roles system|nearest] [--cache DIR]
        [--l2 1.0] [--min-precision 0.92] [--raise-to 0.2]

Pairs: every two factual, specific event records (``EventFeatures.clusterable``) of two different articles of one
story (``context.DocIndex.same_story``, the pass's own blocking), featured by ``linker.pair_features`` on a ledger
built from the gold mentions (``evaluate.ecb.load_split``; ``--roles system``, the default, gives them the roles
of the pipeline's overlapping events, ``--roles nearest`` the old nearest-name heuristic that fitted the shipped
weights) and linked by the three rule passes. Gold: two climax
mentions (the topic's seminal event) are one happening when their topics are the same; a climax mention and
another action mention are not; two other mentions are left out (the shipped copy has no cross-document links
for them). A logistic regression with L2 is fitted with numpy (Newton steps).

``--split train`` fits on the train topics (neither dev nor held-out) and chooses the threshold on the dev topics:
the best CoNLL F1 of ``newsledger eval ecb --split dev`` with B-cubed precision at least ``--min-precision``.
The shipped ESC copy has no train topic, so the shipped weights come from ``--split dev``: the threshold is chosen
on leave-one-topic-out scores (each dev topic clustered by a model fitted without its pairs), then the model is
refitted on every dev pair. The held-out topics are never read.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from newsledger.evaluate.ecb import evaluate_dir, load_split
from newsledger.evaluate.ecb_roles import ROLE_SOURCES
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import Clusterer, update
from newsledger.ledger.context import DocIndex
from newsledger.ledger.event_features import EventFeatures, event_features
from newsledger.ledger.linker import FEATURES, LinkModel, pair_features

OUT = PACKAGE / "ledger" / "models" / "linker.json"
NEVER = LinkModel(tuple(0.0 for _ in FEATURES), 0.0, 2.0)  # the rule passes alone (a threshold above 1)
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def pairs(directory: Path, split: str, work: Path, roles: str = "system",
          cache: Path | None = None) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]], dict[str, str]]:
    """Feature rows, labels, the (topic, topic) of each pair and the topic of each document."""
    docs = load_split(directory, split, roles, cache or work / "analyses")
    climax = {(a.document.id, e) for a, c in docs for e in c}
    topic = {a.document.id: str(a.document.meta["topic"]) for a, _ in docs}
    rows, labels, groups = [], [], []
    with Ledger(work / f"pairs-{split}.sqlite") as ledger:
        ledger.store_many([a for a, _ in docs])
        update(ledger.conn, model=NEVER)
        said = Clusterer(ledger.conn, NEVER).said
        index = DocIndex(ledger.conn)
        index.build(sorted(topic))
        feats: dict[str, list[EventFeatures]] = {d: [f for f in event_features(ledger.conn, d) if f.clusterable] for d in topic}
        for d in sorted(topic):
            for o in index.story(d):
                if o <= d:
                    continue
                for x in feats[d]:
                    for y in feats[o]:
                        cx, cy = (x.doc_id, x.event_id) in climax, (y.doc_id, y.event_id) in climax
                        if not (cx or cy):
                            continue  # no gold for two other mentions
                        rows.append(pair_features(x, y, index.cosine(d, o), said))
                        labels.append(int(cx and cy and topic[d] == topic[o]))
                        groups.append((topic[d], topic[o]))
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.float64), groups, topic


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> LinkModel:
    """L2-regularised logistic regression by Newton steps (the bias is not penalised)."""
    a = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -50, 50)))
        grad = a.T @ (p - y) + penalty * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return LinkModel(tuple(float(v) for v in w[:-1]), float(w[-1]), 1.0)


class FoldModel(LinkModel):
    """Leave-one-topic-out: a pair is scored by the model fitted without its first report's topic."""

    def __init__(self, folds: dict[str, LinkModel], topic: dict[str, str], threshold: float) -> None:
        first = next(iter(folds.values()))
        super().__init__(first.weights, first.bias, threshold)
        object.__setattr__(self, "folds", folds)
        object.__setattr__(self, "topic", topic)

    def score(self, x: EventFeatures, y: EventFeatures, features: list[float]) -> float:
        folds: dict[str, LinkModel] = self.folds  # type: ignore[attr-defined]
        model = folds.get(self.topic.get(x.doc_id, ""), next(iter(folds.values())))  # type: ignore[attr-defined]
        return model.probability(features)


def figures(report: dict[str, Any]) -> dict[str, Hashable]:
    """B-cubed P / R / F1, pairwise P / R, CoNLL F1 and clusters of our clusterer in an ECB+ report."""
    r = report["newsledger"]
    return {"b3_p": r["bcubed"]["precision"], "b3_r": r["bcubed"]["recall"], "b3_f1": r["bcubed"]["f1"],
            "pair_p": r["pairwise"]["precision"], "pair_r": r["pairwise"]["recall"], "conll": r["conll_f1"],
            "clusters": r["clusters"]}


def choose(directory: Path, model_at: Any, work: Path, min_precision: float, roles: str = "system",
           cache: Path | None = None) -> tuple[float, list[dict[str, Any]]]:
    """The threshold of the best dev CoNLL F1 with B-cubed precision >= min_precision, and every row tried."""
    rows = [{"threshold": "rules only", **figures(evaluate_dir(directory, work, "dev", NEVER, roles, cache))}]
    for t in THRESHOLDS:
        rows.append({"threshold": t, **figures(evaluate_dir(directory, work, "dev", model_at(t), roles, cache))})
        print(json.dumps(rows[-1]), flush=True)
    ok = [r for r in rows[1:] if float(r["b3_p"]) >= min_precision]
    if not ok:
        return 2.0, rows
    best = max(ok, key=lambda r: (float(r["conll"]), float(r["threshold"])))
    return float(best["threshold"]), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ecb", type=Path, default=Path("../shared/data/ecbplus"))
    ap.add_argument("--split", choices=("train", "dev"), default="train")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--min-precision", type=float, default=0.92)
    ap.add_argument("--raise-to", type=float, default=None,
                    help="ship this threshold when it is above the dev choice (the AllSides guard of docs/ledgerweb.md)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--roles", choices=ROLE_SOURCES, default="system", help="roles of the gold mentions (evaluate/ecb.py)")
    ap.add_argument("--cache", type=Path, default=None, help="the pipeline's analyses of the ECB+ texts (--roles system)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = args.cache or work / "analyses"
        x, y, groups, topic = pairs(args.ecb, args.split, work, args.roles, cache)
        print(f"{len(y)} pairs, {int(y.sum())} of one happening, topics {sorted(set(topic.values()))}", flush=True)
        full = fit(x, y, args.l2)
        if args.split == "train":
            threshold, rows = choose(args.ecb, lambda t: LinkModel(full.weights, full.bias, t), work, args.min_precision,
                                     args.roles, cache)
        else:
            folds = {}
            for t in sorted(set(topic.values())):
                keep = np.array([t not in g for g in groups])
                folds[t] = fit(x[keep], y[keep], args.l2)
            threshold, rows = choose(args.ecb, lambda th: FoldModel(folds, topic, th), work, args.min_precision,
                                     args.roles, cache)
    chosen = threshold
    if args.raise_to is not None and args.raise_to > threshold:
        threshold = args.raise_to
    model = LinkModel(full.weights, full.bias, threshold)
    out = {**model.to_dict(), "meta": {
        "fitted_on": f"ECB+ {args.split} topics {sorted(set(topic.values()))}", "pairs": len(y), "positives": int(y.sum()),
        "l2": args.l2, "min_precision": args.min_precision, "roles": args.roles,
        "threshold_chosen_on": "dev, leave-one-topic-out" if args.split == "dev" else "dev", "dev_choice": chosen,
        "raised_to": args.raise_to,
        "dev_rows": rows, "command": f"python training/linker.py --split {args.split} --roles {args.roles} --l2 {args.l2} --min-precision {args.min_precision}"
                   + (f" --raise-to {args.raise_to}" if args.raise_to is not None else "")}}
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in zip(FEATURES, model.weights, strict=True)}, indent=1))
    print(f"threshold {threshold} -> {args.out}")


if __name__ == "__main__":
    main()
