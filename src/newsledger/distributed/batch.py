"""Batch runner: analyse a stream of documents in worker processes, in order, with bounded memory."""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from newsledger.distributed.lifeline import tie_to_parent
from newsledger.document import Analysis, Document
from newsledger.pipeline import BATCH_SIZE, Failure, Pipeline

# Batches in flight per worker: 2 keeps every worker busy while the parent stores the previous batch,
# without reading far ahead of what has been analysed (streaming input stays streaming).
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class PipelineSpec:
    """A picklable description of a pipeline, so that each worker process builds (loads) its own once."""

    model: str | None = None  # spaCy package name, "blank:en", or None for the default model
    stages: tuple[str, ...] | None = None  # None = every registered stage
    accurate: bool = False  # opt-in MiniLM modes (Pipeline.accurate)

    def build(self) -> Pipeline:
        """Load the model and build the pipeline (call once per process; see ``worker_pipeline``)."""
        from newsledger.runtime.model import load_model

        return Pipeline(nlp=load_model(self.model), stages=self.stages, accurate=self.accurate)


_PIPELINES: dict[PipelineSpec, Pipeline] = {}


def worker_pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of this process for ``spec``, loaded on first use (one model per worker process)."""
    pipeline = _PIPELINES.get(spec)
    if pipeline is None:
        pipeline = _PIPELINES[spec] = spec.build()
    return pipeline


def peak_rss_bytes() -> int:
    """Peak resident set size of this process in bytes (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


@dataclass
class BatchResult:
    """What one worker returns for one batch."""

    results: list[Analysis | Failure]
    pid: int
    peak_rss: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step in this batch


def analyze_batch(spec: PipelineSpec, documents: list[Document]) -> BatchResult:
    """Analyse one batch in the current process (the worker-side entry point)."""
    t0 = time.perf_counter()
    pipeline = worker_pipeline(spec)
    before = dict(pipeline.timings)
    results = list(pipeline.analyze_many(documents, batch_size=max(1, len(documents))))
    timings = {k: v - before.get(k, 0.0) for k, v in pipeline.timings.items()}
    return BatchResult(results, os.getpid(), peak_rss_bytes(), time.perf_counter() - t0, timings)


def _analyze_remote(spec: PipelineSpec, documents: list[Document]) -> BatchResult:
    """``analyze_batch`` in a worker process: the results go back without their documents.

    The parent already holds every document it sent, so pickling each text (and its metadata) a second
    time on the way back is wasted work on both sides; ``_reattach`` puts the parent's documents back.
    """
    batch = analyze_batch(spec, documents)
    for result in batch.results:
        if isinstance(result, Analysis):
            result.document = _DETACHED
    return batch


# Stands in for the document of an Analysis on its way back from a worker (see ``_analyze_remote``).
_DETACHED = Document(id="", text="")


def _reattach(batch: BatchResult, documents: list[Document]) -> BatchResult:
    """Give each Analysis of a worker's batch its document back (results are in the batch's order)."""
    for result, document in zip(batch.results, documents, strict=True):
        if isinstance(result, Analysis):
            result.document = document
    return batch


def _init_worker(spec: PipelineSpec, parent: int | None = None) -> None:
    tie_to_parent(parent)  # a killed run takes its workers with it (lifeline.py)
    worker_pipeline(spec)


@dataclass
class RunStats:
    """Counters of a run; ``peak_rss`` is per worker process id."""

    analysed: int = 0
    failed: int = 0
    words: int = 0
    peak_rss: dict[int, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, summed over workers


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Runner:
    """Runs a pipeline over documents with ``workers`` processes (1 = in this process), in input order.

    A worker that dies (killed for memory, a crash in native code) costs only the document it was on: the
    batches in flight are redone one document at a time in a new pool."""

    remote = staticmethod(_analyze_remote)  # what a worker runs per batch (tests put a crashing one here)

    def __init__(self, spec: PipelineSpec | None = None, workers: int = 1, batch_size: int = BATCH_SIZE) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.spec = spec or PipelineSpec()
        self.workers = workers
        self.batch_size = batch_size
        self.stats = RunStats()

    def _account(self, batch: BatchResult) -> Iterator[Analysis | Failure]:
        if batch.pid:
            self.stats.peak_rss[batch.pid] = max(self.stats.peak_rss.get(batch.pid, 0), batch.peak_rss)
        for step, secs in batch.timings.items():
            self.stats.timings[step] = self.stats.timings.get(step, 0.0) + secs
        for result in batch.results:
            if isinstance(result, Failure):
                self.stats.failed += 1
            else:
                self.stats.analysed += 1
                self.stats.words += len(result.document.text.split())
            yield result

    def run(self, documents: Iterable[Document]) -> Iterator[Analysis | Failure]:
        """Yield an Analysis or a Failure per document, in input order."""
        if self.workers == 1:
            for batch in _batches(documents, self.batch_size):
                yield from self._account(analyze_batch(self.spec, batch))
            return
        self._pool = self._new_pool()
        try:
            pending: deque[tuple[Future[BatchResult], list[Document]]] = deque()
            limit = self.workers * IN_FLIGHT_PER_WORKER
            for batch in _batches(documents, self.batch_size):
                pending.append((self._pool.submit(self.remote, self.spec, batch), batch))
                while len(pending) >= limit:
                    yield from self._collect(pending)
            while pending:
                yield from self._collect(pending)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent may hold threads (progress bar) and a loaded model must not be shared
        ctx = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.spec, os.getpid()))

    def _collect(self, pending: deque[tuple[Future[BatchResult], list[Document]]]) -> Iterator[Analysis | Failure]:
        """The results of the oldest batch in flight; when a worker died, every batch in flight is redone one
        document at a time in a new pool, so only the document that kills a worker fails."""
        future, sent = pending.popleft()
        try:
            batch = future.result()
        except BrokenProcessPool:
            redo = [sent] + [b for _, b in pending]
            pending.clear()
            for documents in redo:
                for document in documents:
                    yield from self._alone(document)
            return
        yield from self._account(_reattach(batch, sent))

    def _alone(self, document: Document) -> Iterator[Analysis | Failure]:
        """One document in its own task (after a worker died), in a fresh pool if needed."""
        try:
            batch = self._pool.submit(self.remote, self.spec, [document]).result()
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            try:
                batch = self._pool.submit(self.remote, self.spec, [document]).result()
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                failure = Failure(document.id, "the worker process died while analysing it (out of memory, or a crash in"
                                  " a native library); the other documents went on")
                yield from self._account(BatchResult([failure], 0, 0, 0.0))
                return
        yield from self._account(_reattach(batch, [document]))
