"""Workers die with their parent, and a worker that dies costs only the document it was on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsledger.distributed.batch import BatchResult, PipelineSpec, Runner, _analyze_remote
from newsledger.document import Analysis, Document
from newsledger.pipeline import Failure
from tests.articles import write_jsonl
from tests.processes import alive as _alive
from tests.processes import children as _children

SRC = str(Path(__file__).resolve().parents[2] / "src")
BLANK = PipelineSpec(model="blank:en", stages=())


def _crash_on_marker(spec: PipelineSpec, documents: list[Document]) -> BatchResult:
    """A worker that dies (as if killed for memory) when it meets the marker text."""
    if any("KILL-THE-WORKER" in d.text for d in documents):
        os._exit(137)
    return _analyze_remote(spec, documents)


class CrashingRunner(Runner):
    remote = staticmethod(_crash_on_marker)


@pytest.mark.slow
def test_a_dying_worker_costs_only_its_document() -> None:
    docs = [Document(f"d{i}", f"Plain text number {i} about the canal.") for i in range(14)]
    docs[5] = Document("poison", "This text says KILL-THE-WORKER and takes its process down.")
    runner = CrashingRunner(BLANK, workers=2, batch_size=3)
    results = list(runner.run(docs))
    assert [r.source if isinstance(r, Failure) else r.document.id for r in results] == [d.id for d in docs]
    failed = [r for r in results if isinstance(r, Failure)]
    assert [f.source for f in failed] == ["poison"] and "worker process died" in failed[0].message
    assert sum(isinstance(r, Analysis) for r in results) == 13 and runner.stats.failed == 1


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_killed_run_takes_its_workers_with_it(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 0, 20_000)
    run = subprocess.Popen([sys.executable, "-m", "newsledger", "analyze", str(corpus), "--model", "blank:en", "--stages",
                            "none", "--workers", "2", "--no-store", "-o", os.devnull, "--no-progress"],
                           env={**os.environ, "PYTHONPATH": SRC}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
        workers = _children(run.pid)  # the two workers (and multiprocessing's resource tracker)
        time.sleep(0.1)
    assert workers, "the run started no worker"
    time.sleep(1.0)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(10)
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
