"""Fit the quotes stage's learned speaker choice on the annotation round's train split.

Writes src/newsledger/stages/quotes/models/speaker_choice.json:

    python training/speaker_choice.py --round data/annotations/news-2026-12 --shared ../shared [--cache /tmp/round]

Every attribution of a train document that the rules leave without a speaker they stand behind (no source, an
unlinked pronoun, a description bound to nobody: ``quotes.stage.quote_rows`` asks ``choice.py``) and whose
content matches a required gold quote (the gold scorer's rule: token Jaccard >= 0.5, one-to-one, best first)
is one decision. Its options are "keep" (the rules' answer) and the entities mentioned near the cue
(``choice.Chooser.options``); the right one is the option whose name the gold scorer accepts for the gold
speaker ("keep" first when both are); when none is, "keep" (an unresolved speaker is better than a wrong name). A conditional-logit
weight vector is fitted on train; decision accuracy on train and dev, against always keeping, is printed (the
round's test split is never read).
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
from newsledger.evaluate.gold import _gold_speaker_ok
from newsledger.evaluate.matching import NameIndex, overlaps, token_jaccard
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model
from newsledger.stages.quotes.base import Candidate
from newsledger.stages.quotes.choice import FEATURES, KEEP, Option
from newsledger.stages.quotes.stage import quote_rows

OUT = PACKAGE / "stages" / "quotes" / "models" / "speaker_choice.json"
FOLDS = 5
MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)


def _gold_of(rows: list[Any], rec: dict[str, Any], text: str) -> dict[int, dict[str, Any]]:
    """Row index -> the gold quote its content matches (best token Jaccard >= 0.5, one-to-one)."""
    out: dict[int, dict[str, Any]] = {}
    for q in rec.get("quotes", []):
        span = (q["content"][0], q["content"][1])
        best, best_j = None, 0.0
        for i, row in enumerate(rows):
            c = row.quote.content
            if i in out or not overlaps((c.start, c.end), span):
                continue
            j = token_jaccard(c.text, text[span[0]:span[1]])
            if j > best_j:
                best, best_j = i, j
        if best is not None and best_j >= 0.5:
            out[best] = q
    return out


def decisions(items: list[Item]) -> tuple[list[Group], list[str]]:
    """One ranking decision per attribution that asks the model and matches a required gold quote."""
    upto = Pipeline(nlp=load_model(), stages=["entities", "timexes"])
    groups: list[Group] = []
    kinds: list[str] = []
    for document, doc, rec in items:
        ctx = context(document, doc, upto)
        asked: dict[int, list[Option]] = {}

        def record(cand: Candidate, options: list[Option], asked: dict[int, list[Option]] = asked) -> Option:
            asked[cand.start] = options
            return options[0]  # the rules' answer: the rows keep it, so "keep" can be judged

        rows = quote_rows(ctx, record)
        gold_of = _gold_of(rows, rec, document.text)
        names = NameIndex.from_gold(gold_from_record(rec, document)["entities"])
        a = ctx.analysis
        for i, row in enumerate(rows):
            options = asked.get(row.quote.content.start)
            g = gold_of.get(i)
            if options is None or g is None or g.get("optional") or row.parent is not None:
                continue
            sp = row.quote.speaker
            said = [(sp.name, sp.entity) if sp else (None, None)] + [(o.entity.name, o.entity.id) for o in options[1:] if o.entity]
            right = [k for k, (name, eid) in enumerate(said) if _gold_speaker_ok(a, names, name, eid, g["speaker"])]
            # with no right option, keeping the rules' answer is best: no wrong name is put on the quote
            groups.append(Group(np.array([o.x for o in options]), right[0] if right else 0))
            kinds.append(next(k for k in KEEP if options[0].x[FEATURES.index(f"keep_{k}")]))
    return groups, kinds


def utility(groups: list[Group], kinds: list[str], w: np.ndarray, margin: float) -> int:
    """Right picks minus wrong names (a wrong entity, or a kept wrong phrase; keeping no speaker names no one)."""
    out = 0
    for g, kind in zip(groups, kinds, strict=True):
        s = g.x @ w
        s[0] += margin
        k = int(np.argmax(s))
        out += 1 if k == g.y else 0 if (k == 0 and kind == "none") else -1
    return out


def choose_margin(groups: list[Group], kinds: list[str], l2: float) -> float:
    """The bonus of "keep" that maximises ``utility`` on cross-validated train scores (the smallest such)."""
    folds = [list(range(k, len(groups), FOLDS)) for k in range(FOLDS)]
    weights = []
    for held in folds:
        out = set(held)
        weights.append(fit([g for i, g in enumerate(groups) if i not in out], len(FEATURES), l2=l2))
    best, best_u = 0.0, -10**9
    for margin in MARGINS:
        u = sum(utility([groups[i] for i in held], [kinds[i] for i in held], w, margin) for held, w in zip(folds, weights, strict=True))
        print(f"  margin {margin:4}: cross-validated utility {u}")
        if u > best_u:
            best, best_u = margin, u
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, help="keep the spaCy parses here between runs")
    ap.add_argument("--l2", type=float, default=0.01)
    ns = ap.parse_args()
    train, train_kinds = decisions(parsed(ns.round, ns.shared, "train", ns.cache))
    dev, dev_kinds = decisions(parsed(ns.round, ns.shared, "dev", ns.cache))
    w = fit(train, len(FEATURES), l2=ns.l2)
    margin = choose_margin(train, train_kinds, ns.l2)
    keep = np.zeros(len(FEATURES))
    keep[0] = 1.0
    for name, groups, kinds in (("train", train, train_kinds), ("dev", dev, dev_kinds)):
        for kind in ("all", *KEEP):
            some = [g for g, k in zip(groups, kinds, strict=True) if kind in ("all", k)]
            print(f"{name:5} {kind:8} decisions {len(some):4}  keep right {sum(g.y == 0 for g in some):4}  "
                  f"always keep {accuracy(some, keep):.3f}  model {accuracy(some, w):.3f}  "
                  f"with margin {accuracy(some, w + margin * keep):.3f}")
    print(f"margin {margin}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(v), 4) for v in w], "margin": margin,
                               "trained_on": f"{ns.round.name} train"}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
