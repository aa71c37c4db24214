"""The costly lane: searches with many words are answered by a separate process, with the same answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsledger.web import lane as L
from newsledger.web.app import create_app, lane_app

# Five words found in every harbour report (tests/web/workbench.py).
MANY = "talks port varna continued harbour"


@pytest.mark.parametrize(("method", "path", "query", "costly"), [
    ("GET", "/api/search", b"q=talks+port+varna+continued+harbour", True),
    ("GET", "/", b"q=talks%20port%20varna%20continued%20harbour&kind=documents", True),
    ("GET", "/api/documents", b"q=a+b+c+d+e", True),  # every route's search text counts
    ("GET", "/api/search", b"q=talks+port+varna+continued", False),  # four words: a normal search
    ("GET", "/api/search", b"q=harbour&outlet=one+two+three+four+five", False),  # only q counts
    ("GET", "/api/documents.csv", b"q=a+b+c+d+e", False),  # downloads are streamed from the server
    ("POST", "/api/search", b"q=a+b+c+d+e", False),
    ("GET", "/static/style.css", b"q=a+b+c+d+e", False),
])
def test_what_counts_as_costly(method: str, path: str, query: bytes, costly: bool) -> None:
    assert L.is_costly({"type": "http", "method": method, "path": path, "query_string": query}) is costly


@pytest.fixture(scope="module")
def laned(wb_path: Path) -> Iterator[TestClient]:
    app = create_app(wb_path, cache_mb=0, costly_lane=True)
    yield TestClient(app, base_url="http://localhost")
    app.state.lane.close()


@pytest.mark.parametrize("url", [f"/api/search?q={MANY}&limit=5", f"/?q={MANY}", f"/api/timeline?q={MANY}&limit=50"])
def test_the_lane_gives_the_same_answer_as_the_server(laned: TestClient, wb: TestClient, url: str) -> None:
    lane = laned.app.state.lane  # type: ignore[attr-defined]
    before = lane.served
    got, expected = laned.get(url), wb.get(url)
    assert lane.served == before + 1  # answered by the lane's process
    assert got.status_code == expected.status_code == 200
    assert got.content == expected.content
    assert got.headers["content-security-policy"] == expected.headers["content-security-policy"]
    if url.startswith("/api/search"):
        assert got.json()["documents"]["total"] == 30


def test_cheap_requests_never_go_to_the_lane(laned: TestClient) -> None:
    lane = laned.app.state.lane  # type: ignore[attr-defined]
    before = lane.served
    assert laned.get("/api/search?q=harbour+talks").status_code == 200
    assert laned.get("/api/documents?limit=3").status_code == 200
    assert lane.served == before


def test_the_lane_runs_niced_and_is_started_again_after_dying(laned: TestClient) -> None:
    lane = laned.app.state.lane  # type: ignore[attr-defined]
    lane.start()
    assert os.getpriority(os.PRIO_PROCESS, lane.process.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + L.LANE_NICE)
    lane.process.kill()
    lane.process.join(5)
    r = laned.get(f"/api/search?q={MANY}&kind=documents")
    assert r.status_code == 200 and r.json()["documents"]["total"] == 30


@pytest.mark.parametrize(("url", "ctype"), [(f"/api/search?q={MANY}", "application/json"), (f"/?q={MANY}", "text/html")])
def test_a_busy_lane_refuses_after_its_wait(laned: TestClient, monkeypatch: pytest.MonkeyPatch, url: str, ctype: str) -> None:
    lane = laned.app.state.lane  # type: ignore[attr-defined]
    monkeypatch.setattr(L, "LANE_WAIT_S", 0.05)
    assert lane.lock.acquire(timeout=5)  # another costly search holds the lane
    try:
        r = laned.get(url)
    finally:
        lane.lock.release()
    assert r.status_code == 503 and r.headers["content-type"].startswith(ctype)
    assert "x-frame-options" in r.headers  # the guard's headers as on every answer
    if ctype == "application/json":
        assert r.json()["error"]["code"] == "unavailable"


def crashing_app(db_path: Path, timeout_ms: int) -> Any:
    """The lane's app with one more route that fails (module-level: the spawned process imports it)."""
    app = lane_app(db_path, timeout_ms)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("a bug in a route")

    return app


def _request(path: str, query: bytes = b"") -> dict[str, Any]:
    return {"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
            "root_path": "", "query_string": query, "headers": [(b"host", b"localhost")]}


def test_a_failing_route_gives_a_500_and_the_lane_lives_on(wb_path: Path) -> None:
    lane = L.Lane(crashing_app, wb_path, 3000)
    try:
        status, _, body = lane.answer(_request("/api/boom"))
        assert status == 500 and b"unexpected server error" in body
        pid = lane.process.pid
        status, _, body = lane.answer(_request("/api/search", b"q=" + MANY.replace(" ", "+").encode()))
        assert status == 200 and b'"total":30' in body and lane.process.pid == pid  # the same process answered
    finally:
        lane.close()
