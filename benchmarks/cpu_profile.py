"""CPU seconds per spaCy component, per stage and per-document overhead, single process (noise-free).

Usage:
    PYTHONPATH=src python benchmarks/cpu_profile.py CORPUS --n 250 [--skip 1000] [--batch 8] [--cprofile out.prof] [--accurate]

Wall-clock throughput is noise on a shared machine; ``time.process_time`` counts only this process's CPU.
The script parses the texts with the pipeline's components one at a time (each component's ``pipe`` over
batches of ``--batch`` documents, as ``nlp.pipe`` would), then runs every stage on the parsed Docs, and
finally times the per-document overhead of the batch runner: writing the JSON contract and pickling plus
unpickling the results as a worker returns them (without their documents). A warm-up pass over the first ``--warm`` documents fills the caches first.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import pickle
import sys
import time
from typing import Any

from newsledger.distributed.batch import _DETACHED
from newsledger.document import Analysis, Document
from newsledger.ingest import read_paths
from newsledger.pipeline import BATCH_SIZE, Pipeline
from newsledger.registry import Context
from newsledger.runtime.doctext import prepare, release
from newsledger.runtime.model import MAX_LENGTH


def load(corpus: str, n: int, skip: int) -> list[Document]:
    """Documents ``skip`` .. ``skip + n`` of the corpus (that fit spaCy's length limit)."""
    items = (d for d in read_paths([corpus]) if isinstance(d, Document) and len(d.text) <= MAX_LENGTH)
    return list(itertools.islice(items, skip, skip + n))


def parse(pipeline: Pipeline, texts: list[str], batch: int, cpu: dict[str, float]) -> list[Any]:
    """Parse ``texts`` component by component, adding each component's CPU seconds to ``cpu``."""
    nlp = pipeline.nlp
    out: list[Any] = []
    for start in range(0, len(texts), batch):
        t0 = time.process_time()
        docs = [nlp.make_doc(t) for t in texts[start:start + batch]]
        cpu["tokenizer"] = cpu.get("tokenizer", 0.0) + time.process_time() - t0
        for name, proc in nlp.pipeline:
            if name not in pipeline.components:
                continue
            t0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=batch)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            cpu[name] = cpu.get(name, 0.0) + time.process_time() - t0
        out.extend(docs)
    return out


def run_stages(pipeline: Pipeline, documents: list[Document], docs: list[Any], cpu: dict[str, float]) -> list[Analysis]:
    """Run the stages as ``Pipeline.run_stages`` does, adding CPU seconds per stage to ``cpu``."""
    results = []
    for document, doc in zip(documents, docs, strict=True):
        analysis = Analysis(document=document)
        prepare(doc, document.text)  # as Pipeline.run_stages does
        ctx = Context(document=document, doc=doc, analysis=analysis, accurate=pipeline.accurate)
        for stage in pipeline.stages:
            t0 = time.process_time()
            records = stage.func(ctx)
            cpu[stage.name] = cpu.get(stage.name, 0.0) + time.process_time() - t0
            setattr(analysis, stage.key, records)
            if stage.key == "removed":
                ctx.reset_removed_index()
        release(doc)
        results.append(analysis)
    return results


# CPU seconds of the garbage collector per generation ("start": when the running collection began).
_GC = {"start": 0.0, 0: 0.0, 1: 0.0, 2: 0.0}


def _gc_clock(phase: str, info: dict[str, int]) -> None:
    """Add the CPU time of each garbage collection to its generation's total in ``_GC``."""
    now = time.process_time()
    if phase == "start":
        _GC["start"] = now
    else:
        _GC[info["generation"]] += now - _GC["start"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--skip", type=int, default=0, help="documents to skip first")
    ap.add_argument("--warm", type=int, default=20, help="documents run once before measuring (caches)")
    ap.add_argument("--batch", type=int, default=BATCH_SIZE, help="documents per spaCy batch")
    ap.add_argument("--cprofile", default=None, help="also write a cProfile of the stages to this file")
    ap.add_argument("--spacy-only", action="store_true", help="time the spaCy components only")
    ap.add_argument("--accurate", action="store_true", help="the opt-in MiniLM stage modes (Pipeline(accurate=True))")
    args = ap.parse_args(argv)
    documents = load(args.corpus, args.n + args.warm, args.skip)
    warm, documents = documents[:args.warm], documents[args.warm:]
    pipeline = Pipeline(accurate=args.accurate)
    scratch: dict[str, float] = {}
    run_stages(pipeline, warm, parse(pipeline, [d.text for d in warm], args.batch, scratch), scratch)
    gc.collect()
    gc.freeze()  # as the batch runner does before forking its workers (distributed/batch.py Runner.start)
    gc.callbacks.append(_gc_clock)
    words = sum(len(d.text.split()) for d in documents)
    print(f"{len(documents)} documents, {words:,} words; components {pipeline.components}; batch {args.batch}")
    cpu: dict[str, float] = {}
    docs = parse(pipeline, [d.text for d in documents], args.batch, cpu)
    spacy_total = sum(cpu.values())
    if args.spacy_only:
        for step, secs in cpu.items():
            print(f"{step:22s} {secs:8.2f} {1000 * secs / len(documents):8.1f}")
        print(f"{'spaCy total':22s} {spacy_total:8.2f}")
        return 0
    prof = cProfile.Profile() if args.cprofile else None
    if prof:
        prof.enable()
    results = run_stages(pipeline, documents, docs, cpu)
    if prof:
        prof.disable()
        prof.dump_stats(args.cprofile)
    t0 = time.process_time()
    for r in results:
        r.to_json()
    cpu["(to_json)"] = time.process_time() - t0
    for r in results:  # as a worker sends them back (batch._analyze_remote): without their documents
        r.document = _DETACHED
    t0 = time.process_time()
    blob = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(blob)
    cpu["(pickle results)"] = time.process_time() - t0
    stages_total = sum(cpu[s.name] for s in pipeline.stages)
    print(f"{'step':22s} {'CPU s':>8s} {'ms/doc':>8s}")
    for step, secs in cpu.items():
        print(f"{step:22s} {secs:8.2f} {1000 * secs / len(documents):8.1f}")
    print(f"{'spaCy total':22s} {spacy_total:8.2f}\n{'stages total':22s} {stages_total:8.2f}")
    print(f"garbage collection (in the steps above), CPU s by generation: {_GC[0]:.2f} {_GC[1]:.2f} {_GC[2]:.2f}")
    print(f"pickled results (worker -> parent): {len(blob) / len(documents) / 1024:.1f} KiB/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
