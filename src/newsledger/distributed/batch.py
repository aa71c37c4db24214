"""Batch runner: analyse a stream of documents in worker processes, in order, with bounded memory."""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from newsledger.distributed.encoded import Encoded, Want, encode
from newsledger.distributed.lifeline import tie_to_parent
from newsledger.document import Analysis, Document
from newsledger.pipeline import BATCH_SIZE, Failure, Pipeline

# Batches in flight per worker. Results come back in input order, so while the parent waits for a slow
# batch the other workers go on with the batches already queued; 4 keeps them busy through that wait
# without reading far ahead of what has been analysed (streaming input stays streaming).
IN_FLIGHT_PER_WORKER = 4
# The documents left when the input ends go out in this many batches per worker (see ``_batches``).
TAIL_SPLIT = 4


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

    results: list[Analysis | Encoded | Failure]
    pid: int
    peak_rss: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step in this batch


def analyze_batch(spec: PipelineSpec, documents: list[Document]) -> BatchResult:
    """Analyse one batch in the current process (the worker-side entry point)."""
    t0 = time.perf_counter()
    pipeline = worker_pipeline(spec)
    before = dict(pipeline.timings)
    results: list[Analysis | Encoded | Failure] = list(pipeline.analyze_many(documents, batch_size=max(1, len(documents))))
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


def _encode_remote(spec: PipelineSpec, documents: list[Document], want: Want) -> BatchResult:
    """``analyze_batch`` whose analyses are serialised where they were made (see ``Encoded``)."""
    batch = analyze_batch(spec, documents)
    batch.results = [encode(r, want) if isinstance(r, Analysis) else r for r in batch.results]
    for result in batch.results:
        if isinstance(result, Encoded):
            result.document = _DETACHED
            if result.analysis is not None:
                result.analysis.document = _DETACHED
    return batch


# Stands in for the document of an Analysis on its way back from a worker (see ``_analyze_remote``).
_DETACHED = Document(id="", text="")


def _reattach(batch: BatchResult, documents: list[Document]) -> BatchResult:
    """Give each result of a worker's batch its document back (results are in the batch's order)."""
    for result, document in zip(batch.results, documents, strict=True):
        if isinstance(result, Analysis | Encoded):
            result.document = document
        if isinstance(result, Encoded) and result.analysis is not None:
            result.analysis.document = document
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


def _batches(documents: Iterable[Document], size: int, workers: int = 1) -> Iterator[list[Document]]:
    """Batches of ``size`` documents; with several workers the last ones are split finer.

    Workers take the next batch when they finish one, so a run ends when the last batch does; with
    batches of 32 articles one worker could go on alone for several seconds. The runner therefore reads
    ``workers * size`` documents ahead, and once the input ends it splits what is left into
    ``TAIL_SPLIT * workers`` batches, so that the workers finish at about the same time.
    """
    if workers <= 1:
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch
        return
    ahead: deque[Document] = deque()
    for document in documents:
        ahead.append(document)
        if len(ahead) >= size * (workers + 1):
            yield [ahead.popleft() for _ in range(size)]
    step = max(1, -(-len(ahead) // (TAIL_SPLIT * workers)))
    while ahead:
        yield [ahead.popleft() for _ in range(min(step, len(ahead)))]


def start_method() -> str:
    """``fork`` where it is safe and cheap (Linux), else ``spawn``.

    With fork the parent loads the model once and every worker starts with it (copy-on-write pages), so
    no worker imports spaCy or reads the model again; the pool is started before the parent starts any
    thread (``Runner.start``). ``NEWSLEDGER_START_METHOD=spawn`` forces spawned workers.
    """
    wanted = os.environ.get("NEWSLEDGER_START_METHOD", "")
    if wanted in ("fork", "spawn", "forkserver"):
        return wanted
    return "fork" if sys.platform == "linux" else "spawn"


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
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Load the model and start the worker processes now (call before starting threads in this process)."""
        if self.workers == 1:
            worker_pipeline(self.spec)
            return
        if self._pool is not None:
            return
        if start_method() == "fork":
            pipeline = worker_pipeline(self.spec)  # loaded once here; every forked worker inherits it
            if not self.spec.accurate:  # (torch's thread pools must not be started before a fork)
                pipeline.warm_up()  # the stages' lexicons and models too, not once per worker
            gc.collect()
            gc.freeze()  # keep the model's objects out of the collector, so their pages stay shared
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        """A pool of ``workers`` processes, started now; forked only while this process has no other thread."""
        method = start_method()
        if method == "fork" and threading.active_count() > 1:
            method = "spawn"  # a replacement pool after a worker died, with the progress bar's thread running
        ctx = multiprocessing.get_context(method)
        pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.spec, os.getpid()))
        pool.submit(os.getpid).result()  # the pool starts its workers on the first submit; make that happen now
        return pool

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _account(self, batch: BatchResult) -> Iterator[Analysis | Encoded | Failure]:
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
        for result in self._run(documents, None):
            assert not isinstance(result, Encoded)
            yield result

    def run_encoded(self, documents: Iterable[Document], want: Want) -> Iterator[Encoded | Failure]:
        """Yield an Encoded (serialised where it was analysed) or a Failure per document, in input order."""
        for result in self._run(documents, want):
            assert not isinstance(result, Analysis)
            yield result

    def _run(self, documents: Iterable[Document], want: Want | None) -> Iterator[Analysis | Encoded | Failure]:
        if self.workers == 1:
            for batch in _batches(documents, self.batch_size):
                done = analyze_batch(self.spec, batch)
                if want is not None:
                    done.results = [encode(r, want) if isinstance(r, Analysis) else r for r in done.results]
                yield from self._account(done)
            return
        self.start()
        try:
            pending: deque[tuple[Future[BatchResult], list[Document]]] = deque()
            limit = self.workers * IN_FLIGHT_PER_WORKER
            for batch in _batches(documents, self.batch_size, self.workers):
                pending.append((self._submit(batch, want), batch))
                while len(pending) >= limit:
                    yield from self._collect(pending, want)
            while pending:
                yield from self._collect(pending, want)
        finally:
            self.close()

    def _submit(self, documents: list[Document], want: Want | None) -> Future[BatchResult]:
        assert self._pool is not None
        if want is None:
            return self._pool.submit(self.remote, self.spec, documents)
        return self._pool.submit(_encode_remote, self.spec, documents, want)

    def _collect(self, pending: deque[tuple[Future[BatchResult], list[Document]]],
                 want: Want | None) -> Iterator[Analysis | Encoded | Failure]:
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
                    yield from self._alone(document, want)
            return
        yield from self._account(_reattach(batch, sent))

    def _alone(self, document: Document, want: Want | None) -> Iterator[Analysis | Encoded | Failure]:
        """One document in its own task (after a worker died), in a fresh pool if needed."""
        for _ in range(2):
            try:
                batch = self._submit([document], want).result()
            except BrokenProcessPool:
                assert self._pool is not None
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                continue
            yield from self._account(_reattach(batch, [document]))
            return
        failure = Failure(document.id, "the worker process died while analysing it (out of memory, or a crash in"
                          " a native library); the other documents went on")
        yield from self._account(BatchResult([failure], 0, 0, 0.0))
