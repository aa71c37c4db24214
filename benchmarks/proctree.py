"""Run one command as a measured subprocess: wall seconds, CPU seconds and peak RSS of its process tree.

Used by ``throughput.py``. Peak RSS is read from each process's ``VmHWM`` (the kernel's high-water mark of
its resident set) in ``/proc/PID/status``, sampled every ``SAMPLE_SECONDS`` over the whole process tree, so
a worker's peak is caught even between samples (up to its last sample before it exits). The parent (the
command itself) and its descendants (the workers) are reported separately. CPU seconds are the user + system
time of the whole tree, from ``resource.getrusage(RUSAGE_CHILDREN)`` before and after (workers are waited for
by the command, so their time is included); the parent's own CPU seconds are sampled from ``/proc/PID/stat``
with the RSS (its last sample, up to ``SAMPLE_SECONDS`` before it exits).
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_SECONDS = 0.1
# Helper processes that are not workers (multiprocessing's resource tracker, forkserver).
HELPERS = ("resource_tracker", "forkserver")


def loadavg() -> list[float]:
    """The 1-, 5- and 15-minute load averages of the machine."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return [float(x) for x in os.getloadavg()]


def wait_for_quiet(threshold: float, max_seconds: float, poll: float = 15.0) -> dict[str, Any]:
    """Wait until the 1-minute load average is below ``threshold`` (at most ``max_seconds``)."""
    t0 = time.monotonic()
    while loadavg()[0] >= threshold and time.monotonic() - t0 < max_seconds:
        time.sleep(poll)
    return {"waited_seconds": round(time.monotonic() - t0, 1), "threshold": threshold, "loadavg": loadavg()}


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc/PID/task/*/children)."""
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                out.extend(int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
            except OSError:
                continue
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    todo = [pid]
    while todo:
        kids = _children(todo.pop())
        found.extend(kids)
        todo.extend(kids)
    return found


def _hwm_bytes(pid: int) -> int:
    """Peak RSS (VmHWM) of a live process in bytes, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _own_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process itself (not its children), 0.0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _is_helper(pid: int) -> bool:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return False
    return any(h in cmd for h in HELPERS)


@dataclass
class Measured:
    """The figures of one measured run."""

    seconds: float
    cpu_seconds: float
    parent_peak_rss: int
    worker_peak_rss: int  # max over descendant processes (0 when the command started none)
    parent_cpu_seconds: float  # the command's own CPU (without its workers), last sampled before it exited
    workers_seen: int
    returncode: int
    loadavg_before: list[float]
    loadavg_after: list[float]
    stdout_tail: str = ""
    stderr_tail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Sampler(threading.Thread):
    """Samples the VmHWM of a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.parent = 0
        self.parent_cpu = 0.0
        self.workers: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.parent = max(self.parent, _hwm_bytes(self.pid))
            self.parent_cpu = max(self.parent_cpu, _own_cpu_seconds(self.pid))
            for pid in _descendants(self.pid):
                if pid not in self.workers and _is_helper(pid):
                    self.workers[pid] = -1  # marked: never counted
                if self.workers.get(pid, 0) >= 0:
                    self.workers[pid] = max(self.workers.get(pid, 0), _hwm_bytes(pid))
            self.stop.wait(SAMPLE_SECONDS)


def _tail(data: bytes, lines: int = 5) -> str:
    return "\n".join(data.decode("utf-8", "replace").strip().splitlines()[-lines:])


def run_measured(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Measured:
    """Run ``cmd`` to completion and measure it (see the module docstring)."""
    before = loadavg()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    workers = [v for v in sampler.workers.values() if v > 0]
    return Measured(
        seconds=seconds, cpu_seconds=cpu, parent_peak_rss=sampler.parent, worker_peak_rss=max(workers, default=0),
        parent_cpu_seconds=sampler.parent_cpu,
        workers_seen=len(workers), returncode=proc.returncode, loadavg_before=before, loadavg_after=loadavg(),
        stdout_tail=_tail(out), stderr_tail=_tail(err),
    )
