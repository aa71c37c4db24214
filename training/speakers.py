"""Fit the pronoun antecedent ranker of the entities stage on the annotation round's train split.

Writes src/newsledger/stages/entities/models/antecedents.json:

    python training/speakers.py --round data/annotations/news-2026-12 --shared ../shared [--cache /tmp/round.pkl]

Every third-person pronoun that the round's gold lists as a mention of an entity is one decision: its
candidates are the document's entity clusters mentioned in the window before it (built by the stage itself,
``entities.stage.prepare``) plus "no antecedent"; the right candidate is the cluster holding a name of the
gold entity, else "no antecedent". Earlier pronouns are joined to their gold antecedent before the next
decision (teacher forcing), so the features see the chains the stage builds at run time. One conditional-
logit weight vector per pronoun class (he, she, it, they) is fitted on train; dev accuracy is printed (the
round's test split is never read).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from common import PACKAGE
from common.ranking import Group, accuracy, fit
from common.rounds import Item, context, parsed
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model
from newsledger.stages.entities.antecedents import FEATURES, PRONOUN_CLASS, Model, pronoun_tokens
from newsledger.stages.entities.stage import prepare

OUT = PACKAGE / "stages" / "entities" / "models" / "antecedents.json"
CLASSES = ("m", "f", "it", "they")
PRONOUNS = set(PRONOUN_CLASS) | {"i", "me", "my", "we", "us", "our"}


def antecedent_groups(items: list[Item]) -> dict[str, list[Group]]:
    """One ranking decision per gold pronoun mention, by pronoun class."""
    clean = Pipeline(nlp=load_model(), stages=["clean"])
    out: dict[str, list[Group]] = {c: [] for c in CLASSES}
    for document, doc, rec in items:
        text = document.text
        coref = prepare(context(document, doc, clean))
        ranker = coref.ranker(Model({}))
        gold_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for ent in rec["entities"]:
            names = [tuple(m) for m in ent["mentions"] if text[m[0]:m[1]].lower() not in PRONOUNS]
            for m in ent["mentions"]:
                gold_of[tuple(m)] = names
        for t in pronoun_tokens(doc):
            names = gold_of.get((t.idx, t.idx + len(t)))
            if names is None or t.i in coref.by_tok:
                continue
            cls = PRONOUN_CLASS[t.lower_]
            cands = ranker.candidates(t, cls)
            right = [k for k, c in enumerate(cands) if c.cluster is not None and any(
                m.kind != "pronoun" and m.start < b and a < m.end for m in c.cluster.mentions for a, b in names)]
            y = right[0] if right else 0
            out[cls].append(Group(np.array([c.x for c in cands]), y))
            chosen = cands[y].cluster
            if chosen is not None:
                ranker.add(chosen, t.i, t.i + 1, "pronoun")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, help="keep the spaCy parses here between runs")
    ap.add_argument("--l2", type=float, default=0.01)
    ns = ap.parse_args()
    train = antecedent_groups(parsed(ns.round, ns.shared, "train", ns.cache))
    dev = antecedent_groups(parsed(ns.round, ns.shared, "dev", ns.cache))
    weights: dict[str, list[float]] = {}
    for cls in CLASSES:
        w = fit(train[cls], len(FEATURES), l2=ns.l2)
        weights[cls] = [round(float(v), 4) for v in w]
        nulls = Counter(g.y == 0 for g in dev[cls])[True]
        print(f"{cls:5} train {len(train[cls]):5} acc {accuracy(train[cls], w):.3f} | dev {len(dev[cls]):4} "
              f"acc {accuracy(dev[cls], w):.3f} (no antecedent right {nulls})")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"features": list(FEATURES), "weights": weights,
                               "trained_on": f"{ns.round.name} train"}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
