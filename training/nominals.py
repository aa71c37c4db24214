"""Fit the entities stage's description ranker ("the former governor" -> which person?) on the round's train split.

Writes src/newsledger/stages/entities/models/nominals.json:

    python training/nominals.py --round data/annotations/news-2026-12 --shared ../shared [--cache /tmp/round]

Every definite title description the stage considers (``entities.nominals.Nominals.heads``) is one decision. Its
right option is the candidate person holding a name of the gold entity one of whose mentions covers the
description's head word, else "no one" (the round's gold lists descriptions as entity mentions). Decisions are
taken in text order and each description is joined to its gold person before the next (teacher forcing). One
conditional-logit weight vector is fitted on train; decision accuracy on train and dev is printed for the model
and for the rule it replaces (``Coref.nominals``: the latest person introduced with that title, country agreeing).
The round's test split is never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from common.ranking import Group, accuracy, fit
from common.rounds import Item, context, parsed
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model
from newsledger.stages.entities.coref import Coref
from newsledger.stages.entities.nominals import FEATURES, Decision, Nominals
from newsledger.stages.entities.stage import prepare

OUT = PACKAGE / "stages" / "entities" / "models" / "nominals.json"
PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its"}


def _label(d: Decision, coref: Coref, gold: list[dict[str, Any]], text: str) -> int:
    """Index of the right option: the person holding a gold name of the entity whose mention covers the head."""
    head = coref.doc[d.head]
    ent = next((e for e in gold if any(a <= head.idx < b for a, b in e["mentions"])), None)
    if ent is None:
        return 0
    spans = [(a, b) for a, b in ent["mentions"] if text[a:b].lower() not in PRONOUNS and not a <= head.idx < b]
    for k, cl in enumerate(d.options):
        if cl is not None and any(m.kind != "pronoun" and m.start < b and a < m.end for m in cl.mentions for a, b in spans):
            return k
    return 0


def _rule(d: Decision, coref: Coref) -> int:
    """The option the rule picks (``Coref.nominals``: the latest holder of the learnt title)."""
    doc = coref.doc
    if doc[d.head].lower_ not in {r for r, _c, _cl in coref.roles}:
        return 0
    cl = coref._holder(doc[d.head].lower_, d.country, doc[d.left].idx)
    return next((k for k, o in enumerate(d.options) if o is cl), 0) if cl is not None else 0


def decisions(items: list[Item]) -> tuple[list[Group], list[int]]:
    """One ranking decision per description, with the rule's pick for each."""
    clean = Pipeline(nlp=load_model(), stages=["clean"])
    groups: list[Group] = []
    rule: list[int] = []
    for document, doc, rec in items:

        def link(coref: Coref, rec: dict[str, Any] = rec, text: str = document.text) -> None:
            nominals = Nominals(coref)
            for left, head, country in nominals.heads():
                if head in coref.taken:
                    continue
                d = nominals.decision(left, head, country)
                y = _label(d, coref, rec["entities"], text)
                groups.append(Group(np.array(d.x), y))
                rule.append(_rule(d, coref))
                chosen = d.options[y]
                if chosen is not None:
                    coref._add(chosen, left, head + 1, "title")

        prepare(context(document, doc, clean), link)
    return groups, rule


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, help="keep the spaCy parses here between runs")
    ap.add_argument("--l2", type=float, default=0.01)
    ns = ap.parse_args()
    train, train_rule = decisions(parsed(ns.round, ns.shared, "train", ns.cache))
    dev, dev_rule = decisions(parsed(ns.round, ns.shared, "dev", ns.cache))
    w = fit(train, len(FEATURES), l2=ns.l2)
    free = FEATURES.index("null_no_role")
    for name, all_groups, all_rule in (("train", train, train_rule), ("dev", dev, dev_rule)):
        for part in ("all", "title known", "title new"):
            pairs = [(g, r) for g, r in zip(all_groups, all_rule, strict=True)
                     if part == "all" or (g.x[0][free] == 0) == (part == "title known")]
            groups = [g for g, _ in pairs]
            linked = sum(g.y != 0 for g in groups)
            rule_acc = sum(int(r == g.y) for g, r in pairs) / max(1, len(groups))
            print(f"{name:5} {part:11} decisions {len(groups):4} (a person right {linked:4})  rule {rule_acc:.3f}  "
                  f"model {accuracy(groups, w):.3f}  no one always {sum(g.y == 0 for g in groups) / max(1, len(groups)):.3f}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(v), 4) for v in w],
                               "trained_on": f"{ns.round.name} train"}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
