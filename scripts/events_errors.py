"""Count the events stage's error classes on a split of an annotation round (dev by default; never test).

Usage: PYTHONPATH=src:training python scripts/events_errors.py [--round data/annotations/news-2026-12]
       [--split dev] [--cache /tmp/events-cache] [--json OUT]
``--split test`` is refused unless the round's blind test is spent: listed in data/annotations/retired.tsv or in
``SPENT`` (news-2026-12e, scored once at round fourteen and kept out of training as a second dev set).

The documents are parsed once (cached by training/common/events_docs.py). Per type: gold events (required),
found with the right type, found with another type (and which), predicted, predicted and matched. Over
required gold events: the share of gold actors and targets left empty on found events, factuality
confusion (happened or not), and the lead-paragraph events missed, by type. Matching is the gold scorer's
(`evaluate.gold_events.assign`, any mention); the headline figures are printed under both scorer rules
(gold events found through any mention, and through the first trigger only, the rule before 2026-12-07).
"""

from __future__ import annotations

import argparse
import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

from common.events_docs import RoundDoc, round_docs
from common.events_eval import headline, score
from newsledger.evaluate.gold import _removed_spans, _skip, _spans
from newsledger.evaluate.gold_events import HAPPENED, _lead_span, assign
from newsledger.evaluate.matching import NameIndex, overlaps
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.stages.events import stage

# Rounds whose test split was scored once and now serves as a second dev set (not retired to training).
SPENT = ("news-2026-12e",)
RETIRED = Path(__file__).resolve().parents[1] / "data" / "annotations" / "retired.tsv"


def spent(round_dir: Path) -> bool:
    """Whether a round's test split is spent (scored once already), so that error counts may read it."""
    names = {line.split("\t", 1)[0] for line in RETIRED.read_text(encoding="utf-8").splitlines()[1:] if line.strip()}
    return round_dir.name in SPENT or round_dir.name in names


def analysed(rd: RoundDoc) -> Any:
    """The round document's analysis with the shipped events stage run on it."""
    ctx = copy.copy(rd.ctx)
    ctx.analysis = copy.copy(rd.ctx.analysis)
    ctx.cache = {}
    ctx.analysis.events = stage.extract_events(ctx)
    return ctx.analysis


def breakdown(docs: list[RoundDoc]) -> dict[str, Any]:
    """Counts of every error class over the documents."""
    gold_n, typed_hit, untyped_hit, pred_n, pred_hit = Counter(), Counter(), Counter(), Counter(), Counter()
    confusion: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    fact: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    for rd in docs:
        a = analysed(rd)
        gold = gold_from_record(rd.gold, rd.ctx.document)
        text = a.document.text
        names = NameIndex.from_gold(gold.get("entities", []))
        golds = [(g, _spans(text, g["trigger"], g)) for g in gold["events"]]
        typed, untyped = assign(a, names, golds, True), assign(a, names, golds, False)
        used = set(typed.values())
        lead_span = _lead_span(text, [sp for sp, _ in _removed_spans(text, gold)])
        for gi, (g, spans) in enumerate(golds):
            if _skip(g):
                continue
            t = g["type"]
            gold_n[t] += 1
            typed_hit[t] += gi in typed
            untyped_hit[t] += gi in untyped
            e = a.events[untyped[gi]] if gi in untyped else None
            if e is not None and gi not in typed:
                confusion[f"{t}->{e.type}"] += 1
            for role in ("actor", "target"):
                if g.get(role):
                    state = "missed_event" if e is None else "empty" if getattr(e, role) is None else "filled"
                    roles[f"{role}:{state}"] += 1
            gh = g.get("modality", "asserted") in HAPPENED
            fact[f"gold_{'happened' if gh else 'not'}:" + ("missed" if e is None else
                                                           "happened" if e.modality in HAPPENED else "not")] += 1
            if lead_span and any(overlaps(s, lead_span) for s in spans):
                lead["gold"] += 1
                lead["typed_hit"] += gi in typed
                lead["untyped_hit"] += gi in untyped
                if gi not in untyped:
                    lead[f"missed:{t}"] += 1
        for i, e in enumerate(a.events):
            pred_n[e.type] += 1
            pred_hit[e.type] += i in used
    per_type = {t: {"gold": gold_n[t], "recall": round(typed_hit[t] / gold_n[t], 3) if gold_n[t] else None,
                    "untyped_recall": round(untyped_hit[t] / gold_n[t], 3) if gold_n[t] else None,
                    "pred": pred_n[t], "precision": round(pred_hit[t] / pred_n[t], 3) if pred_n[t] else None}
                for t in sorted(set(gold_n) | set(pred_n), key=lambda t: -gold_n[t])}
    return {"per_type": per_type, "confusion": dict(confusion.most_common(20)), "roles": dict(roles),
            "factuality": dict(fact), "lead": dict(lead)}


def split_parser(doc: str | None) -> argparse.ArgumentParser:
    """The options of the error-counting scripts: round, shared folder, split (never the blind test), cache, json."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test"),
                    help="test only for a round whose blind test is spent (see spent())")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/events-cache"))
    ap.add_argument("--json", type=Path, help="write the counts here as well")
    return ap


def parse_split_args(ap: argparse.ArgumentParser) -> argparse.Namespace:
    """The parsed options; an error when they ask for the test split of a round whose blind test is not spent."""
    args = ap.parse_args()
    if args.split == "test" and not spent(args.round):
        ap.error(f"the test split of {args.round.name} is a blind test: not read here")
    return args


def main() -> None:
    args = parse_split_args(split_parser(__doc__))
    docs = round_docs(args.round, args.split, args.shared, args.cache)
    for rule, any_mention in (("any mention", True), ("first trigger only", False)):
        print(f"{rule}: {headline(score(docs, any_mention=any_mention))}")
    out = breakdown(docs)
    print(f"{'type':<12} {'gold':>5} {'R':>6} {'R_any':>6} {'pred':>5} {'P':>6}")
    for t, r in out["per_type"].items():
        print(f"{t:<12} {r['gold']:>5} {r['recall'] or 0:>6.3f} {r['untyped_recall'] or 0:>6.3f} {r['pred']:>5} "
              f"{r['precision'] or 0:>6.3f}")
    for key in ("confusion", "roles", "factuality", "lead"):
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in out[key].items()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
