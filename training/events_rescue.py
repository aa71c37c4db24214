"""Where the default trigger model loses gold events, and which words to rescue (lexicons/rescued_triggers.tsv).

Usage: PYTHONPATH=src:training python training/events_rescue.py --round /tmp/union [--cache C] [--min-hits 3]
       [--min-share 0.3]

Reads the training documents of a union round that the shipped trigger model was not fitted on (every train
document outside the train splits of ``--fitted`` rounds), runs the events stage without the rescue list, and
prints (1) how the required non-STATEMENT gold events split: found (any type), missed though a predicted trigger
overlaps them, missed with a candidate token the model rejected, missed with no candidate token at all; (2) the
missed ones by lemma, part of speech and type; (3) the rows of the rescue list: a lemma and part of speech of which
at least ``--min-hits`` rejected candidate occurrences are missed gold events of one type, at least ``--min-share``
of its rejected occurrences.
"""

from __future__ import annotations

import argparse
import copy
import csv
from collections import Counter, defaultdict
from pathlib import Path

from common.events_docs import RoundDoc, round_docs
from newsledger.evaluate.gold import _skip, _spans
from newsledger.evaluate.gold_events import assign
from newsledger.evaluate.matching import NameIndex
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.stages.events import stage
from newsledger.stages.events.detect import gate_of
from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import RESCUE_POS, load_lexicon
from newsledger.stages.events.roles import EntityIndex

# The rounds whose train splits the shipped trigger model was fitted on (models/trigger.npz meta "round").
FITTED = ("news-2026-12", "news-2026-12b", "news-2026-12c")
ANNOTATIONS = Path(__file__).resolve().parents[1] / "data" / "annotations"


def fitted_ids(rounds: tuple[str, ...]) -> set[str]:
    """Ids of the train documents of these rounds."""
    out = set()
    for name in rounds:
        with (ANNOTATIONS / name / "split.tsv").open(encoding="utf-8") as fh:
            out |= {row["id"] for row in csv.DictReader(fh, delimiter="\t") if row["split"] == "train"}
    return out


def tally(docs: list[RoundDoc]) -> tuple[Counter[str], Counter[tuple[str, str, str]], dict[tuple[str, str], Counter[str]]]:
    """Gold events by outcome, missed gold events by (lemma, POS, type), rejected candidates by (lemma, POS)."""
    lex = load_lexicon()
    net = stage.models()["trigger"]
    gate = gate_of(net)
    outcome: Counter[str] = Counter()
    missed: Counter[tuple[str, str, str]] = Counter()
    rejected: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rd in docs:
        ctx = copy.copy(rd.ctx)
        ctx.analysis = copy.copy(rd.ctx.analysis)
        ctx.cache = {}
        a = ctx.analysis
        a.events = stage.extract_events(ctx)
        gold = gold_from_record(rd.gold, ctx.document)
        golds = [(g, _spans(a.document.text, g["trigger"], g)) for g in gold["events"]]
        found = assign(a, NameIndex.from_gold(gold.get("entities", [])), golds, False)
        v = DocView(ctx, EntityIndex(ctx.doc, a.entities, lex), lex)
        cands = set(v.candidates(gate))
        spans = [(s.start, s.end) for e in a.events for s in [e.trigger, *(e.mentions or [])]]
        predicted = {i for i in range(v.n) if any(v.idx[i] < b and v.idx[i] + len(v.lower[i]) > s for s, b in spans)}
        gold_of: dict[int, str] = {}
        for gi, (g, gspans) in enumerate(golds):
            if _skip(g) or g["type"] == "STATEMENT" or not gspans:
                continue
            s, e = gspans[0]
            toks = [i for i in range(v.n) if v.idx[i] < e and v.idx[i] + len(v.lower[i]) > s]
            outcome["gold"] += 1
            if gi in found:
                outcome["found"] += 1
                continue
            kind = "overlapped" if predicted & set(toks) else "rejected" if cands & set(toks) else "no_candidate"
            outcome[kind] += 1
            if toks:  # the phrase's head: the token whose head lies outside it
                head = next((i for i in toks if v.head[i] not in toks or v.head[i] == i), toks[0])
                missed[(v.lemma[head], v.pos[head], g["type"])] += 1
            gold_of.update((i, g["type"]) for i in toks)
        for i in cands - predicted:
            if v.pos[i] in RESCUE_POS:
                key = (v.lemma[i], v.pos[i])
                rejected[key]["n"] += 1
                if i in gold_of:
                    rejected[key][gold_of[i]] += 1
    return outcome, missed, rejected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, required=True, help="the training union (training/annotation/union.py)")
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/events-cache"))
    ap.add_argument("--fitted", default=",".join(FITTED), help="rounds whose train splits the trigger model was fitted on")
    ap.add_argument("--min-hits", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.3)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    fit = fitted_ids(tuple(args.fitted.split(",")))
    docs = [rd for rd in round_docs(args.round, "train", args.shared, args.cache) if rd.ctx.document.id not in fit]
    lex = load_lexicon()
    saved, lex.rescued = lex.rescued, {}  # the model alone
    try:
        outcome, missed, rejected = tally(docs)
    finally:
        lex.rescued = saved
    print(f"{len(docs)} documents the trigger model was not fitted on; required non-STATEMENT gold events: {dict(outcome)}")
    print("missed, by lemma, POS and type: " + ", ".join(f"{k[0]}|{k[1]} {k[2]} {n}" for k, n in missed.most_common(args.top)))
    print("lemma\tpos\ttype\theld_hits\theld_left_out")
    rows = []
    for (lemma, pos), c in rejected.items():
        for etype, hits in c.items():
            if etype != "n" and hits >= args.min_hits and hits >= args.min_share * c["n"]:
                rows.append((-hits / c["n"], lemma, pos, etype, hits, c["n"]))
    for _, lemma, pos, etype, hits, n in sorted(rows):
        print(f"{lemma}\t{pos}\t{etype}\t{hits}\t{n}")


if __name__ == "__main__":
    main()
