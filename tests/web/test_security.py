"""Hostile article text (script, HTML, javascript: URLs) stays inert in every page and API response."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.ledger.corpus import HOSTILE, IMG

PAGES = ["/", "/?q=Valencia", "/?q=hold", "/documents/hostile-1", "/entities", "/clusters", "/outlets"]
API = ["/api/documents", "/api/documents/hostile-1", "/api/events", "/api/quotes", "/api/search?q=Valencia",
       "/api/timeline?q=Valencia", "/api/entities", "/api/clusters", "/api/documents?date_from=%3Cscript%3E",
       "/api/framing/outlets", "/api/framing/documents/hostile-1"]


def _entity_and_cluster(client: TestClient) -> list[str]:
    ent = client.get("/api/entities", params={"q": "ana ruiz"}).json()["items"][0]["id"]
    clu = client.get("/api/events", params={"type": "PROTEST"}).json()["items"][0]["cluster_id"]
    return [f"/entities/{ent}", f"/clusters/{clu}"]


def test_pages_escape_everything(client: TestClient) -> None:
    for url in PAGES + _entity_and_cluster(client):
        r = client.get(url)
        assert r.status_code == 200, url
        body = r.text
        for raw in (HOSTILE, IMG, "<b>hold</b>", '<a href="javascript', "<script>alert"):
            assert raw not in body, (url, raw)
        assert 'href="javascript' not in body
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    body = client.get("/documents/hostile-1").text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in body or "&lt;script&gt;alert(&quot;pwned&quot;)" in body


@pytest.mark.parametrize("url", API)
def test_api_responses_carry_no_markup(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["content-type"].startswith("application/json")
    assert "<" not in r.text and ">" not in r.text  # written as \\u003c / \\u003e
    if url == "/api/documents/hostile-1":
        assert r.json()["title"] == "Rally " + HOSTILE  # the data itself is intact


def test_sql_injection_is_only_data(client: TestClient) -> None:
    r = client.get("/api/documents", params={"outlet": "x' OR '1'='1"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/search", params={"q": '" OR 1=1 --'}).status_code == 200
    assert client.get("/api/entities", params={"q": "%"}).json()["total"] == 0
