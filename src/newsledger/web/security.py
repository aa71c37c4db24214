"""The server's outer guard: Host allow-list, query caps, security headers on every response (500s too),
and a time limit on each request's SQLite work.

``Guard`` wraps the whole ASGI app (outside Starlette's error middleware, so even a 500 carries the
headers). It refuses, before any route runs:

- a ``Host`` header outside the allow-list (DNS rebinding: a web page on evil.example whose name resolves
  to 127.0.0.1 must not read a local ledger): 400;
- a query string over MAX_QUERY_STRING bytes: 414;
- a ``q`` (search words) over MAX_QUERY_CHARS characters or MAX_QUERY_TERMS words: 400.

Refusals under ``/api`` use the JSON error shape of web/errors.py; other paths get a small HTML page.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

# Every response forbids inline/remote scripts and styles, framing and MIME sniffing: even if some text
# slipped through unescaped, a browser would not run it.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Names the server answers to by default; `serve --host` adds its bind address, `--allowed-host` more.
DEFAULT_HOSTS = ("localhost", "127.0.0.1", "::1")
# Search words: real queries are a few words; FTS5 work grows with every term (each is a posting list).
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 16
MAX_QUERY_STRING = 4096
# SQLite work of one request stops after this many milliseconds (503); `serve --query-timeout-ms` changes it.
QUERY_TIMEOUT_MS = 3000
# SQLite VM instructions between two looks at the clock (about 1 ms of work). Each look takes the GIL, which
# makes a thread busy in Python hand it over: measured on the benchmark's mix, 100,000 (fewer looks) gave half
# the throughput and a p99 one and a half times as long (docs/ledgerweb.md).
PROGRESS_STEPS = 20_000
# A request that has used this much CPU (its thread's CPU time, so waiting for a busy CPU does not count) is
# costly: from then on its SQLite work pauses NICE_PAUSE_S at every look at the clock, so that it takes at most
# about a third of a core and the cheap requests of other users go first (a typical search uses 5-15 ms).
# Searches with many words do not even start here: they run in the costly lane's process (web/lane.py).
NICE_AFTER_S = 0.04
NICE_PAUSE_S = 0.002
_TERM = re.compile(r"\w[\w'’-]*")


def host_allow_list(bind: str | None = None, extra: Iterable[str] = ()) -> frozenset[str]:
    """Lower-case host names (no port) the server answers to: localhost names, the bind address, extras."""
    names = {*DEFAULT_HOSTS, *(h.strip().lower() for h in extra if h.strip())}
    if bind and bind not in ("0.0.0.0", "::"):
        names.add(bind.lower())
    return frozenset(n.strip("[]") for n in names)


def _host(scope: dict[str, Any]) -> str:
    raw = next((v for k, v in scope.get("headers", []) if k == b"host"), b"").decode("latin-1").strip().lower()
    if raw.startswith("["):  # [::1]:8765
        return raw[1:raw.find("]")] if "]" in raw else raw
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def search_texts(query_string: bytes) -> list[str]:
    """The values of ``q`` in a query string."""
    # percent-escapes decoded as UTF-8 like the app does ("q=%C4%80" is "Ā"; with latin-1 here it was a 500)
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8", errors="replace")
    return [value for key, value in pairs if key == "q"]


def count_terms(text: str) -> int:
    """Words of a search text, as the caps count them."""
    return len(_TERM.findall(text))


def check_query(query_string: bytes) -> tuple[int, str] | None:
    """(status, reason) when the query string breaks a cap, else None (the search words are judged first)."""
    for value in search_texts(query_string):
        if len(value) > MAX_QUERY_CHARS:
            return 400, f"search text longer than {MAX_QUERY_CHARS} characters; use fewer words"
        if count_terms(value) > MAX_QUERY_TERMS:
            return 400, f"search text with more than {MAX_QUERY_TERMS} words; use fewer words"
    if len(query_string) > MAX_QUERY_STRING:
        return 414, f"query string longer than {MAX_QUERY_STRING:,} bytes"
    return None


def refusal(path: str, status: int, reason: str) -> tuple[bytes, bytes]:
    """(content type, body) of a refusal: the JSON error shape under /api, a small HTML page elsewhere."""
    # imported here: the CLI reads this module's constants without loading FastAPI
    from newsledger.web.errors import error_body, is_api

    if is_api(path):
        return b"application/json", json.dumps(error_body(status, reason)).encode()
    page = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{html.escape(reason)}</p>"
    return b"text/html; charset=utf-8", page.encode()


class Guard:
    """Pure ASGI middleware around the whole app: Host allow-list, query caps, security headers."""

    def __init__(self, app: Any, hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.hosts = hosts
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.headers if h[0] not in names]
            await send(message)

        problem = None
        if self.hosts is not None and _host(scope) not in self.hosts:
            problem = (400, "unknown Host header; start the server with --allowed-host NAME to answer to it")
        else:
            problem = check_query(scope.get("query_string", b""))
        if problem is None:
            await self.app(scope, receive, send_with_headers)
            return
        ctype, body = refusal(scope.get("path", ""), *problem)
        await send_with_headers({"type": "http.response.start", "status": problem[0],
                                 "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


# Bytes of the ledger file each connection maps into memory.
MMAP_BYTES = 1 << 30


def _progress(local: threading.local) -> int:
    """SQLite's progress handler: 1 (interrupt) past the request's deadline; a short pause once it is costly."""
    if time.monotonic() > local.deadline:
        return 1
    if time.thread_time() > local.nice_at:
        time.sleep(NICE_PAUSE_S)  # releases the GIL and the CPU
    return 0


class ReadOnlyDB:
    """One read-only SQLite connection per server thread, whose work per request stops after ``timeout_ms``
    and yields to other requests once it has run NICE_AFTER_S."""

    def __init__(self, uri: str, timeout_ms: int = QUERY_TIMEOUT_MS) -> None:
        self.uri = uri
        self.timeout = timeout_ms / 1000
        self.local = threading.local()

    def conn(self) -> sqlite3.Connection:
        """This thread's connection, with a fresh deadline (call once per request)."""
        local = self.local
        c = getattr(local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA query_only = ON")
            # Each server thread has its own connection and page cache; a memory map shares the operating system's
            # cache between them (no read() per page, no cold cache per thread). Address space, not resident memory.
            c.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            c.set_progress_handler(lambda: _progress(local), PROGRESS_STEPS)
            local.conn = c
        local.deadline, local.nice_at = time.monotonic() + self.timeout, time.thread_time() + NICE_AFTER_S
        return c
