from __future__ import annotations

import time

import pytest

from newsledger.errors import InputError
from newsledger.ingest.fetch import Fetcher

from .conftest import Server


def test_fetch_sends_user_agent(server: Server, fast_fetcher: Fetcher) -> None:
    server.routes["/a"] = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html>hi</html>")
    res = fast_fetcher.fetch(server.url("/a"))
    assert res.status == 200 and res.content_type == "text/html" and res.content == b"<html>hi</html>"
    agents = [ua for path, ua, _ in server.log if path == "/a"]
    assert agents and agents[0].startswith("newsledger/")


def test_robots_disallow(server: Server, fast_fetcher: Fetcher) -> None:
    server.routes["/private/x"] = (200, {"Content-Type": "text/html"}, b"secret")
    with pytest.raises(InputError, match="robots.txt"):
        fast_fetcher.fetch(server.url("/private/x"))
    assert not any(path == "/private/x" for path, _, _ in server.log)


def test_missing_robots_allows_everything(server: Server, fast_fetcher: Fetcher) -> None:
    del server.routes["/robots.txt"]
    server.routes["/private/x"] = (200, {"Content-Type": "text/html"}, b"ok")
    assert fast_fetcher.fetch(server.url("/private/x")).content == b"ok"


def test_retries_with_backoff_then_succeeds(server: Server, fast_fetcher: Fetcher) -> None:
    calls = {"n": 0}

    def flaky(_: object) -> tuple[int, dict[str, str], bytes]:
        calls["n"] += 1
        return (503, {}, b"busy") if calls["n"] < 3 else (200, {"Content-Type": "text/plain"}, b"done")

    server.routes["/flaky"] = flaky
    assert fast_fetcher.fetch(server.url("/flaky")).content == b"done"
    assert calls["n"] == 3


def test_gives_up_after_retries(server: Server, fast_fetcher: Fetcher) -> None:
    server.routes["/down"] = (500, {}, b"error")
    with pytest.raises(InputError, match="after 3 tries"):
        fast_fetcher.fetch(server.url("/down"))


def test_not_found_is_an_input_error(server: Server, fast_fetcher: Fetcher) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fast_fetcher.fetch(server.url("/nothing"))


def test_size_cap(server: Server) -> None:
    f = Fetcher(max_bytes=1000, host_interval=0.0, backoff=0.01, retries=0, allow_private=True)
    server.routes["/big"] = (200, {"Content-Type": "text/plain"}, b"x" * 5000)
    with pytest.raises(InputError, match="exceeds the cap"):
        f.fetch(server.url("/big"))


def test_timeout(server: Server) -> None:
    f = Fetcher(read_timeout=0.2, connect_timeout=0.2, host_interval=0.0, backoff=0.01, retries=1, allow_private=True)

    def slow(_: object) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.6)
        return 200, {}, b"late"

    server.routes["/slow"] = slow
    with pytest.raises(InputError, match="timed out"):
        f.fetch(server.url("/slow"))


def test_per_host_rate_limit(server: Server) -> None:
    import time

    f = Fetcher(host_interval=0.15, backoff=0.01, retries=0, allow_private=True)
    server.routes["/r"] = (200, {"Content-Type": "text/plain"}, b"r")
    t0 = time.monotonic()
    for _ in range(3):
        f.fetch(server.url("/r"))
    elapsed = time.monotonic() - t0  # measured by the client: server-side clocks jitter under load
    assert len([p for p, _, _ in server.log if p == "/r"]) == 3
    assert elapsed >= 2 * 0.15 - 0.01


def test_only_http_urls() -> None:
    with pytest.raises(InputError, match="http"):
        Fetcher().fetch("file:///etc/passwd")
