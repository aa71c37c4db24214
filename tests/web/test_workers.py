"""`newsledger serve` with several worker processes: writes seen by every worker, a costly lane each, a clean exit."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsledger.cli import web as W
from tests.ledger.corpus import corpus
from tests.processes import alive as _alive
from tests.processes import children as _children

# Five words: the search goes to the costly lane (web/lane.py) of whichever worker takes it.
COSTLY = "harbour port talks ship crew"


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (3, 3), (16, W.MAX_DEFAULT_WORKERS), (None, 1)])
def test_one_worker_per_core_by_default(monkeypatch: pytest.MonkeyPatch, cores: int | None, expected: int) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert W.default_workers() == expected


def _tree(pid: int) -> set[int]:
    """The live descendants of ``pid``."""
    found, todo = set(), [pid]
    while todo:
        for c in _children(todo.pop()):
            if c not in found:
                found.add(c)
                todo.append(c)
    return {p for p in found if _alive(p)}


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


@pytest.fixture()
def served(ledger_path: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`newsledger serve --workers 2 --allow-writes` over a copy of the web tests' ledger."""
    path = tmp_path / "ledger.sqlite"
    shutil.copy(ledger_path, path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "newsledger", "serve", "--db", str(path), "--port", str(port), "--no-link",
                               "--workers", "2", "--allow-writes"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(base + "/api/documents?limit=1", timeout=5)
            break
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the server did not start: {server.communicate()[1].decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
    try:
        yield server, base
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)


def test_two_workers_share_writes_lanes_and_exit_together(served: tuple[subprocess.Popen[bytes], str]) -> None:
    server, base = served
    workers = {p for p in _children(server.pid) if "spawn_main" in _cmdline(p)}
    assert len(workers) == 2, [_cmdline(p) for p in _children(server.pid)]
    with httpx.Client(base_url=base, timeout=30) as client:
        before = client.get("/api/documents", params={"limit": 1}).json()["total"]
        for _ in range(8):  # every worker has the answer in its cache now
            assert client.get("/api/documents", params={"limit": 1}).json()["total"] == before
        record = corpus()[0].to_dict()
        record["id"] = "posted-by-a-worker"
        assert client.post("/api/documents", json=record).status_code == 201
        for _ in range(8):  # whichever worker answers has seen the other's write (PRAGMA data_version)
            r = client.get("/api/documents", params={"limit": 1})
            assert r.json()["total"] == before + 1
            assert client.get("/api/documents/posted-by-a-worker").status_code == 200
        for _ in range(4):
            r = client.get("/api/search", params={"q": COSTLY, "kind": "documents"})
            assert r.status_code == 200 and r.json()["documents"]["total"] >= 0
    for w in workers:  # each worker started its own costly lane
        assert [c for c in _children(w) if "spawn_main" in _cmdline(c)], [_cmdline(c) for c in _children(w)]
    tree = _tree(server.pid)
    server.send_signal(signal.SIGTERM)
    server.wait(30)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [(_cmdline(p), p) for p in tree if _alive(p)]


def test_warm_reads_the_search_indexes_before_the_first_search(wb_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsledger.web.app import create_app, warm

    app = create_app(wb_path)
    assert app.state.search_index.kept is None and app.state.facet_index.kept is None
    warm(app)
    kept = app.state.search_index.kept
    assert kept is not None and app.state.facet_index.kept is not None
    r = TestClient(app, base_url="http://localhost").get("/api/search", params={"q": "harbour", "type": "SANCTION"})
    assert r.status_code == 200 and r.json()["documents"]["total"] > 0
    assert app.state.search_index.kept is kept  # the search used the index read beforehand


def test_a_killed_server_takes_its_workers_and_lanes_with_it(served: tuple[subprocess.Popen[bytes], str]) -> None:
    server, _ = served
    tree = _tree(server.pid)
    assert len([p for p in tree if "spawn_main" in _cmdline(p)]) >= 4  # two workers, a lane each
    server.kill()  # no chance to stop its workers
    server.wait(10)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [(_cmdline(p), p) for p in tree if _alive(p)]
