"""Event scoring of the gold evaluation: P/R/F1 by type, and role, factuality and lead figures over all gold events.

Role and factuality accuracies "over all required gold events" count an unmatched gold event as wrong; they use
the type-agnostic matching (a found event with the wrong type still has its actor judged). A gold role left
empty is right only when the prediction leaves it empty too ("unknown is empty, not guessed").

A gold event is found through any of its mentions: a predicted trigger or later mention overlapping the gold
trigger or one of its ``mention_spans`` (``any_mention=False``: the gold trigger and the predicted trigger only,
the rule before 2026-12-07). Lead recall still asks for the gold trigger in the first paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsledger.document import Analysis
from newsledger.evaluate.gold_report import FieldScore
from newsledger.evaluate.matching import PRF, NameIndex, Span, names_match, overlaps, predicted_aliases

# Factuality "as happened": the scorer compares these two groups, not the six values.
HAPPENED = frozenset({"asserted", "reported"})

SpansOf = Callable[[str, dict[str, Any]], list[Span]]
Skip = Callable[[dict[str, Any]], bool]


def event_spans(spans: list[Span], g: dict[str, Any]) -> list[Span]:
    """The gold trigger's spans and those of the event's later mentions."""
    return [*spans, *(tuple(m) for m in g.get("mention_spans", []))]  # type: ignore[misc]


def event_match(a: Analysis, names: NameIndex, e: Any, g: dict[str, Any], spans: list[Span], typed: bool,
                any_mention: bool = True) -> bool:
    """Same type (when typed) and overlapping triggers (any mention of either), or the same actor on the same date."""
    if typed and e.type != g["type"]:
        return False
    preds = [(e.trigger.start, e.trigger.end)]
    if any_mention:
        spans = event_spans(spans, g)
        preds += [(m.start, m.end) for m in e.mentions or []]
    if any(overlaps(p, s) for p in preds for s in spans):
        return True
    actor_ok = bool(g.get("actor")) and e.actor is not None and names_match(
        predicted_aliases(a, e.actor.name, e.actor.entity), names.gold_aliases(g["actor"])
    )
    date_ok = (e.when.value if e.when else None) == g.get("when")
    return actor_ok and date_ok


def assign(a: Analysis, names: NameIndex, golds: list[tuple[dict[str, Any], list[Span]]], typed: bool,
           any_mention: bool = True) -> dict[int, int]:
    """Gold index -> predicted index, greedily in gold order, each prediction used once."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for gi, (g, spans) in enumerate(golds):
        idx = next((i for i, e in enumerate(a.events) if i not in used and event_match(a, names, e, g, spans, typed, any_mention)), None)
        if idx is not None:
            used.add(idx)
            out[gi] = idx
    return out


def _role_ok(a: Analysis, names: NameIndex, role: Any, gold_name: str | None) -> bool:
    if not gold_name:
        return role is None
    return role is not None and names_match(predicted_aliases(a, role.name, role.entity), names.gold_aliases(gold_name))


def _lead_span(text: str, removed: list[Span]) -> Span | None:
    """The first non-empty line of the text that is not (mostly) inside a gold removed span."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        inside = sum(max(0, min(end, r[1]) - max(start, r[0])) for r in removed)
        if inside < 0.5 * (end - start):
            return start, end
    return None


def score_events(a: Analysis, gold: dict[str, Any], names: NameIndex, typed: bool, spans_of: SpansOf, skip: Skip,
                 any_mention: bool = True) -> FieldScore:
    """Event P/R/F1 (same type if typed; trigger overlap, or actor and date agree) with role accuracies on matches."""
    fs = FieldScore()
    golds = [(g, spans_of(g["trigger"], g)) for g in gold.get("events", [])]
    matched = assign(a, names, golds, typed, any_mention)
    used = set(matched.values())
    for gi, (g, _spans) in enumerate(golds):
        idx = matched.get(gi)
        if not skip(g):
            fs.prf.n_gold += 1
            fs.prf.tp_gold += int(idx is not None)
        if idx is None:
            if not skip(g):
                fs.misses.append(f"{g['type']} {g['trigger']!r}")
            continue
        if skip(g):
            continue
        e = a.events[idx]
        if g.get("when"):
            fs.ratio("date").hit(e.when is not None and e.when.value == g["when"])
        for role in ("actor", "target", "where"):
            if g.get(role):
                fs.ratio(role).hit(_role_ok(a, names, getattr(e, role), g[role]))
        claimed = e.claimed_by.name if e.claimed_by else None
        fs.ratio("claimed_by").hit(
            (claimed is None) if not g.get("claimed_by") else bool(claimed) and names_match(
                predicted_aliases(a, claimed, e.claimed_by.entity if e.claimed_by else None), names.gold_aliases(g["claimed_by"])
            )
        )
        fs.ratio("type").hit(e.type == g["type"])
    optional_used = used - {i for i, e in enumerate(a.events)
                            if any(not skip(g) and event_match(a, names, e, g, spans, typed, any_mention) for g, spans in golds)}
    for i, e in enumerate(a.events):
        if i in optional_used:
            continue
        fs.prf.n_pred += 1
        fs.prf.tp_pred += int(i in used)
        if i not in used:
            fs.false_alarms.append(f"{e.type} {e.trigger.text!r}")
    return fs


def add_event_extras(fs: FieldScore, a: Analysis, gold: dict[str, Any], names: NameIndex, spans_of: SpansOf, skip: Skip,
                     removed: list[Span], any_mention: bool = True) -> None:
    """Figures over all required gold events (roles, factuality, lead recall) and F1 with optional items required."""
    golds = [(g, spans_of(g["trigger"], g)) for g in gold.get("events", [])]
    untyped = assign(a, names, golds, False, any_mention)
    typed = assign(a, names, golds, True, any_mention)
    lead = _lead_span(a.document.text, removed)
    for gi, (g, spans) in enumerate(golds):
        if g.get("in_removed"):
            continue
        if not skip(g):
            e = a.events[untyped[gi]] if gi in untyped else None
            for role in ("actor", "target"):
                fs.ratio(f"{role}_all").hit(e is not None and _role_ok(a, names, getattr(e, role), g.get(role)))
            gold_happened = g.get("modality", "asserted") in HAPPENED
            fs.ratio("factuality_all").hit(e is not None and (e.modality in HAPPENED) == gold_happened)
            fs.ratio("modality_all").hit(e is not None and e.modality == g.get("modality", "asserted"))
            if lead and spans and any(overlaps(s, lead) for s in spans):
                fs.ratio("lead_recall").hit(gi in typed)
                fs.ratio("lead_recall_untyped").hit(gi in untyped)
    allreq = PRF()
    allreq.n_gold = sum(1 for g, _ in golds if not g.get("in_removed"))
    allreq.tp_gold = sum(1 for gi in typed if not golds[gi][0].get("in_removed"))
    allreq.n_pred = len(a.events)
    allreq.tp_pred = len(set(typed.values()))
    fs.sub["with_optional"] = allreq
