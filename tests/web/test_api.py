"""REST API: lists with pagination and filters, contract-shaped records, read-only by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.web.app import create_app
from tests.ledger.corpus import corpus


def test_documents_pagination_and_filters(client: TestClient) -> None:
    page = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (5, 2, 1, 2)
    assert [d["id"] for d in client.get("/api/documents", params={"outlet": "Daily Meridian"}).json()["items"]] == ["meridian-1"]
    march = client.get("/api/documents", params={"date_from": "2025-03", "date_to": "2025-03"}).json()
    assert [d["id"] for d in march["items"]] == ["hostile-1"]
    assert client.get("/api/documents", params={"q": "Wonsan"}).json()["total"] == 4


@pytest.mark.parametrize(("params", "docs"), [
    ({"type": "PROTEST"}, ["hostile-1"]),
    ({"modality": "denied"}, ["bulletin-1"]),
    ({"date_from": "2025-04-26", "date_to": "2025-04-26", "type": "ASSAULT"}, ["bulletin-1", "courier-1", "harbor-1", "meridian-1"]),
    ({"outlet": "Harbor Tribune"}, ["harbor-1"]),
])
def test_event_filters(client: TestClient, params: dict[str, str], docs: list[str]) -> None:
    items = client.get("/api/events", params=params).json()["items"]
    assert sorted(e["doc_id"] for e in items) == docs


def test_event_records_have_the_contract_shape(client: TestClient) -> None:
    e = client.get("/api/events", params={"outlet": "Daily Meridian"}).json()["items"][0]
    assert set(e) >= {"id", "type", "trigger", "actor", "target", "where", "when", "claimed_by", "modality", "summary"}
    assert e["when"] == {"value": "2025-04", "precision": "month"} and e["trigger"]["text"] == "launch"
    assert e["claimed_by"]["name"] == "officials in Seoul" and e["cluster_id"] is not None


def test_entities_and_entity_filter(client: TestClient) -> None:
    ents = client.get("/api/entities", params={"q": "kim jong"}).json()["items"]
    assert [e["name"] for e in ents] == ["Kim Jong Un"]
    kim = client.get(f"/api/entities/{ents[0]['id']}").json()
    assert set(kim["aliases"]) == {"Kim Jong Un", "Kim Jong-un"}
    evs = client.get("/api/events", params={"entity": kim["id"]}).json()["items"]
    assert {e["doc_id"] for e in evs} == {"harbor-1", "courier-1", "meridian-1"}
    docs = client.get("/api/documents", params={"entity": kim["id"]}).json()["items"]
    assert {d["id"] for d in docs} == {"harbor-1", "courier-1", "meridian-1"}


def test_clusters_and_cluster(client: TestClient) -> None:
    top = client.get("/api/clusters", params={"min_corroboration": 2}).json()["items"]
    assert len(top) == 1 and top[0]["corroboration"] == 2
    c = client.get(f"/api/clusters/{top[0]['id']}").json()
    assert len(c["sources"]) == 2 and c["conflicts"] == []  # the denial is not clustered, so no conflict
    assert [i["date"] for i in c["timeline"]][:2] == ["2025-04", "2025-04-26"]
    outlets = {m["outlet"]: m for m in c["evidence"]}
    assert set(outlets) == {"Harbor Tribune", "Coastal Courier", "Daily Meridian"}
    assert outlets["Harbor Tribune"]["source_group"] == outlets["Coastal Courier"]["source_group"]  # one wire copy
    for m in c["evidence"]:  # the sentence of each report, where its offsets say
        text = client.get(f"/api/documents/{m['doc_id']}").json()["text"]
        assert text[m["evidence"]["start"] : m["evidence"]["end"]] == m["evidence"]["text"]
        assert m["title"]


@pytest.mark.parametrize(("params", "places"), [
    ({}, {"Wonsan", "Valencia"}), ({"type": "PROTEST"}, {"Valencia"}), ({"actor": "kim"}, {"Wonsan"}),
    ({"outlet": "Daily Meridian"}, {"Wonsan"}), ({"date_from": "2025-04"}, {"Wonsan"}), ({"date_to": "2025-03"}, {"Valencia"}),
])
def test_geo_places_filters(client: TestClient, params: dict[str, str], places: set[str]) -> None:
    from newsledger.geo.gazetteer import fold

    items = client.get("/api/geo/places", params=params).json()["items"]
    names = {fold(p["name"]).removeprefix("<img src=x onerror=alert(5)>").title() for p in items}
    assert names == places
    assert all(isinstance(p["lat"], float) and p["n_events"] >= 1 for p in items)


def test_geo_weekly(client: TestClient) -> None:
    data = client.get("/api/geo/weekly").json()
    # 3 March and 26 April 2025; a month-precision date ("April 2025") counts at its publication (28 April, W18);
    # the denial is not counted
    assert data["weeks"] == ["2025-W10", "2025-W17", "2025-W18"]
    assert data["series"] == {"ASSAULT": [0, 2, 1], "PROTEST": [1, 0, 0]}
    assert client.get("/api/geo/weekly", params={"date_from": "not a date"}).status_code == 422


def test_quotes_search_timeline(client: TestClient) -> None:
    qs = client.get("/api/quotes", params={"q": "reckless"}).json()["items"]
    assert [q["speaker"]["name"] for q in qs] == ["Lee Min-ho"]
    hits = client.get("/api/search", params={"q": "missiles"}).json()
    assert {h["doc_id"] for h in hits["documents"]["items"]} >= {"harbor-1", "meridian-1"}
    assert any(p["match"] for h in hits["documents"]["items"] for p in h["snippet_parts"])
    tl = client.get("/api/timeline", params={"q": "Valencia"}).json()
    assert tl["items"][0]["evidence"]["text"] == "rallied"
    assert client.get("/api/timeline").status_code == 422


@pytest.mark.parametrize("url", ["/api/documents/nope", "/api/entities/999", "/api/clusters/999"])
def test_not_found(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_read_only_by_default_and_writes_with_flag(ledger_path: Path, tmp_path: Path) -> None:
    record = corpus()[0].to_dict()
    record["id"] = "posted-1"
    ro = TestClient(create_app(ledger_path), base_url="http://localhost")
    assert ro.post("/api/documents", json=record).status_code == 405
    import shutil

    copy = tmp_path / "rw.sqlite"
    shutil.copy(ledger_path, copy)
    rw = TestClient(create_app(copy, allow_writes=True), base_url="http://localhost")
    r = rw.post("/api/documents", json=record)
    assert r.status_code == 201 and r.json()["linked"] == 1
    assert rw.get("/api/documents/posted-1").json()["links"]["clusters"]
    assert rw.post("/api/documents", json={"id": "x"}).status_code == 422


def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/entities", "/api/events", "/api/clusters", "/api/quotes", "/api/search", "/api/timeline"} <= set(spec["paths"])
    page = client.get("/docs").text
    assert "/api/clusters/{cluster_id}" in page and "cdn" not in page.lower()


def test_framing_summaries(client: TestClient) -> None:
    """The hostile article's narrator sentence with loaded wording counts for its outlet, page and API alike."""
    assert client.get("/api/framing/outlets").json()["items"] == []  # every outlet here has one document: too few
    items = client.get("/api/framing/outlets", params={"min_documents": 1}).json()["items"]
    evil = next(o for o in items if o["outlet"].startswith("Evil"))
    assert evil["documents"] == 1 and evil["loaded_narrator"] >= 1 and evil["outlet_spans"] == 2
    assert evil["narrator_share"] > 0
    assert items[0]["narrator_share"] >= items[-1]["narrator_share"]
    doc = client.get("/api/framing/documents/hostile-1").json()
    assert doc["by_voice"] == {"outlet": 2} and doc["contested"] == 1
    assert client.get("/api/framing/documents/nope").status_code == 404
    page = client.get("/outlets", params={"min_documents": 1}).text
    assert "Loaded_Language 2" in page and "&lt;img" in page
    assert "Framing summary" in client.get("/documents/hostile-1").text


def test_timeline_pages_by_next_links(client: TestClient) -> None:
    top = client.get("/api/clusters", params={"min_corroboration": 2}).json()["items"][0]
    url: str | None = f"/api/timeline?cluster={top['id']}&limit=1"
    seen = []
    while url:
        body = client.get(url).json()
        assert body["total"] == top["n_events"] and len(body["items"]) == 1
        seen.append((body["items"][0]["doc_id"], body["items"][0]["record_id"]))
        url = body["next"]
    assert len(set(seen)) == top["n_events"]
    kim = client.get("/api/entities", params={"q": "kim jong"}).json()["items"][0]["id"]
    whole = client.get("/api/timeline", params={"entity": kim}).json()
    second = client.get("/api/timeline", params={"entity": kim, "limit": 1, "offset": 1}).json()
    assert second["items"] == whole["items"][1:2] and second["total"] == whole["total"] == len(whole["items"])
