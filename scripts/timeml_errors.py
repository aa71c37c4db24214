"""List every timex error of the timexes stage on TimeML files, with its sentence and the DCT.

Usage: PYTHONPATH=src python scripts/timeml_errors.py ../shared/data/timebank [--group AQUAINT] [--json OUT]

One line per error: group, document, DCT (and its weekday), kind (value, miss, false_alarm), gold text and
value, system text and value, then the text around it. ``--json`` writes the same rows to a file (the
input of scripts/timeml_conflicts.py --errors, which then need not run the pipeline again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newsledger.evaluate.timeml import Scores, TimeMLDoc, read_dir, score_doc

CONTEXT = 110  # characters either side of an error shown with it (about one sentence)


def error_rows(directory: Path, group: str | None = None) -> tuple[list[TimeMLDoc], list[dict[str, Any]], dict[str, Scores]]:
    """Run the timexes stage on ``directory``: its documents, one row per error (with context), Scores per group."""
    from newsledger.pipeline import Failure, Pipeline

    docs = [d for d in read_dir(directory) if group is None or d.group == group]
    pipe = Pipeline(stages=["timexes"])
    rows: list[dict[str, Any]] = []
    scores: dict[str, Scores] = {}
    for d, result in zip(docs, pipe.analyze_many(_documents(docs)), strict=True):
        if isinstance(result, Failure):
            raise SystemExit(f"{result.source}: {result.message}")
        s_doc = score_doc(d, result.timexes)
        scores.setdefault(d.group, Scores(name=d.group)).add(s_doc)
        removed = [(r.start, r.end) for r in result.removed]
        for e in s_doc.errors:
            if e["kind"] == "span":
                continue
            s, t = e["start"], e["end"]
            e["removed"] = any(a < t and s < b for a, b in removed)  # inside a passage the clean stage removed
            e.update(group=d.group, dct=d.dct.isoformat(), dct_weekday=d.dct.strftime("%a"))
            e["left"] = d.text[max(0, s - CONTEXT) : s]
            e["right"] = d.text[t : t + CONTEXT]
            rows.append(e)
    return docs, rows, scores


def _documents(docs: list[TimeMLDoc]) -> Any:
    from newsledger.document import Document

    for d in docs:
        yield Document(id=d.name, text=d.text, published=d.dct)


def _line(e: dict[str, Any]) -> str:
    left = " ".join(e["left"].split())
    right = " ".join(e["right"].split())
    head = f"{e['group']}\t{e['doc']}\t{e['dct']} {e['dct_weekday']}\t{e['kind']}"
    vals = f"gold={e.get('gold', '-')!s:<14} sys={e.get('system', '-')!s:<14} [{e['text']}]"
    if e.get("system_text") and e["system_text"] != e["text"]:
        vals += f" (sys span [{e['system_text']}])"
    return f"{head}\t{vals}\t...{left[-90:]} <<{e['text']}>> {right[:90]}..."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--group", help="only this sub-folder (e.g. AQUAINT)")
    ap.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = ap.parse_args()
    _, rows, _ = error_rows(args.directory, args.group)
    for e in rows:
        sys.stdout.write(_line(e) + "\n")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
