"""The cache of repeated answers (web/cache.py): same bytes again, emptied by any write, never errors or downloads."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.document import Analysis, Document
from newsledger.ledger import Ledger
from newsledger.web.app import create_app
from newsledger.web.cache import Generation, PerGeneration

HEADER = "x-newsledger-cache"


@pytest.fixture()
def own_ledger(ledger_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite"
    shutil.copy(ledger_path, path)
    return path


def _store(path: Path, doc_id: str, text: str) -> None:
    with Ledger(path) as ledger:
        ledger.store(Analysis(Document(doc_id, text, date(2025, 3, 4), "Tern Weekly", None, "Tern harbour")))


@pytest.mark.parametrize("url", ["/api/documents?limit=5", "/api/search?q=harbour", "/", "/outlets", "/api/framing/outlets"])
def test_a_repeated_request_is_answered_from_the_cache_with_the_same_bytes(own_ledger: Path, url: str) -> None:
    client = TestClient(create_app(own_ledger), base_url="http://localhost")
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert (first.headers[HEADER], second.headers[HEADER]) == ("miss", "hit")
    assert first.content == second.content
    assert "script-src 'self'" in second.headers["content-security-policy"]  # the Guard still adds its headers
    assert second.headers["content-type"] == first.headers["content-type"]


def test_a_write_empties_the_cache(own_ledger: Path) -> None:
    client = TestClient(create_app(own_ledger), base_url="http://localhost")
    before = client.get("/api/search", params={"q": "cormorant"}).json()
    assert before["documents"]["total"] == 0
    assert client.get("/api/search", params={"q": "cormorant"}).headers[HEADER] == "hit"
    _store(own_ledger, "tern-1", "A cormorant colony returned to the Tern harbour wall on Monday.")
    after = client.get("/api/search", params={"q": "cormorant"})
    assert after.headers[HEADER] == "miss" and after.json()["documents"]["total"] == 1
    assert [(v["value"], v["count"]) for v in after.json()["facets"]["outlet"]] == [("Tern Weekly", 1)]


def test_generation_moves_only_when_the_ledger_changes(own_ledger: Path) -> None:
    gen = Generation(own_ledger.resolve().as_uri() + "?mode=ro")
    assert gen() == gen() == 0
    _store(own_ledger, "tern-2", "Gulls followed the ferry out of Tern harbour.")
    assert gen() == gen() == 1
    gen.conn.close()  # a version that cannot be read counts as a change (the cache empties, nothing stale is served)
    assert gen() == 2


@pytest.mark.parametrize("url", ["/api/documents/no-such-id", "/api/search?q=harbour&nope=1", "/api/documents.csv", "/api/events.jsonl"])
def test_errors_and_downloads_are_never_kept(own_ledger: Path, url: str) -> None:
    client = TestClient(create_app(own_ledger), base_url="http://localhost")
    client.get(url)
    assert client.get(url).headers.get(HEADER) != "hit"


def test_cache_mb_zero_turns_it_off(own_ledger: Path) -> None:
    client = TestClient(create_app(own_ledger, cache_mb=0), base_url="http://localhost")
    client.get("/api/documents")
    assert HEADER not in client.get("/api/documents").headers


def test_the_budget_is_kept(own_ledger: Path) -> None:
    app = create_app(own_ledger, cache_mb=1)
    client = TestClient(app, base_url="http://localhost")
    client.get("/api/documents")
    app.state.cache.max_bytes = budget = 100_000
    for offset in range(40):
        client.get("/api/documents", params={"limit": 50, "offset": offset})
        client.get("/", params={"q": "harbour", "offset": offset})
    cache = app.state.cache
    assert 0 < len(cache.entries) < 80 and cache.size <= budget  # the oldest answers made room
    assert cache.size == sum(len(b) + sum(len(k) + len(v) for k, v in h) + sum(len(x) for x in key)
                             for key, (_, h, b) in cache.entries.items())


def test_a_derived_value_is_built_again_only_after_a_write(own_ledger: Path) -> None:
    import sqlite3

    gen = Generation(own_ledger.resolve().as_uri() + "?mode=ro")
    builds: list[int] = []
    kept = PerGeneration(gen, lambda conn: builds.append(1) or len(builds))
    conn = sqlite3.connect(own_ledger)
    assert kept.get(conn) == kept.get(conn) == 1
    _store(own_ledger, "tern-3", "Terns nested on the breakwater.")
    assert kept.get(conn) == kept.get(conn) == 2


def test_a_derived_value_with_a_uri_is_built_on_its_own_connection(own_ledger: Path) -> None:
    import sqlite3

    uri = own_ledger.resolve().as_uri() + "?mode=ro"
    used: list[sqlite3.Connection] = []
    kept = PerGeneration(Generation(uri), lambda conn: used.append(conn) or conn.execute("SELECT count(*) FROM documents").fetchone()[0], uri)
    request = sqlite3.connect(own_ledger)
    request.set_progress_handler(lambda: 1, 1)  # a request past its time limit: every statement on it is interrupted
    before = kept.get(request)
    assert before > 0 and len(used) == 1 and used[0] is not request
    _store(own_ledger, "tern-4", "Terns left the breakwater.")
    assert kept.get(request) == before + 1 and len(used) == 2
