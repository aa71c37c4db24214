"""Answers to repeated GET requests served from memory until the ledger changes.

``ResponseCache`` sits inside the Guard (refused requests never reach it; cached answers still get the
security headers). It keeps the bytes of small, complete 200 answers keyed by path, query string and Host,
in least-recently-used order within a byte budget. Every entry belongs to one *generation* of the ledger
(``Generation``: SQLite's ``PRAGMA data_version`` on one dedicated connection changes whenever any other
connection or process commits), and a new generation empties the cache, so an answer is never older than the
last write. Streamed answers (downloads), errors and answers over an eighth of the budget are not kept.
Each answer says ``x-newsledger-cache: hit`` or ``miss``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

# Default budget of the cache (`serve --cache-mb`; 0 turns it off).
DEFAULT_CACHE_MB = 64
CACHE_HEADER = b"x-newsledger-cache"


class Generation:
    """A counter that moves on whenever the ledger file has changed since the last call."""

    def __init__(self, uri: str) -> None:
        self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        self.version: int | None = self._read()
        self.value = 0

    def _read(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def __call__(self) -> int:
        with self.lock:
            version: int | None
            try:
                version = self._read()
            except sqlite3.Error:  # could not tell (e.g. locked by a writer): count it as a change
                version = None
            if version is None or version != self.version:
                self.version, self.value = version, self.value + 1
            return self.value


class ResponseCache:
    """Pure ASGI middleware: repeated GETs answered from memory within ``max_bytes`` (see the module docstring)."""

    def __init__(self, app: Any, generation: Callable[[], int], max_bytes: int) -> None:
        self.app = app
        self.generation = generation
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple[str, bytes, bytes], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self.size = 0
        self.seen = -1  # the generation the entries belong to
        self.hits = self.misses = 0

    @staticmethod
    def _cost(key: tuple[str, bytes, bytes], headers: list[tuple[bytes, bytes]], body: bytes) -> int:
        return len(body) + sum(len(k) + len(v) for k, v in headers) + len(key[0]) + len(key[1]) + len(key[2])

    def _store(self, key: tuple[str, bytes, bytes], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        cost = self._cost(key, headers, body)
        if cost > self.max_bytes // 8:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= self._cost(key, old[1], old[2])
        self.entries[key] = (status, headers, body)
        self.size += cost
        while self.size > self.max_bytes and self.entries:
            k, (_, h, b) = self.entries.popitem(last=False)
            self.size -= self._cost(k, h, b)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or self.max_bytes <= 0 or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        generation = self.generation()
        if generation != self.seen:
            self.entries.clear()
            self.size, self.seen = 0, generation
        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
        key = (scope["path"], scope.get("query_string", b""), host)
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
            self.hits += 1
            status, headers, body = found
            await send({"type": "http.response.start", "status": status, "headers": [*headers, (CACHE_HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        whole = True

        async def capture(message: Any) -> None:
            nonlocal whole
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body":
                if chunks or message.get("more_body", False):
                    whole = False  # streamed (downloads): passed on, never kept
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if whole and start.get("status") == 200 and len(chunks) == 1 and self.seen == generation:
            self._store(key, 200, list(start.get("headers", [])), chunks[0])


class PerGeneration:
    """One value derived from the ledger (e.g. the facet index), built again only when the ledger has changed.

    With ``uri``, it is built on a connection of its own (no request's time limit stops it halfway: reading the
    search indexes of 10,000 documents takes about 0.7 s of CPU, several seconds on a busy machine)."""

    def __init__(self, generation: Callable[[], int], build: Callable[[sqlite3.Connection], Any], uri: str | None = None) -> None:
        self.generation = generation
        self.build = build
        self.uri = uri
        self.lock = threading.Lock()
        self.kept: tuple[int, Any] | None = None

    def _build(self, conn: sqlite3.Connection) -> Any:
        if self.uri is None:
            return self.build(conn)
        own = sqlite3.connect(self.uri, uri=True)
        try:
            return self.build(own)
        finally:
            own.close()

    def get(self, conn: sqlite3.Connection) -> Any:
        """The value for the ledger as it is now (built when out of date, with ``conn`` unless ``uri``; one thread builds it)."""
        generation = self.generation()
        with self.lock:
            if self.kept is None or self.kept[0] != generation:
                self.kept = (generation, self._build(conn))
            return self.kept[1]
