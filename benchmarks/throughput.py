"""Throughput of the whole newsledger pipeline against plain spaCy ``nlp.pipe``, from one run.

Usage:
    PYTHONPATH=src python benchmarks/throughput.py CORPUS --n 2000 --workers 1,2 [--json out.json]

For each worker count W the benchmark runs, each in a fresh process (so that peak RSS is per run):
  * baseline: ``spacy.load(model)`` as shipped (full small pipeline) and ``list(nlp.pipe(texts, n_process=W))``;
  * newsledger: ``batch.Runner(workers=W)`` over the same documents (spaCy + every registered stage).
It prints articles/s, words/s and peak RSS per worker of both, their ratio, the time per step (spaCy and each
stage, summed over workers, as articles/s of that step alone) and a scaling table. Worker start-up and model
loading inside worker processes count for both sides alike; the W=1 runs load the model before the clock.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path
from typing import Any

from newsledger.distributed.batch import PipelineSpec, Runner, peak_rss_bytes
from newsledger.document import Document
from newsledger.ingest import read_paths
from newsledger.runtime.model import available_model

GIB = 1024**3


def load_documents(corpus: str, n: int) -> list[Document]:
    """The first ``n`` readable documents of the corpus."""
    docs: list[Document] = []
    for item in read_paths([corpus]):
        if isinstance(item, Document):
            docs.append(item)
            if len(docs) >= n:
                break
    return docs


def _children_peak() -> int:
    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)


def _baseline(texts: list[str], model: str, workers: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers):
        pass
    secs = time.perf_counter() - t0
    rss = peak_rss_bytes() if workers == 1 else _children_peak()
    return {"seconds": secs, "peak_rss_per_worker": rss}


def _newsledger(docs: list[Document], model: str, workers: int) -> dict[str, Any]:
    spec = PipelineSpec(model=model)
    if workers == 1:
        from newsledger.distributed.batch import worker_pipeline

        worker_pipeline(spec)  # load before the clock, as the baseline does
    runner = Runner(spec, workers=workers)
    t0 = time.perf_counter()
    failures = sum(1 for r in runner.run(docs) if not hasattr(r, "document"))
    secs = time.perf_counter() - t0
    rss = max(runner.stats.peak_rss.values()) if runner.stats.peak_rss else peak_rss_bytes()
    return {"seconds": secs, "peak_rss_per_worker": rss, "failures": failures, "timings": runner.stats.timings}


def _child(kind: str, payload: Any, model: str, workers: int, queue: Any) -> None:
    if kind == "baseline":
        queue.put(_baseline(payload, model, workers))
    else:
        queue.put(_newsledger(payload, model, workers))


def measure(kind: str, payload: Any, model: str, workers: int) -> dict[str, Any]:
    """Run one measurement in a fresh process and return its figures."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(kind, payload, model, workers, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="JSONL/TXT corpus (e.g. ../shared/data/news/allsides-articles.jsonl)")
    ap.add_argument("--n", type=int, default=2000, help="number of articles")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (same n_process for spaCy)")
    ap.add_argument("--model", default=None, help="spaCy model package (default: the installed small model)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    model = args.model or available_model()
    docs = load_documents(args.corpus, args.n)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus {args.corpus}: {len(docs)} articles, {words:,} words; model {model}")
    rows: list[dict[str, Any]] = []
    for w in [int(x) for x in args.workers.split(",")]:
        base = measure("baseline", texts, model, w)
        ours = measure("newsledger", docs, model, w)
        row = {"workers": w, "articles": len(docs), "words": words, "baseline": base, "newsledger": ours,
               "ratio": base["seconds"] / ours["seconds"]}
        rows.append(row)
        for name, r in (("nlp.pipe (full)", base), ("newsledger", ours)):
            print(f"W={w} {name:16s} {len(docs) / r['seconds']:8.2f} articles/s {words / r['seconds']:10,.0f} words/s"
                  f"  peak RSS/worker {r['peak_rss_per_worker'] / GIB:.2f} GiB")
        print(f"W={w} ratio newsledger / nlp.pipe = {row['ratio']:.2f}x")
        steps = ours.get("timings", {})
        for step, secs in sorted(steps.items(), key=lambda kv: -kv[1]):
            rate = len(docs) / secs if secs > 0 else float("inf")
            print(f"      step {step:10s} {secs:8.1f} s (summed over workers) {rate:10.1f} articles/s"
                  f" {words / secs if secs > 0 else float('inf'):12,.0f} words/s")
    print("\nscaling (articles/s):\n| workers | nlp.pipe | newsledger | ratio | peak RSS/worker (GiB) |")
    print("|---|---|---|---|---|")
    for row in rows:
        b, o = row["baseline"], row["newsledger"]
        print(f"| {row['workers']} | {len(docs) / b['seconds']:.2f} | {len(docs) / o['seconds']:.2f} | "
              f"{row['ratio']:.2f}x | {o['peak_rss_per_worker'] / GIB:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
