"""Drop the events of a round that a second session judged wrong (e.g. the additions of a completeness pass).

Usage: python training/annotation/adjudicate.py --round data/annotations/news-2026-12h --split test \
           --verdicts VERDICTS.json [VERDICTS.json ...] --out data/annotations/news-2026-12h/adjudication.json

Each verdict file is a list of ``{"key": "<doc>#event<i>", "label": ..., "ok": bool, "problem": ...}`` (audit.py's
verdict format); ``i`` indexes the events of the split file as it is before this command. Events with ``ok`` false are
removed from ``<split>.jsonl`` in place; the record written to ``--out`` lists every verdict (ids, labels and short
reasons only, no article text), so the step can be read back and undone from git history.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

KEY_RE = re.compile(r"^(?P<doc>.+)#event(?P<i>\d+)$")


def drop(records: list[dict[str, Any]], verdicts: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The records without the events judged wrong, and how many were dropped."""
    wrong: dict[str, set[int]] = {}
    for v in verdicts:
        m = KEY_RE.match(str(v["key"]))
        if m is None:
            raise ValueError(f"verdict key {v['key']!r} is not '<doc>#event<i>': only events can be adjudicated")
        if not v["ok"]:
            wrong.setdefault(m["doc"], set()).add(int(m["i"]))
    docs = {r["doc"] for r in records}
    unknown = sorted(set(wrong) - docs)
    if unknown:
        raise ValueError(f"verdicts name documents that are not in the split: {unknown[:3]}")
    out, n = [], 0
    for r in records:
        gone = wrong.get(r["doc"], set())
        if any(i >= len(r["events"]) for i in gone):
            raise ValueError(f"{r['doc']}: a verdict names an event index past the {len(r['events'])} events of the file")
        n += len(gone)
        out.append({**r, "events": [e for i, e in enumerate(r["events"]) if i not in gone]})
    return out, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--round", type=Path, required=True)
    ap.add_argument("--split", default="test")
    ap.add_argument("--verdicts", type=Path, nargs="+", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ns = ap.parse_args()
    path = ns.round / f"{ns.split}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = [v for f in ns.verdicts for v in json.loads(f.read_text(encoding="utf-8"))]
    kept, n = drop(records, verdicts)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    keep = [{k: v[k] for k in ("key", "label", "ok", "problem") if k in v} for v in verdicts]
    ns.out.write_text(json.dumps({"split": ns.split, "judged": len(verdicts), "dropped": n, "verdicts": keep}, indent=1), encoding="utf-8")
    print(f"{len(verdicts)} verdicts, {n} events dropped -> {path}")


if __name__ == "__main__":
    main()
