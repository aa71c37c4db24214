"""The server under hostile requests: forged Host headers, huge integers, long queries, slow queries, odd ids.
Every refusal is a 4xx/5xx in one JSON shape under /api (an HTML page elsewhere), with the security headers."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.web import api, security, views
from newsledger.web.app import create_app
from newsledger.web.errors import SafeJSONResponse

HUGE = str(2**63)
ODD = [("wire/2024/05/ferry", date(2024, 5, 14)), ("year-one", date(1, 1, 1)), ("year-max", date(9999, 12, 31)),
       ("what?#100%", date(2024, 5, 15))]


@pytest.fixture(scope="module")
def odd_ledger(ledger_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("odd") / "ledger.sqlite"
    shutil.copy(ledger_path, path)
    text = "Ferry crews in Port Elm walked out on Tuesday over the new rota."
    with Ledger(path) as ledger:
        for doc_id, day in ODD:
            ents = [Entity("E1", "Port Elm", "GPE", [Mention(15, 23, "Port Elm")])]
            ledger.store(Analysis(Document(doc_id, text, day, "Elm Gazette", None, "Ferry strike"), entities=ents))
        update(ledger.conn)
    return path


@pytest.fixture(scope="module")
def odd(odd_ledger: Path) -> TestClient:
    return TestClient(create_app(odd_ledger), base_url="http://localhost", raise_server_exceptions=False)


def _refused(r: object, status: int, api: bool = True) -> None:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert "script-src 'self'" in r.headers["content-security-policy"]  # type: ignore[attr-defined]
    if api:
        body = r.json()["error"]  # type: ignore[attr-defined]
        assert set(body) == {"status", "code", "message", "details"} and body["status"] == status
    else:
        assert r.headers["content-type"].startswith("text/html") and str(status) in r.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("host", "ok"),
    [("localhost", True), ("localhost:8765", True), ("127.0.0.1:8765", True), ("[::1]:8765", True),
     ("evil.example", False), ("evil.example:8765", False), ("localhost.evil.example", False), ("", False)],
)
def test_host_allow_list(odd: TestClient, host: str, ok: bool) -> None:
    for url, is_api in (("/api/documents", True), ("/", False)):
        r = odd.get(url, headers={"host": host})
        if ok:
            assert r.status_code == 200
        else:
            _refused(r, 400, is_api)


def test_extra_hosts_and_wildcard(odd_ledger: Path) -> None:
    named = TestClient(create_app(odd_ledger, allowed_hosts=["ledger.lan"]), base_url="http://ledger.lan")
    assert named.get("/api/documents").status_code == 200
    assert named.get("/api/documents", headers={"host": "other.lan"}).status_code == 400
    bound = TestClient(create_app(odd_ledger, bind="192.168.5.5"), base_url="http://192.168.5.5:8765")
    assert bound.get("/api/documents").status_code == 200
    anything = TestClient(create_app(odd_ledger, allowed_hosts=["*"]), base_url="http://whatever.example")
    assert anything.get("/api/documents").status_code == 200


@pytest.mark.parametrize(
    ("url", "status", "api"),
    [
        # ids and offsets past SQLite's integers are invalid parameters of the typed API (web/params.py): 422
        (f"/api/entities/{HUGE}", 422, True), (f"/api/clusters/{HUGE}9", 422, True), (f"/api/documents?offset={HUGE}", 422, True),
        (f"/api/events?cluster={HUGE}", 422, True), (f"/api/timeline?entity=-{HUGE}1", 422, True),
        (f"/api/documents?entity={HUGE}", 422, True), (f"/api/clusters?min_corroboration={HUGE}", 422, True),
        (f"/api/documents?limit={HUGE}", 422, True), ("/api/documents?limit=0", 422, True), ("/api/entities/abc", 422, True),
        (f"/entities/{HUGE}", 422, False), (f"/clusters/{HUGE}", 422, False), (f"/clusters?offset={HUGE}", 422, False),
        ("/api/documents/no-such-doc", 404, True), ("/api/no-such-route", 404, True), ("/documents/no-such-doc", 404, False),
        ("/api/documents?date_from=<script>", 422, True),
    ],
)
def test_bad_numbers_and_missing_things(odd: TestClient, url: str, status: int, api: bool) -> None:
    _refused(odd.get(url), status, api)


@pytest.mark.parametrize(
    ("q", "status"),
    [("ferry " * 16, 200), ("ferry " * 17, 400), ("f" * security.MAX_QUERY_CHARS, 200), ("f" * (security.MAX_QUERY_CHARS + 1), 400),
     ("x" * 30_000, 400), ("Āé" * (security.MAX_QUERY_CHARS // 2), 200), ("Ā" * (security.MAX_QUERY_CHARS + 1), 400)],
    ids=["16-words", "17-words", "max-chars", "too-many-chars", "30000-chars", "non-latin-max", "non-latin-too-many"],
)
def test_search_caps(odd: TestClient, q: str, status: int) -> None:
    for url in ("/api/search", "/api/documents", "/api/quotes", "/api/timeline", "/"):
        r = odd.get(url, params={"q": q})
        if status == 200:
            assert r.status_code == 200, (url, r.text)
        else:
            _refused(r, status, url != "/")


def test_query_string_cap(odd: TestClient) -> None:
    _refused(odd.get("/api/documents", params={"outlet": "o" * 5000}), 414)


def test_validation_errors_name_the_parameter(odd: TestClient) -> None:
    body = odd.get("/api/documents?limit=0&offset=-1").json()["error"]
    assert {e["loc"] for e in body["details"]} == {"limit", "offset"}
    assert body["message"].startswith(("limit", "offset"))


def test_server_errors_keep_the_headers_and_the_shape(odd_ledger: Path) -> None:
    app = create_app(odd_ledger)

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
    r = client.get("/api/boom")
    _refused(r, 500)
    assert "secret" not in r.text
    _refused(client.get("/boom"), 500, api=False)


@pytest.mark.parametrize(("doc_id", "day"), ODD)
def test_odd_ids_and_dates_open_everywhere(odd: TestClient, doc_id: str, day: date) -> None:
    from urllib.parse import quote

    path = quote(doc_id, safe="/")
    assert odd.get(f"/api/documents/{path}").json()["id"] == doc_id
    assert odd.get(f"/api/framing/documents/{path}").status_code == 200
    page = odd.get(f"/documents/{quote(doc_id, safe='')}")
    assert page.status_code == 200 and "Ferry crews" in page.text
    home = odd.get("/", params={"q": "ferry"})
    assert home.status_code == 200 and f'href="/documents/{quote(doc_id, safe="/")}"' in home.text


@pytest.mark.parametrize("url", ["/", "/api/documents?date_from=0001&date_to=9999", "/api/events", "/api/clusters",
                                 "/api/timeline?q=ferry", "/clusters", "/outlets", "/api/framing/outlets"])
def test_extreme_dates_never_500(odd: TestClient, url: str) -> None:
    assert odd.get(url).status_code == 200


def test_routes_run_in_the_threadpool() -> None:
    """Plain def routes run in FastAPI's threadpool: SQLite work never blocks the event loop."""
    endpoints = [r.endpoint for router in (api.router, api.write_router, views.router) for r in router.routes]  # type: ignore[attr-defined]
    assert len(endpoints) > 15 and not any(asyncio.iscoroutinefunction(e) for e in endpoints)


def test_slow_query_is_stopped(odd_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = security.ReadOnlyDB(odd_ledger.resolve().as_uri() + "?mode=ro", timeout_ms=100)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM (SELECT i FROM n LIMIT 100000000)"
    t0 = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        db.conn().execute(slow).fetchone()
    assert time.monotonic() - t0 < 5
    assert db.conn().execute("SELECT count(*) FROM documents").fetchone()[0] > 0  # a new request, a new deadline

    def slow_search(conn: sqlite3.Connection, *args: object, **kw: object) -> dict[str, object]:
        conn.execute(slow).fetchone()
        return {}

    monkeypatch.setattr(api, "run_search", slow_search)  # what /api/search runs
    client = TestClient(create_app(odd_ledger, query_timeout_ms=100), base_url="http://localhost")
    _refused(client.get("/api/search", params={"q": "ferry"}), 503)


def test_json_is_strict() -> None:
    body = SafeJSONResponse({"score": float("nan"), "inf": float("inf"), "t": "<b>"}).body
    assert body == b'{"score":null,"inf":null,"t":"\\u003cb\\u003e"}'


def test_costly_sqlite_work_pauses_and_cheap_work_does_not(odd_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    real_sleep = time.sleep
    monkeypatch.setattr(security.time, "sleep", lambda s: (pauses.append(s), real_sleep(s)))
    db = security.ReadOnlyDB(odd_ledger.resolve().as_uri() + "?mode=ro")
    counting = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 300000) SELECT sum(i) FROM n"
    assert db.conn().execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    assert pauses == []  # a cheap request never waits
    monkeypatch.setattr(security, "NICE_AFTER_S", 0.0)  # every request counts as costly from its start
    assert db.conn().execute(counting).fetchone()[0] == 300000 * 300001 // 2  # paused, not stopped
    assert len(pauses) >= 3 and set(pauses) == {security.NICE_PAUSE_S}
