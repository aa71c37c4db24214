"""Fit the speaker ranker of the quotes stage (``quotes/ranker.py``) on the rounds' train documents.

Writes src/newsledger/stages/quotes/models/speaker_ranker.json:

    python training/speaker_ranker.py --round /tmp/rounds16 --shared ../shared --cache /tmp/spk16/r16 \\
        [--dev data/annotations/news-2026-12 --dev-cache /tmp/spk16/dev12] [--dry-run]

Every attribution the stage finds (``quotes.stage.quote_rows`` with the rules alone) that matches a required
gold quote by the scorer's rule (content token Jaccard >= 0.5, one-to-one, best first; a continuation counts for
the record it continues) is one decision: its candidates are the ranker's (the rules' answer, abstain, the
entities around the cue), each right when the gold scorer would accept it as the speaker (``_gold_speaker_ok``:
by canonical name). The target is the rules' answer when it is right, else the right entities alike (a soft
target), else abstain when the rules named a wrong entity; a decision with no right candidate and no abstain
teaches nothing and is left out. A conditional logit (``common.ranking``) is fitted on train; for each margin the script prints
how many decisions of train (5-fold cross-validated) and dev it would change, by the kind of the rules' answer, and
how many of them it fixes, breaks or turns from no speaker or an unresolved pronoun into a wrong person (the gold
scorer counts an unresolved "he" as a wrong named speaker already; we count it as a new wrong name). The margin of each kind is chosen
on the cross-validated train figures (``choose_margins``); dev is printed for reading; the rounds' test splits are
never read.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from common import PACKAGE
from common.ranking import Group, fit
from common.rounds import Item, context, match_gold, parsed
from newsledger.evaluate.gold import _gold_speaker_ok
from newsledger.evaluate.matching import NameIndex
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model
from newsledger.stages.quotes.ranker import FEATURES, MODEL, RULE_KINDS, WIDTH
from newsledger.stages.quotes.stage import quote_rows

OUT = PACKAGE / "stages" / "quotes" / MODEL
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MIN_FIXED = 5
RATIO = 3
FOLDS = 5
L2 = 0.001
EPOCHS = 600

# One decision: the candidates' features, which ones are right, the rules' index.
Decision = tuple[np.ndarray, list[bool], int]


def decisions(items: list[Item]) -> list[Decision]:
    """The ranker's decisions on the matched attributions of the documents, with their right candidates."""
    upto = Pipeline(nlp=load_model(), stages=["entities", "timexes"])
    out: list[Decision] = []
    for document, doc, rec in items:
        text = document.text
        ctx = context(document, doc, upto)
        record: list[Any] = []
        rows = quote_rows(ctx, record=record, learned=False)
        names = NameIndex.from_gold(gold_from_record(rec, document)["entities"])
        gold_of: dict[int, dict[str, Any]] = {}  # content start of a record's first part -> its gold quote
        quotes = rec.get("quotes", [])
        hits = match_gold([row.quote.content for row in rows], [(q["content"][0], q["content"][1]) for q in quotes], text)
        for q, hit in zip(quotes, hits, strict=True):
            if hit is None or q.get("optional") or not q.get("speaker"):
                continue
            root = rows[hit].parent if rows[hit].parent is not None else hit
            gold_of.setdefault(rows[root].quote.content.start, q)
        for cand, choices in record:
            q = gold_of.get(cand.start)
            if q is None:
                continue
            ok = [_gold_speaker_ok(ctx.analysis, names, c.speaker.name if c.speaker else None,
                                   c.speaker.entity if c.speaker else None, q["speaker"]) for c in choices]
            rule = next(i for i, c in enumerate(choices) if c.rule)
            out.append((np.array([c.x for c in choices]), ok, rule))
    return out


def target(d: Decision) -> np.ndarray | None:
    """What the ranker should pick: the rules' answer when right, else the right ones alike, else abstain."""
    x, ok, rule = d
    t = np.zeros(len(ok))
    if ok[rule]:
        t[rule] = 1.0
    elif any(ok):
        t = np.array(ok, dtype=float) / sum(ok)
    elif x[:, FEATURES.index("abstain")].any():
        t[int(np.argmax(x[:, FEATURES.index("abstain")]))] = 1.0
    else:
        return None
    return t


def groups(ds: list[Decision]) -> list[Group]:
    """The decisions that teach something, as ranking groups."""
    return [Group(d[0], int(np.argmax(t)), t) for d in ds if (t := target(d)) is not None and len(d[1]) > 1]


def effect(ds: list[Decision], w: np.ndarray, margin: float) -> dict[str, list[int]]:
    """By the kind of the rules' answer: [changed, fixed, broken, newly wrong and named] at a margin (a change
    from no speaker or an unresolved "he" to a wrong entity puts the words in a wrong person's mouth)."""
    out: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in RULE_KINDS}
    for x, ok, rule in ds:
        s = x @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        best = int(np.argmax(p))
        if best == rule or p[best] - p[rule] <= margin:
            continue
        kind = next((k for k in RULE_KINDS if x[rule, FEATURES.index(f"rule_{k}")]), "none")
        o = out[kind]
        o[0] += 1
        o[1] += int(ok[best] and not ok[rule])
        o[2] += int(ok[rule] and not ok[best])
        o[3] += int(not ok[best] and not ok[rule] and kind in ("none", "unresolved"))
    return out


def choose_margins(cv: dict[float, dict[str, list[int]]]) -> dict[str, float]:
    """Per kind of the rules' answer, the lowest margin whose cross-validated changes fix at least MIN_FIXED and
    RATIO times as many as they break or newly name wrongly; 1.0 (never) when none does, and always for an
    attribution without a source phrase."""
    out = {"none": 1.0}  # no source phrase: a speaker put there would point at no text (and named wrong people on 12e)
    for kind in RULE_KINDS[:-1]:
        ok = [m for m in MARGINS if (c := cv[m][kind])[1] >= MIN_FIXED and c[1] >= RATIO * (c[2] + c[3])]
        out[kind] = min(ok) if ok else 1.0
    return out


def cached(path: Path, make: Any) -> Any:
    """The pickled value at ``path``, made and stored on first use."""
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = make()
    path.write_bytes(pickle.dumps(value))
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, required=True)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--dev", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--dev-cache", type=Path)
    ap.add_argument("--dry-run", action="store_true")
    ns = ap.parse_args()
    train = cached(ns.cache.with_suffix(".decisions.pkl"), lambda: decisions(parsed(ns.round, ns.shared, "train", ns.cache)))
    dev_cache = ns.dev_cache or ns.cache.with_name(ns.cache.name + "-dev")
    dev = cached(dev_cache.with_suffix(".decisions.pkl"), lambda: decisions(parsed(ns.dev, ns.shared, "dev", dev_cache)))
    print(f"train decisions {len(train)} (groups {len(groups(train))}), dev {len(dev)}")
    rng = np.random.default_rng(0)
    fold = rng.integers(0, FOLDS, len(train))
    cv: dict[float, dict[str, list[int]]] = {m: {k: [0, 0, 0, 0] for k in RULE_KINDS} for m in MARGINS}
    for k in range(FOLDS):
        w_k = fit(groups([d for d, f in zip(train, fold, strict=True) if f != k]), WIDTH, l2=L2, epochs=EPOCHS)
        held = [d for d, f in zip(train, fold, strict=True) if f == k]
        for m in MARGINS:
            for kind, v in effect(held, w_k, m).items():
                cv[m][kind] = [a + b for a, b in zip(cv[m][kind], v, strict=True)]
    w = fit(groups(train), WIDTH, l2=L2, epochs=EPOCHS)
    print("[changed, fixed, broken, newly wrong named] by the kind of the rules' answer")
    for m in MARGINS:
        print(f"margin {m:.2f}  train-cv {cv[m]}  dev {effect(dev, w, m)}")
    margins = choose_margins(cv)
    print(f"margins {margins}")
    if not ns.dry_run:
        OUT.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(v), 5) for v in w],
                                   "margins": margins}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
