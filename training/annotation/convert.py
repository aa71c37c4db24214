"""Turn annotators' located strings into offsets: one JSON line per document, ids and offsets only (no text).

Usage: python training/annotation/convert.py --views DIR --raw DIR --split data/annotations/news-2026-12/split.tsv
       --out data/annotations/news-2026-12 [--report report.json]

Every evidence string must be found in the unit named by its ``loc`` (or, failing that, in the same paragraph);
typographic quotes and runs of white space may differ. A label whose evidence is not found is discarded and
counted per label in the report.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from newsledger.evaluate.rounds import load_documents, read_split

TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND",
         "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
         "CRIME", "STATEMENT"}
MODALITIES = {"asserted", "reported", "planned", "hypothetical", "negated", "denied"}
QUOTE_KINDS = {"direct", "indirect", "mixed"}
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "LAW", "EVENT"}
# Only the first characters of a trigger are kept beside its offsets (a label, not the article's text).
MAX_TRIGGER_WORDS = 40
QUOTE_CHARS = "\"'“”‘’«»„"
_FOLD = str.maketrans({c: '"' for c in "“”«»„"} | {c: "'" for c in "‘’`"})


def _fold(s: str) -> str:
    return s.translate(_FOLD)


def _fuzzy_pattern(s: str) -> re.Pattern[str]:
    """A regex for ``s`` where quotes match any quote and white space any white space."""
    parts = []
    for ch in _fold(s.strip()):
        if ch.isspace():
            parts.append(r"\s+")
        elif ch == '"':
            parts.append("[\"“”«»„]")
        elif ch == "'":
            parts.append("['‘’`]")
        else:
            parts.append(re.escape(ch))
    return re.compile(re.sub(r"(?:\\s\+)+", lambda _: r"\s+", "".join(parts)))


class Locator:
    """Finds annotators' strings in one document's text by unit."""

    def __init__(self, text: str, units: dict[str, list[int]], removed: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.units = {k: (v[0], v[1]) for k, v in units.items()}
        self.removed = removed or []
        self.stats: Counter[str] = Counter()
        # a file may say ``"nth_mode": "word"``: its annotator counted whole-word occurrences only
        self.nth_words = False

    def _para(self, loc: str) -> tuple[int, int] | None:
        return self.units.get(loc.split(".")[0])

    def _whole(self, start: int, end: int) -> bool:
        """True when [start, end) does not begin or end inside a word."""
        t = self.text
        return not (start > 0 and t[start - 1].isalnum() and t[start].isalnum()) and not (
            end < len(t) and t[end].isalnum() and t[end - 1].isalnum())

    def _find_in(self, s: str, span: tuple[int, int], nth: int | None) -> tuple[int, int] | None:
        # ``nth`` counts plain occurrences in the unit, as the checker did for the annotators; without it, the first
        # occurrence that is not inside a word ("he" is never the end of "the")
        a, b = span
        hits = [m.start() for m in re.finditer(re.escape(s), self.text) if a <= m.start() < b]
        whole = [h for h in hits if self._whole(h, h + len(s))]
        if self.nth_words and nth is not None:
            return (whole[nth - 1], whole[nth - 1] + len(s)) if len(whole) >= nth else None
        if nth is not None and len(hits) >= nth and self._whole(hits[nth - 1], hits[nth - 1] + len(s)):
            return hits[nth - 1], hits[nth - 1] + len(s)
        k = nth or 1
        if len(whole) >= k:
            return whole[k - 1], whole[k - 1] + len(s)
        if nth is None and hits:
            return hits[0], hits[0] + len(s)
        fuzzy = [(m.start(), m.end()) for m in _fuzzy_pattern(s).finditer(self.text) if a <= m.start() < b]
        if len(fuzzy) >= (nth or 1):
            self.stats["fuzzy"] += 1
            return fuzzy[(nth or 1) - 1]
        return None

    def one(self, ev: Any) -> tuple[int, int] | None:
        """The span of one ``{"text", "loc", "nth"}`` evidence item, or None."""
        if not isinstance(ev, dict) or not isinstance(ev.get("text"), str) or not ev["text"].strip():
            return None
        s, loc = ev["text"], str(ev.get("loc", ""))
        nth = int(ev["nth"]) if ev.get("nth") else None
        unit = self.units.get(loc)
        found = self._find_in(s, unit, nth) if unit else None
        if found is None and self._para(loc):
            found = self._find_in(s, self._para(loc), None)  # type: ignore[arg-type]
            self.stats["relocated" if found else "missing"] += 1
        elif found is None:
            self.stats["missing"] += 1
        return found

    def strict(self, ev: dict[str, Any]) -> str | None:
        """Why a found item is located loosely (its ``nth`` hit sits inside a word, or it is not in its unit), or None."""
        s, unit = str(ev.get("text", "")), self.units.get(str(ev.get("loc", "")))
        if unit is None or not s:
            return None
        hits = [m.start() for m in re.finditer(re.escape(s), self.text) if unit[0] <= m.start() < unit[1]]
        if not hits:
            return "not in its unit (found elsewhere in the paragraph): check its loc"
        nth = int(ev["nth"]) if ev.get("nth") else None
        if nth is not None and not self.nth_words and len(hits) >= nth and not self._whole(hits[nth - 1], hits[nth - 1] + len(s)):
            return f"nth {nth} points inside a word: count every occurrence, also those inside words"
        return None

    def every(self, s: str) -> list[tuple[int, int]]:
        """Every word-bounded occurrence of a name outside removed text (``"loc": "*"``)."""
        pat = re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)")
        return [(m.start(), m.end()) for m in pat.finditer(self.text)
                if not any(a <= m.start() < b for a, b in self.removed)]


def _span(x: tuple[int, int] | None) -> list[int] | None:
    return [x[0], x[1]] if x else None


def _strip_quotes(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    while a < b and (text[a] in QUOTE_CHARS or text[a].isspace()):
        a += 1
    while b > a and (text[b - 1] in QUOTE_CHARS or text[b - 1].isspace()):
        b -= 1
    return a, b


def convert_document(raw: dict[str, Any], text: str, units: dict[str, list[int]], drops: Counter[str]) -> dict[str, Any]:
    """One annotated document as offsets; discarded labels are counted in ``drops`` by label."""
    loc = Locator(text, units)
    loc.nth_words = raw.get("nth_mode") == "word"
    removed = []
    for r in raw.get("removed") or []:
        first, last = loc.units.get(str(r.get("first"))), loc.units.get(str(r.get("last") or r.get("first")))
        if r.get("kind") not in ("boilerplate", "off_topic") or not first or not last or last[1] < first[0]:
            drops["removed"] += 1
            continue
        removed.append({"kind": r["kind"], "start": first[0], "end": last[1]})
    loc.removed = [(r["start"], r["end"]) for r in removed]
    entities, names = [], set()
    for e in raw.get("entities") or []:
        if not isinstance(e, dict) or not e.get("name") or e.get("type") not in ENTITY_TYPES:
            drops["entity"] += 1
            continue
        spans: set[tuple[int, int]] = set()
        for m in e.get("mentions") or []:
            if isinstance(m, dict) and m.get("loc") == "*" and isinstance(m.get("text"), str):
                found = loc.every(m["text"])
                spans.update(found)
                drops["entity_mention"] += not found
            else:
                one = loc.one(m)
                drops["entity_mention"] += one is None
                if one:
                    spans.add(one)
        names.add(e["name"])
        entities.append({"name": e["name"], "type": e["type"], "mentions": [list(s) for s in sorted(spans)]})
    quotes = []
    for q in raw.get("quotes") or []:
        content = loc.one(q.get("content")) if isinstance(q, dict) else None
        if content is None or q.get("kind") not in QUOTE_KINDS or not q.get("speaker"):
            drops["quote"] += 1
            continue
        content = _strip_quotes(text, content)
        quotes.append({"kind": q["kind"], "speaker": q["speaker"], "speaker_listed": q["speaker"] in names,
                       "source": _span(loc.one(q.get("source"))), "cue": _span(loc.one(q.get("cue"))),
                       "content": list(content), "optional": bool(q.get("optional"))})
    events = []
    for ev in raw.get("events") or []:
        trig = loc.one(ev.get("trigger")) if isinstance(ev, dict) else None
        if trig is None or ev.get("type") not in TYPES or ev.get("modality", "asserted") not in MODALITIES:
            drops[f"event:{ev.get('type') if isinstance(ev, dict) else '?'}"] += 1
            continue
        rec: dict[str, Any] = {"type": ev["type"], "trigger": list(trig), "trigger_words": text[trig[0]:trig[1]][:MAX_TRIGGER_WORDS]}
        for role in ("actor", "target", "where"):
            rec[role] = ev.get(role) or None
            rec[f"{role}_mention"] = _span(loc.one(ev.get(f"{role}_mention"))) if ev.get(f"{role}_mention") else None
        rec.update({"when": ev.get("when") or None, "modality": ev.get("modality") or "asserted",
                    "claimed_by": ev.get("claimed_by") or None, "optional": bool(ev.get("optional"))})
        rec["mentions"] = [list(s) for s in (loc.one(m) for m in ev.get("mentions") or []) if s]
        events.append(rec)
    drops.update({f"locate:{k}": v for k, v in loc.stats.items()})
    return {"doc": raw.get("doc"), "removed": removed, "entities": entities, "quotes": quotes, "events": events}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--views", type=Path, required=True)
    ap.add_argument("--raw", type=Path, required=True)
    ap.add_argument("--split", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--report", type=Path)
    ns = ap.parse_args()
    rows = read_split(ns.split)
    done = [r for r in rows if (ns.raw / f"{r.id.replace(':', '__')}.json").exists()]
    docs = load_documents(ns.shared, [r.id for r in done])
    drops: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    by_split: dict[str, list[dict[str, Any]]] = {}
    for r in done:
        name = r.id.replace(":", "__")
        raw = json.loads((ns.raw / f"{name}.json").read_text(encoding="utf-8"))
        units = json.loads((ns.views / f"{name}.seg.json").read_text(encoding="utf-8"))["units"]
        raw["doc"] = r.id
        rec = convert_document(raw, docs[r.id].text, units, drops)
        for key in ("removed", "entities", "quotes", "events"):
            kept[key] += len(rec[key])
        kept["entity_mention"] += sum(len(e["mentions"]) for e in rec["entities"])
        by_split.setdefault(r.split, []).append(rec)
    for split, recs in by_split.items():
        with (ns.out / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in sorted(recs, key=lambda x: x["doc"]):
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    report = {"documents": {s: len(v) for s, v in by_split.items()}, "kept": dict(kept), "discarded": dict(drops)}
    print(json.dumps(report, indent=1))
    if ns.report:
        ns.report.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
