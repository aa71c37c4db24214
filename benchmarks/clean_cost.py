"""Per-article cost of each pipeline step (``Pipeline.timings``) on the first AllSides articles, with CPU time.

Usage (needs ../shared):
    PYTHONPATH=src python benchmarks/clean_cost.py --n 200 [--accurate] [--json out.json]
The whole pipeline (spaCy and every stage) runs in this one process over the first ``--n`` AllSides articles
(file order); it prints milliseconds per article of each step (``Pipeline.timings``, wall clock per step), the
CPU milliseconds of each stage (``time.process_time`` around the stage function) and of the whole process,
and the load average, since other jobs on a shared machine stretch the wall-clock figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context


def allsides(path: Path, n: int) -> list[Document]:
    """The first ``n`` AllSides articles as documents."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(Document(id=rec["ID"], text=rec["text"], title=rec.get("title")))
            if len(docs) >= n:
                break
    return docs


def _cpu_timed(name: str, func: Callable[[Context], Any], spent: dict[str, float]) -> Callable[[Context], Any]:
    """The stage function, adding its process CPU seconds to ``spent[name]``."""
    def timed(ctx: Context) -> Any:
        t0 = time.process_time()
        try:
            return func(ctx)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - t0
    return timed


def measure(docs: list[Document], accurate: bool, stages: list[str] | None = None) -> dict[str, object]:
    """Milliseconds per article of each step, and of the process CPU, over one run of the documents (``stages``:
    only these stages, after the one spaCy pass)."""
    pipe = Pipeline(accurate=accurate) if stages is None else Pipeline(stages=stages, accurate=accurate)
    cpu_steps: dict[str, float] = {}
    pipe.stages = [dataclasses.replace(s, func=_cpu_timed(s.name, s.func, cpu_steps)) for s in pipe.stages]
    pipe.analyze_document(Document(id="warm-up", text="A first sentence. A second one.\n\nA third paragraph here."))
    pipe.timings.clear()
    cpu_steps.clear()
    load = os.getloadavg()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in pipe.analyze_many(docs):
        pass
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = max(1, len(docs))
    return {"articles": len(docs), "accurate": accurate, "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "ms_per_article": {k: round(1000 * v / n, 2) for k, v in sorted(pipe.timings.items())},
            "stage_cpu_ms_per_article": {k: round(1000 * v / n, 2) for k, v in sorted(cpu_steps.items())},
            "process_cpu_ms_per_article": round(1000 * cpu / n, 1), "wall_ms_per_article": round(1000 * wall / n, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=Path("../shared/data/news/allsides-articles.jsonl"))
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--accurate", action="store_true")
    ap.add_argument("--stages", nargs="*", default=None, help="only these stages (e.g. clean); default all")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = ap.parse_args()
    result = measure(allsides(args.source, args.n), args.accurate, args.stages)
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
