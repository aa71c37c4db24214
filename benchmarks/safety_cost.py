"""CPU cost per article of reading (the reader boundary: decoding, validation, ids) and of each pipeline step.

Usage: PYTHONPATH=src python benchmarks/safety_cost.py CORPUS.jsonl --n 200 [--skip 0]

Reads the first ``--n`` documents of CORPUS twice (the first pass warms the caches) and reports the CPU
milliseconds per document of ``read_paths`` (``time.process_time``), then analyses them in one process and
reports ``Pipeline.timings`` per step (spaCy, each stage, and ``offsets``, the safety net behind the stages)
in milliseconds per document. Runs unchanged on a checkout without the reader-boundary validation, so the
same command measures before and after.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time

from newsledger.document import Document
from newsledger.ingest import read_paths
from newsledger.pipeline import Pipeline


def read(corpus: str, n: int, skip: int) -> tuple[list[Document], float]:
    t0 = time.process_time()
    docs = list(itertools.islice((d for d in read_paths([corpus]) if isinstance(d, Document)), skip, skip + n))
    return docs, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--skip", type=int, default=0)
    args = ap.parse_args()
    read(args.corpus, args.n, args.skip)  # warm-up
    docs, read_cpu = read(args.corpus, args.n, args.skip)
    pipeline = Pipeline()
    list(pipeline.analyze_many(docs[:8]))  # warm-up
    pipeline.timings.clear()
    t0 = time.process_time()
    results = list(pipeline.analyze_many(docs))
    cpu = time.process_time() - t0
    n = len(docs)
    report = {"documents": n, "read_cpu_ms_per_doc": round(1000 * read_cpu / n, 3),
              "analyze_cpu_ms_per_doc": round(1000 * cpu / n, 1),
              "timings_ms_per_doc": {k: round(1000 * v / n, 3) for k, v in sorted(pipeline.timings.items())},
              "failures": sum(1 for r in results if not hasattr(r, "document")), "load_average": os.getloadavg()}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
