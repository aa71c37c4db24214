"""A local HTTP server on 127.0.0.1 serving routes the tests define (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from newsledger.ingest.fetch import Fetcher, set_default_fetcher

Route = tuple[int, dict[str, str], bytes] | Callable[["Handler"], tuple[int, dict[str, str], bytes]]


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}
    log: list[tuple[str, str, float]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        route = self.routes.get(self.path)
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, headers, body = route(self) if callable(route) else route
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, str, float]] = []
        handler = type("H", (Handler,), {"routes": self.routes, "log": self.log})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server()
    s.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    yield s
    s.close()


@pytest.fixture()
def fast_fetcher() -> Iterator[Fetcher]:
    """A fetcher with short timeouts and no waiting, installed as the process default."""
    f = Fetcher(connect_timeout=2.0, read_timeout=2.0, backoff=0.01, host_interval=0.0, retries=2, allow_private=True)
    set_default_fetcher(f)
    yield f
    f.close()
    set_default_fetcher(None)
