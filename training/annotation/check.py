"""Check annotators' files before they are handed in: every evidence string found, every name listed.

Usage: python training/annotation/check.py RAW.json [RAW.json ...] [--views DIR] [--shared ../shared]
Prints one line per problem and a summary line per file; exit status 1 when a file has a problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from convert import ENTITY_TYPES, MODALITIES, QUOTE_KINDS, TYPES, Locator  # type: ignore[import-not-found]

from newsledger.evaluate.rounds import load_documents

VIEWS = Path("/work/scratch/annot/views")


def problems(raw: dict[str, Any], text: str, units: dict[str, list[int]]) -> list[str]:
    """Human-readable problems of one annotated file."""
    out: list[str] = []
    loc = Locator(text, units)
    loc.nth_words = raw.get("nth_mode") == "word"

    def need(ev: Any, what: str, required: bool = True) -> None:
        if ev is None or ev == {}:
            if required:
                out.append(f"{what}: missing evidence")
            return
        if isinstance(ev, dict) and ev.get("loc") == "*":
            if not loc.every(str(ev.get("text", ""))):
                out.append(f"{what}: {ev.get('text')!r} with loc '*' occurs nowhere as a whole word")
            return
        if loc.one(ev) is None:
            out.append(f"{what}: {ev.get('text') if isinstance(ev, dict) else ev!r} not found in {ev.get('loc') if isinstance(ev, dict) else '?'}")
        elif isinstance(ev, dict) and (loose := loc.strict(ev)):
            out.append(f"{what}: {ev.get('text')!r} in {ev.get('loc')}: {loose}")

    for r in raw.get("removed") or []:
        if r.get("kind") not in ("boilerplate", "off_topic") or str(r.get("first")) not in units:
            out.append(f"removed: bad item {r}")
    names = set()
    for e in raw.get("entities") or []:
        names.add(e.get("name"))
        if e.get("type") not in ENTITY_TYPES:
            out.append(f"entity {e.get('name')!r}: type {e.get('type')!r} not one of {sorted(ENTITY_TYPES)}")
        for m in e.get("mentions") or []:
            need(m, f"entity {e.get('name')!r} mention")
    for i, q in enumerate(raw.get("quotes") or [], 1):
        if q.get("kind") not in QUOTE_KINDS:
            out.append(f"quote {i}: kind {q.get('kind')!r}")
        need(q.get("content"), f"quote {i} content")
        need(q.get("cue"), f"quote {i} cue", required=False)
        need(q.get("source"), f"quote {i} source", required=False)
        if q.get("speaker") not in names:
            out.append(f"quote {i}: speaker {q.get('speaker')!r} is not a listed entity")
    n_opt = n_req = 0
    for i, ev in enumerate(raw.get("events") or [], 1):
        tag = f"event {i} ({ev.get('type')})"
        if ev.get("type") not in TYPES:
            out.append(f"{tag}: unknown type")
        if ev.get("modality") not in MODALITIES:
            out.append(f"{tag}: modality {ev.get('modality')!r} not one of {sorted(MODALITIES)}")
        if ev.get("type") == "STATEMENT" and not ev.get("optional"):
            out.append(f"{tag}: STATEMENT events are always optional")
        if ev.get("modality") == "denied" and not ev.get("claimed_by"):
            out.append(f"{tag}: modality {ev.get('modality')} needs claimed_by")
        need(ev.get("trigger"), f"{tag} trigger")
        for role in ("actor", "target", "where", "claimed_by"):
            if ev.get(role) and ev[role] not in names:
                out.append(f"{tag}: {role} {ev[role]!r} is not a listed entity")
        for role in ("actor", "target", "where"):
            if ev.get(f"{role}_mention"):
                need(ev[f"{role}_mention"], f"{tag} {role}_mention")
        for m in ev.get("mentions") or []:
            need(m, f"{tag} other mention")
        if ev.get("type") != "STATEMENT":
            n_opt += bool(ev.get("optional"))
            n_req += 1
    if n_req >= 7 and n_opt > 0.2 * n_req:
        out.append(f"{n_opt} of {n_req} non-STATEMENT events are optional: keep optional items rare (about 1 in 7)")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--views", type=Path, default=VIEWS)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ns = ap.parse_args()
    bad = 0
    for path in ns.files:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: not readable JSON ({exc})")
            bad += 1
            continue
        doc_id = raw.get("doc") or path.stem.replace("__", ":", 1)
        text = load_documents(ns.shared, [doc_id])[doc_id].text
        units = json.loads((ns.views / f"{path.stem}.seg.json").read_text(encoding="utf-8"))["units"]
        found = problems(raw, text, units)
        for p in found:
            print(f"{path.name}: {p}")
        counts = {k: len(raw.get(k) or []) for k in ("removed", "entities", "quotes", "events")}
        print(f"{path.name}: {'OK' if not found else f'{len(found)} problem(s)'} {counts}")
        bad += bool(found)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
