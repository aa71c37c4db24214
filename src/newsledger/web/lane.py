"""The costly lane: requests searching for many words run one at a time in a separate, lower-priority process.

A search's cost grows with its words (each is a posting list to read, rank and highlight): the costliest
accepted search (16 words found in every document) takes 75 ms of CPU where a typical one takes 5-15 ms.
Run in the server's own process, its Python parts hold the GIL against every cheap request and its SQLite
work competes for the same cores. ``LaneRouter`` (ASGI middleware inside the cache, web/app.py) sends every
GET whose ``q`` has at least LANE_MIN_TERMS words to ``Lane``: one child process (started with ``spawn``,
niced by LANE_NICE, tied to the server's life) that serves the same app over the same ledger, read-only, one
request at a time. The operating system then runs the cheap requests first, and their Python work never
waits for the costly one's. A costly request waits at most LANE_WAIT_S for the lane (503 after that); a lane
that died is started again at the next costly request. Downloads (streamed) and static files never go there.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import anyio

from newsledger.web.security import count_terms, refusal, search_texts

log = logging.getLogger(__name__)
# Searches with at least this many words go to the lane (the realistic queries of benchmarks/api_latency.py
# have 1-3; the costliest accepted has MAX_QUERY_TERMS = 16).
LANE_MIN_TERMS = 5
# Nice value added to the lane's process: competing for a core, it gets about a third of the CPU a server thread gets.
LANE_NICE = 5
# Seconds a costly request waits for the lane to be free before it is refused (503).
LANE_WAIT_S = 10.0
# Seconds between two looks at a busy lane by a waiting request (waiting holds no server thread).
LANE_POLL_S = 0.005
# Seconds the lane's process may take to start (import the app, read the facet index) before it is given up.
LANE_START_S = 120.0
READY = "ready"
# Parts of the HTTP scope the lane's app needs (everything else stays in the server).
_SCOPE_KEYS = ("type", "http_version", "method", "scheme", "path", "raw_path", "root_path", "query_string", "headers",
               "server", "client")

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def is_costly(scope: dict[str, Any]) -> bool:
    """True for a GET page or API answer whose search text has at least LANE_MIN_TERMS words."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    path = str(scope.get("path", ""))
    if path.startswith("/static/") or path.endswith((".csv", ".jsonl")):
        return False
    return any(count_terms(q) >= LANE_MIN_TERMS for q in search_texts(scope.get("query_string", b"")))


def _refused(path: str, status: int, reason: str) -> Answer:
    ctype, body = refusal(path, status, reason)
    return status, [(b"content-type", ctype), (b"content-length", str(len(body)).encode())], body


async def _answer(app: Any, request: dict[str, Any]) -> Answer:
    """Run one request through ``app`` and collect its answer."""
    scope = {**request, "asgi": {"version": "3.0", "spec_version": "2.3"}}
    start: dict[str, Any] = {}
    chunks: list[bytes] = []
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    try:
        await app(scope, receive, send)
    except Exception:  # Starlette re-raises after its 500 page; the lane's process must live on
        log.exception("costly lane: unexpected error on %s", request.get("path", ""))
        if not start:
            return _refused(str(request.get("path", "")), 500, "unexpected server error; see the server log")
    return int(start.get("status", 500)), list(start.get("headers", [])), b"".join(chunks)


def _serve(conn: Connection, factory: Callable[[Path, int], Any], db_path: str, timeout_ms: int, nice: int) -> None:
    """The lane's process: build the app with ``factory`` and answer requests from ``conn`` until the server goes away."""
    from newsledger.distributed.lifeline import tie_to_parent
    from newsledger.web import security

    tie_to_parent(deathsig=False)  # started from a server thread that may retire; the pipe's end also stops it
    security.NICE_AFTER_S = float("inf")  # the operating system's priority already puts this process last
    app = factory(Path(db_path), timeout_ms)
    app.state.facet_index.get(app.state.db.conn())  # ready at normal priority (on a busy machine, niced, it takes seconds)
    app.state.search_index.get(app.state.db.conn())
    os.nice(nice)
    conn.send(READY)
    loop = asyncio.new_event_loop()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(loop.run_until_complete(_answer(app, request)))


class Lane:
    """The lane's child process and the lock that lets one request use it at a time."""

    def __init__(self, factory: Callable[[Path, int], Any], db_path: Path, timeout_ms: int, nice: int = LANE_NICE) -> None:
        self.factory = factory  # (ledger path, query time limit) -> the app; module-level, so a spawned child can import it
        self.db_path = db_path
        self.timeout_ms = timeout_ms
        self.nice = nice
        self.lock = threading.Lock()
        self.process: Any = None
        self.conn: Connection | None = None
        self.served = 0

    def start(self) -> None:
        """Start the child process now and wait until it is ready (otherwise at the first costly request)."""
        with self.lock:
            try:
                self._ensure()
            except (EOFError, OSError) as exc:  # tried again at the first costly request
                log.warning("costly lane not started: %s", exc)

    def _ensure(self) -> Connection:
        if self.conn is None or self.process is None or not self.process.is_alive():
            self.close()
            ctx = multiprocessing.get_context("spawn")  # never fork a threaded server
            here, there = ctx.Pipe()
            self.process = ctx.Process(target=_serve, args=(there, self.factory, str(self.db_path), self.timeout_ms, self.nice),
                                       daemon=True, name="newsledger-costly-lane")
            self.process.start()
            there.close()
            self.conn = here
            # Wait for the app to be built in the child (about two seconds), so that no request waits for it.
            if not here.poll(LANE_START_S) or here.recv() != READY:
                self.close()
                raise OSError("the costly lane's process did not start")
        return self.conn

    def close(self) -> None:
        """Stop the child process (a new one starts at the next costly request)."""
        if self.conn is not None:
            self.conn.close()
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn = self.process = None

    def answer(self, request: dict[str, Any]) -> Answer:
        """The lane's answer to one request; the caller holds ``lock`` (blocking: call it from a worker thread)."""
        for _ in range(2):  # a lane that died meanwhile is started again once
            try:
                conn = self._ensure()
                conn.send(request)
                status, headers, body = conn.recv()
                self.served += 1
                return status, headers, body
            except (EOFError, OSError):
                self.close()
        return _refused(str(request.get("path", "")), 503, "the costly-search process failed; try again")

    async def acquire(self) -> bool:
        """Wait (without holding a server thread) until the lane is free; False after LANE_WAIT_S."""
        deadline = time.monotonic() + LANE_WAIT_S
        while not self.lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                return False
            await anyio.sleep(LANE_POLL_S)
        return True


class LaneRouter:
    """Pure ASGI middleware: costly requests (``is_costly``) are answered by the ``Lane``, the rest by ``app``."""

    def __init__(self, app: Any, lane: Lane) -> None:
        self.app = app
        self.lane = lane

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if not is_costly(scope):
            await self.app(scope, receive, send)
            return
        request = {k: scope[k] for k in _SCOPE_KEYS if k in scope}
        if not await self.lane.acquire():
            status, headers, body = _refused(str(scope.get("path", "")), 503,
                                             "the server is busy with other costly searches; try again, or use fewer words")
        else:
            try:
                status, headers, body = await anyio.to_thread.run_sync(self.lane.answer, request)
            except Exception:  # e.g. an answer that could not be passed back: the server's usual 500
                log.exception("costly lane failed on %s", scope.get("path", ""))
                status, headers, body = _refused(str(scope.get("path", "")), 500, "unexpected server error; see the server log")
            finally:
                self.lane.lock.release()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
