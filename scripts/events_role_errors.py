"""Count the actor and target errors of the events stage by class on a split of an annotation round (never test).

Usage: PYTHONPATH=src:training python scripts/events_role_errors.py [--round data/annotations/news-2026-12]
       [--split dev] [--cache /tmp/events-cache] [--examples 0] [--json OUT]

Over required gold events found by the type-agnostic matching of the gold scorer (an unfound event is a
detection error, counted apart): per role, right (empty or filled), ``spurious`` (gold empty, a prediction),
``missed`` (gold filled, none predicted) and ``wrong`` (another participant). Missed and wrong roles are broken
down by the gold argument's relation to the gold trigger: its dependency path ('^nsubj' up, 'vdobj' down,
prepositions by word), 'other_sentence', 'far' (no path within 5 steps), 'no_offsets' (the gold role has no
mention), and whether the role model's candidate set contains it at all; ``*_class`` groups the paths. Factuality: the confusion of gold and predicted modality on found events.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from events_errors import analysed, parse_split_args, split_parser

from common.events_docs import RoundDoc, round_docs
from common.events_rows import head_token, view_of
from newsledger.evaluate.gold import _skip, _spans
from newsledger.evaluate.gold_events import _role_ok, assign
from newsledger.evaluate.matching import NameIndex
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.stages.events.argfeatures import arg_candidates
from newsledger.stages.events.features import DocView


def relation(v: DocView, trig: int, arg: int | None) -> str:
    """The gold argument's relation to the trigger: a dependency path, 'other_sentence' or 'far'."""
    if arg is None:
        return "no_offsets"
    if v.sent_start[arg] != v.sent_start[trig]:
        return "other_sentence"
    return v.dep_path(trig, arg, 5) or "far"


CLAUSE_STEPS = frozenset({"vccomp", "vadvcl", "vxcomp", "vconj", "vacl", "vrelcl"})
MODIFIER_STEPS = frozenset({"vcompound", "vamod", "vnmod", "vposs"})


def relation_class(rel: str) -> str:
    """A coarse class of a relation: object, subject, by-agent, preposition, modifier, above or below the trigger."""
    steps = rel.split()
    first = steps[0] if steps else rel
    if rel in ("no_offsets", "other_sentence", "far"):
        return rel
    if first in ("vdobj", "vnsubj", "vnsubjpass"):
        return first[1:] if len(steps) == 1 else f"inside {first[1:]} phrase"
    if first == "vagent":
        return "by-agent"
    if first in MODIFIER_STEPS:
        return "modifier of the trigger"
    if first in CLAUSE_STEPS:
        return "clause below the trigger"
    if first.startswith("^"):
        return "word above the trigger (controller, host, coordination)"
    return f"preposition {first[1:]}" if steps[1:2] == ["vpobj"] else f"other {first}"


def breakdown(docs: list[RoundDoc], examples: int = 0) -> dict[str, Any]:
    """Role error classes and the factuality confusion over the documents."""
    keys = ("actor", "target", "actor_class", "target_class", "actor_rel", "target_rel", "modality")
    counts: dict[str, Counter[str]] = {k: Counter() for k in keys}
    shown = 0
    for rd in docs:
        a = analysed(rd)
        gold = gold_from_record(rd.gold, rd.ctx.document)
        names = NameIndex.from_gold(gold.get("entities", []))
        golds = [(g, _spans(a.document.text, g["trigger"], g)) for g in gold["events"]]
        found = assign(a, names, golds, False)
        v = view_of(rd)
        for gi, ((g, _), raw) in enumerate(zip(golds, rd.gold["events"], strict=True)):
            if _skip(g) or g.get("in_removed"):
                continue
            if gi not in found:
                for role in ("actor", "target"):
                    counts[role]["event_not_found"] += 1
                continue
            e = a.events[found[gi]]
            counts["modality"][f"{g['modality']}->{e.modality}"] += 1
            trig = head_token(v, raw["trigger"])
            if trig is None:
                continue
            for role in ("actor", "target"):
                pred = getattr(e, role)
                if _role_ok(a, names, pred, g.get(role)):
                    counts[role]["right_" + ("filled" if g.get(role) else "empty")] += 1
                    continue
                if not g.get(role):
                    counts[role]["spurious"] += 1
                    continue
                kind = "missed" if pred is None else "wrong"
                counts[role][kind] += 1
                arg = head_token(v, raw.get(f"{role}_mention"))
                rel = relation(v, trig, arg)
                cand = arg is not None and arg in arg_candidates(v, trig)
                counts[f"{role}_rel"][f"{kind}|{rel}|{'cand' if cand else 'nocand'}"] += 1
                counts[f"{role}_class"][relation_class(rel)] += 1
                if shown < examples:
                    shown += 1
                    print(f"{role} {kind} {g['type']} {g['trigger']!r} gold={g[role]!r} pred={pred.name if pred else None!r} "
                          f"rel={rel}")
    return {k: dict(c.most_common()) for k, c in counts.items()}


def main() -> None:
    ap = split_parser(__doc__)
    ap.add_argument("--examples", type=int, default=0, help="print this many missed or wrong roles")
    args = parse_split_args(ap)
    out = breakdown(round_docs(args.round, args.split, args.shared, args.cache), args.examples)
    for key, c in out.items():
        print(f"{key}: " + ", ".join(f"{k} {n}" for k, n in list(c.items())[:25]))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
