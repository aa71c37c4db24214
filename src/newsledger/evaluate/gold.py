"""Score analyses against gold files in the newsledger gold format (``NAME.txt`` + ``NAME.gold.json``).

Matching rules (also in docs/evaluation.md): gold items are strings, located in the text (every
occurrence, or the ``occurrence``-th); ``optional`` items and items ``in_removed`` count neither as
misses nor as false alarms. Precision counts predicted records that match any gold item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsledger.document import Analysis
from newsledger.evaluate.gold_events import add_event_extras, score_events
from newsledger.evaluate.gold_report import FieldScore, Report
from newsledger.evaluate.matching import (
    NameIndex,
    Span,
    char_jaccard,
    locate,
    names_match,
    norm_name,
    overlaps,
    predicted_aliases,
    strip_quotes,
    token_jaccard,
)
from newsledger.ingest.text import make_document
from newsledger.pipeline import Failure, Pipeline

# A removed passage is found when predicted spans of the same kind cover at least half of its characters.
REMOVED_COVER = 0.5
# Entity mention: predicted and gold spans must share half of their joint characters ("Kursk" != "Kursk region").
MENTION_JACCARD = 0.5
# Quote content: PolNeAR/PARC-style overlap match, token Jaccard >= 0.5.
CONTENT_JACCARD = 0.5
def _spans(text: str, s: str, item: dict[str, Any]) -> list[Span]:
    """The item's exact ``spans`` when the gold gives offsets (annotation rounds), else where its string occurs."""
    if item.get("spans"):
        return [tuple(x) for x in item["spans"]]  # type: ignore[misc]
    return locate(text, s, item.get("occurrence"))


def _removed_spans(text: str, gold: dict[str, Any]) -> list[tuple[Span, str]]:
    """Gold removed passages as (span, kind), from offsets or from their first and last words."""
    out: list[tuple[Span, str]] = []
    for item in gold.get("removed", []):
        if item.get("span"):
            out.append(((item["span"][0], item["span"][1]), item["kind"]))
            continue
        starts = locate(text, item["starts_with"])
        if not starts:
            continue
        s = starts[0][0]
        ends = [e for e in locate(text, item["ends_with"]) if e[1] > s]
        out.append(((s, ends[0][1] if ends else starts[0][1]), item["kind"]))
    return out


def _skip(item: dict[str, Any]) -> bool:
    return bool(item.get("optional") or item.get("in_removed"))


def score_removed(a: Analysis, gold: dict[str, Any]) -> FieldScore:
    """Passage-level P/R/F1 of removed text, plus the share of article characters wrongly removed."""
    text = a.document.text
    fs = FieldScore()
    gold_spans = _removed_spans(text, gold)
    pred = [((r.start, r.end), r.kind) for r in a.removed]
    for span, kind in gold_spans:
        covered = sum(max(0, min(span[1], p[1]) - max(span[0], p[0])) for p, k in pred if k == kind)
        found = covered >= REMOVED_COVER * (span[1] - span[0])
        fs.prf.n_gold += 1
        fs.prf.tp_gold += int(found)
        if not found:
            fs.misses.append(f"{kind}: {text[span[0]:span[1]][:70]!r}")
    wrong = 0
    for span, kind in pred:
        inside = sum(max(0, min(span[1], g[1]) - max(span[0], g[0])) for g, _ in gold_spans)
        ok = inside >= REMOVED_COVER * (span[1] - span[0])
        fs.prf.n_pred += 1
        fs.prf.tp_pred += int(ok)
        wrong += (span[1] - span[0]) - inside
        if not ok:
            fs.false_alarms.append(f"{kind}: {text[span[0]:span[1]][:70]!r}")
    fs.ratio("chars_kept_correctly").ok = len(text) - wrong
    fs.ratio("chars_kept_correctly").n = len(text)
    keep = gold.get("kept_after_removed")
    if keep:
        for k in locate(text, keep)[:1]:
            fs.ratio("kept_after_removed").hit(not any(overlaps(k, p) for p, _ in pred))
    return fs


def score_timexes(a: Analysis, gold: dict[str, Any]) -> FieldScore:
    """Relaxed span P/R/F1 with value accuracy on matches (value F1 = F1 x accuracy)."""
    text = a.document.text
    fs = FieldScore()
    items = [(g, _spans(text, g["text"], g)) for g in gold.get("timexes", [])]
    for g, spans in items:
        if _skip(g):
            continue
        fs.prf.n_gold += 1
        hits = [t for t in a.timexes if any(overlaps((t.start, t.end), s) for s in spans)]
        if hits:
            fs.prf.tp_gold += 1
            good = any(t.value == g["value"] for t in hits)
            fs.ratio("value").hit(good)
            if not good:
                fs.misses.append(f"value {g['text']!r}: gold {g['value']} got {', '.join(t.value for t in hits)}")
        else:
            fs.misses.append(f"{g['text']!r} ({g['value']})")
    for t in a.timexes:
        matched = [g for g, spans in items if any(overlaps((t.start, t.end), s) for s in spans)]
        if matched and all(_skip(g) for g in matched):
            continue
        fs.prf.n_pred += 1
        fs.prf.tp_pred += int(bool(matched))
        if not matched:
            fs.false_alarms.append(f"{t.text!r} -> {t.value}")
    return fs


def score_entities(a: Analysis, gold: dict[str, Any]) -> FieldScore:
    """Mention recall, alias grouping and (indicative) entity precision."""
    text = a.document.text
    fs = FieldScore()
    pred_mentions = [((m.start, m.end), e) for e in a.entities for m in e.mentions]
    gold_spans: list[Span] = []
    for g in gold.get("entities", []):
        owners: list[str] = []
        exact = g.get("mention_spans")
        for k, mention in enumerate(g.get("mentions", [])):
            spans = [tuple(exact[k])] if exact else locate(text, mention)  # type: ignore[misc]
            gold_spans += spans
            if not spans:
                continue
            fs.prf.n_gold += 1
            scored = [(char_jaccard(p, s), e) for s in spans for p, e in pred_mentions]
            found = [(j, e) for j, e in scored if j >= MENTION_JACCARD]
            if found:
                best = max(found, key=lambda je: je[0])[1]  # the best-overlapping mention, not a nested one
                fs.prf.tp_gold += 1
                owners.append(best.id)
                fs.ratio("type").hit(best.type == g["type"] or {best.type, g["type"]} <= {"GPE", "LOC"})
            else:
                fs.misses.append(f"{g['name']}: {mention!r}")
        if len(owners) >= 2:
            biggest = max(owners.count(o) for o in set(owners))
            grouping = fs.ratio("alias_grouping")
            grouping.ok += biggest
            grouping.n += len(owners)
            if biggest < len(owners):
                fs.misses.append(f"split entity {g['name']}: {len(set(owners))} records")
    for e in a.entities:
        fs.prf.n_pred += 1
        hit = any(char_jaccard((m.start, m.end), s) >= MENTION_JACCARD for m in e.mentions for s in gold_spans)
        fs.prf.tp_pred += int(hit)
        if not hit:
            fs.false_alarms.append(f"{e.name} ({e.type})")
    return fs


def _gold_speaker_ok(a: Analysis, names: NameIndex, pred_name: str | None, pred_entity: str | None, gold_name: str | None) -> bool:
    if not gold_name:
        return pred_name in (None, "outlet")
    if not pred_name:
        return False
    return names_match(predicted_aliases(a, pred_name, pred_entity), names.gold_aliases(gold_name))


def score_quotes(a: Analysis, gold: dict[str, Any], names: NameIndex) -> FieldScore:
    """Quote P/R/F1 by content overlap (token Jaccard >= 0.5); exact content, speaker, cue, kind, when."""
    text = a.document.text
    fs = FieldScore()
    golds = [(g, _spans(text, g["content"], g)) for g in gold.get("quotes", [])]
    used: set[int] = set()
    for g, spans in golds:
        best, best_j = None, 0.0
        for i, q in enumerate(a.quotes):
            if i in used:
                continue
            j = max((token_jaccard(q.content.text, text[s[0]:s[1]]) for s in spans if overlaps((q.content.start, q.content.end), s)), default=0.0)
            if j > best_j:
                best, best_j = i, j
        matched = best is not None and best_j >= CONTENT_JACCARD
        if not _skip(g):
            fs.prf.n_gold += 1
            fs.prf.tp_gold += int(matched)
        if not matched:
            if not _skip(g):
                fs.misses.append(f"{g['speaker']}: {g['content'][:70]!r}")
                fs.ratio("speaker_all").hit(False)
            continue
        assert best is not None
        used.add(best)
        q = a.quotes[best]
        if _skip(g):
            continue
        fs.ratio("exact_content").hit(strip_quotes(q.content.text) == strip_quotes(g["content"]))
        sp_ok = _gold_speaker_ok(a, names, q.speaker.name if q.speaker else None, q.speaker.entity if q.speaker else None, g["speaker"])
        fs.ratio("speaker").hit(sp_ok)
        fs.ratio("speaker_all").hit(sp_ok)
        # a speaker the stage flags unresolved (the pronoun or description kept as its phrase) names nobody: it is a
        # miss, not words put in someone's mouth (from round seventeen; before, it counted as a wrong named speaker)
        named = bool(q.speaker and q.speaker.name and q.speaker.name != "outlet" and q.speaker.kind != "unresolved")
        fs.ratio("wrong_named_speaker_share").hit(named and not sp_ok)  # share of matched quotes, lower is better
        if not sp_ok:
            fs.misses.append(f"speaker of {g['content'][:40]!r}: gold {g['speaker']} got {q.speaker.name if q.speaker else None}")
        cue = q.cue.text.lower() if q.cue else ""
        fs.ratio("cue").hit(bool(cue) and (g["cue"].lower() in cue or cue in g["cue"].lower()))
        fs.ratio("kind").hit(q.kind == g["kind"])
        if g.get("when"):
            fs.ratio("when").hit(q.when == g["when"])
    for i, q in enumerate(a.quotes):
        if i in used:
            matched_gold = next((g for g, spans in golds if any(overlaps((q.content.start, q.content.end), s) for s in spans)), None)
            if matched_gold is not None and _skip(matched_gold):
                continue
            fs.prf.n_pred += 1
            fs.prf.tp_pred += 1
        else:
            opt = any(_skip(g) and any(overlaps((q.content.start, q.content.end), s) for s in spans) for g, spans in golds)
            if opt:
                continue
            fs.prf.n_pred += 1
            fs.false_alarms.append(f"{q.speaker.name if q.speaker else '?'}: {q.content.text[:70]!r}")
    return fs


def score_framing(a: Analysis, gold: dict[str, Any], names: NameIndex) -> FieldScore:
    """Framing span P/R/F1 by overlap, with technique and voice accuracy on matches."""
    text = a.document.text
    fs = FieldScore()
    golds = [(g, _spans(text, g["text"], g)) for g in gold.get("framing", [])]
    for g, spans in golds:
        hits = [f for f in a.framing if any(overlaps((f.start, f.end), s) for s in spans)]
        if _skip(g):
            continue
        fs.prf.n_gold += 1
        fs.prf.tp_gold += int(bool(hits))
        if not hits:
            fs.misses.append(f"{g['text']!r} {g['technique']}")
            continue
        fs.ratio("technique").hit(any(f.technique == g["technique"] for f in hits))
        voice = g.get("attributed_to")
        fs.ratio("voice").hit(any(
            (f.voice in ("outlet", a.document.outlet)) if not voice else names_match({norm_name(f.voice)}, names.gold_aliases(voice))
            for f in hits
        ))
    for f in a.framing:
        matched = [g for g, spans in golds if any(overlaps((f.start, f.end), s) for s in spans)]
        if matched and all(_skip(g) for g in matched):
            continue
        fs.prf.n_pred += 1
        fs.prf.tp_pred += int(bool(matched))
        if not matched:
            fs.false_alarms.append(f"{f.text!r} {f.technique}")
    return fs


def score_document(a: Analysis, gold: dict[str, Any], any_mention: bool = True) -> dict[str, FieldScore]:
    """Every field's score for one analysed document (``any_mention``: an event is found through any of its
    mentions, see ``gold_events``)."""
    names = NameIndex.from_gold(gold.get("entities", []))
    text = a.document.text

    def spans_of(string: str, item: dict[str, Any]) -> list[Span]:
        return _spans(text, string, item)

    events = score_events(a, gold, names, True, spans_of, _skip, any_mention)
    untyped = score_events(a, gold, names, False, spans_of, _skip, any_mention)
    events.sub["type_agnostic"] = untyped.prf
    add_event_extras(events, a, gold, names, spans_of, _skip, [sp for sp, _ in _removed_spans(text, gold)], any_mention)
    return {
        "removed": score_removed(a, gold),
        "timexes": score_timexes(a, gold),
        "entities": score_entities(a, gold),
        "quotes": score_quotes(a, gold, names),
        "events": events,
        "framing": score_framing(a, gold, names),
    }


def evaluate_dir(directory: Path, pipeline: Pipeline | None = None) -> Report:
    """Analyse every ``NAME.txt`` that has a ``NAME.gold.json`` beside it and score it."""
    pipeline = pipeline or Pipeline()
    report = Report()
    for gold_path in sorted(Path(directory).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        txt = gold_path.with_name(gold.get("file") or gold_path.name.replace(".gold.json", ".txt"))
        raw = txt.read_text(encoding="utf-8")
        doc = make_document(raw, id=txt.stem, published=gold.get("published"), outlet=gold.get("outlet"), source=str(txt))
        result = pipeline.analyze_document(doc)
        if isinstance(result, Failure):
            report.errors.append(f"{txt}: {result.message}")
            continue
        report.documents[txt.stem] = score_document(result, gold)
    return report
