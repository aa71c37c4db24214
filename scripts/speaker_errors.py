"""Count the quotes stage's speaker errors by class on a split of an annotation round (dev by default; never test).

Usage: PYTHONPATH=src:training python scripts/speaker_errors.py [--round data/annotations/news-2026-12]
       [--split dev] [--cache /tmp/round] [--show KIND]

Every required gold quote is one row: not found (no predicted quote matches its content with the gold scorer's
rule), found with the right speaker, or found with a wrong one. Wrong speakers are counted by the kind of the gold
source mention (pronoun, description, surname, name, missing: no source near the quote) and by what the stage gave
(a wrong entity, the literal phrase, an unresolved phrase, no speaker). ``--show KIND`` prints the wrong ones of
that source kind with both speakers. Gold quotes not found are counted by why: ``missed partial`` (a predicted
quote overlaps the content but matches below the scorer's Jaccard: a boundary error) or ``missed none`` (nothing
overlaps), by the gold kind and by where the cue stands (before or after the content, or no cue); ``--show
missed`` prints them. ``strict`` counts a speaker right only when the predicted entity's
names (its name and aliases, not its descriptions or titles) match the gold speaker's aliases, or when a literal
speaker equals one: the scorer also accepts a wrong person whose record holds a description that is one of the
gold speaker's mentions ("the president" linked to the vice president). ``--show named`` prints every wrong
speaker that has a name (what the scorer's "wrong named" counts) with the text before it, for reading by class.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from common.rounds import context, parsed
from newsledger.document import Analysis
from newsledger.evaluate.gold import _gold_speaker_ok
from newsledger.evaluate.matching import PRONOUNS, NameIndex, names_match, norm_name, overlaps, token_jaccard
from newsledger.evaluate.round_gold import gold_from_record
from newsledger.pipeline import Pipeline
from newsledger.runtime.model import load_model

CONTENT_JACCARD = 0.5


def source_kind(text: str, q: dict[str, Any]) -> str:
    """pronoun | surname | name | description | missing: how the gold source mention names the speaker."""
    if not q.get("source"):
        return "missing"
    phrase = text[q["source"][0]:q["source"][1]].strip()
    words = phrase.split()
    if phrase.lower() in PRONOUNS or phrase.lower() in ("he", "she", "they", "it", "who", "which"):
        return "pronoun"
    if len(words) == 1 and phrase[:1].isupper():
        return "surname" if len(q["speaker"].split()) > 1 and phrase in q["speaker"].split() else "name"
    caps = [w for w in words if w[:1].isupper() and w.lower() not in ("the", "a", "an")]
    return "name" if caps and any(w in q["speaker"] for w in caps) else "description"


def strict_ok(a: Analysis, names: NameIndex, name: str | None, entity: str | None, gold: str | None) -> bool:
    """The speaker is right by the entity's names only (no descriptions or titles of the predicted record)."""
    if not gold or not name:
        return not gold and name in (None, "outlet")
    ent = next((e for e in a.entities if e.id == entity), None) if entity else None
    said = {norm_name(n) for n in ([ent.name, *ent.aliases] if ent is not None else [name])} - {""}
    return names_match(said, names.gold_aliases(gold))


def missed_class(a: Analysis, q: dict[str, Any]) -> str:
    """Why a gold quote was not found: partial (a predicted quote overlaps it) or none, its kind, the cue's place."""
    s, e = q["content"]
    partial = any(overlaps((p.content.start, p.content.end), (s, e)) for p in a.quotes)
    where = "no cue" if not q.get("cue") else "cue after" if q["cue"][0] >= e else "cue before"
    return f"missed {'partial' if partial else 'none'} {q['kind']} {where}"


def match(a: Analysis, spans: list[tuple[int, int]]) -> list[int | None]:
    """The predicted quote each gold quote matches (the scorer's rule: best token Jaccard >= 0.5, one-to-one)."""
    text = a.document.text
    used: set[int] = set()
    out: list[int | None] = []
    for span in spans:
        best, best_j = None, 0.0
        for i, q in enumerate(a.quotes):
            if i in used or not overlaps((q.content.start, q.content.end), span):
                continue
            j = token_jaccard(q.content.text, text[span[0]:span[1]])
            if j > best_j:
                best, best_j = i, j
        if best is not None and best_j >= CONTENT_JACCARD:
            used.add(best)
            out.append(best)
        else:
            out.append(None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=Path, default=Path("data/annotations/news-2026-12"))
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--show", default="")
    ns = ap.parse_args()
    pipe = Pipeline(nlp=load_model(), stages=["quotes"])
    counts: Counter[str] = Counter()
    for document, doc, rec in parsed(ns.round, ns.shared, ns.split, ns.cache):
        a = context(document, doc, pipe).analysis
        gold = gold_from_record(rec, document)
        names = NameIndex.from_gold(gold["entities"])
        text = document.text
        for q, hit in zip(rec["quotes"], match(a, [tuple(q["content"]) for q in rec["quotes"]]), strict=True):
            if q.get("optional"):
                continue
            counts["gold"] += 1
            if hit is None:
                counts["not found"] += 1
                counts[missed_class(a, q)] += 1
                if ns.show == "missed":
                    cue = text[q["cue"][0]:q["cue"][1]] if q.get("cue") else None
                    print(f"[{missed_class(a, q)}] {document.id} cue={cue!r} | {text[q['content'][0]:q['content'][1]][:80]!r}")
                continue
            sp = a.quotes[hit].speaker
            if strict_ok(a, names, sp.name if sp else None, sp.entity if sp else None, q["speaker"]):
                counts["right (strict)"] += 1
            if _gold_speaker_ok(a, names, sp.name if sp else None, sp.entity if sp else None, q["speaker"]):
                counts["right"] += 1
                continue
            kind = source_kind(text, q)
            got = "none" if sp is None else "entity" if sp.entity else sp.kind
            counts[f"wrong {kind}"] += 1
            counts[f"wrong {kind} -> {got}"] += 1
            if got != "none" and sp and sp.name and sp.name != "outlet":
                counts["wrong named"] += 1
                if ns.show == "named":
                    cs = q["content"][0]
                    lo = min(cs, sp.start if sp.start is not None else cs)
                    para = text[max(0, lo - 250):q["content"][1] + 30].replace("\n", " / ")
                    print(f"[{kind} -> {got}] {document.id} gold={q['speaker']!r} got={sp.name!r} "
                          f"span={text[sp.start:sp.end] if sp.start is not None else None!r}\n    {para}")
            if ns.show in (kind, "all"):
                src = text[q["source"][0]:q["source"][1]] if q.get("source") else None
                print(f"[{kind}] {document.id} src={src!r} gold={q['speaker']!r} got={sp.name if sp else None!r} "
                      f"({got}) | {text[q['content'][0]:q['content'][1]][:60]!r}")
    for key in sorted(counts):
        print(f"{key:40} {counts[key]:5}")
    n = counts["gold"]
    print(f"strict speaker over all {counts['right (strict)'] / n:.3f}")
    print(f"speaker over all {counts['right'] / n:.3f}  wrong named share of found {counts['wrong named'] / (n - counts['not found']):.3f}")


if __name__ == "__main__":
    main()
