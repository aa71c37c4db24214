"""Every filter on every list: the JSON list, its HTML page and its CSV / JSONL downloads show the same records,
and those are the records the filter names (computed here from the corpus itself, not from the ledger)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsledger.document import Analysis, Event
from tests.web.workbench import ACTOR, TARGET, workbench_corpus

CORPUS = workbench_corpus()
Pred = Callable[[Analysis, Event], bool]
# name -> (URL parameters, predicate over (document, its event)); entity ids are resolved at test time.
FILTERS: dict[str, tuple[dict[str, str], Pred]] = {
    "outlet": ({"outlet": "Eastern Wire"}, lambda a, e: a.document.outlet == "Eastern Wire"),
    "dates": ({"date_from": "2017-01", "date_to": "2017-02-15"},
              lambda a, e: date(2017, 1, 1) <= a.document.published <= date(2017, 2, 15)),  # type: ignore[operator]
    "type": ({"type": "sanction"}, lambda a, e: e.type == "SANCTION"),
    "modality": ({"modality": "Reported"}, lambda a, e: e.modality == "reported"),
    "precision": ({"precision": "day"}, lambda a, e: True),
    "actor": ({"actor": ACTOR}, lambda a, e: e.actor is not None and e.actor.name == ACTOR),
    "target": ({"target": TARGET}, lambda a, e: e.target is not None and e.target.name == TARGET),
    "two at once": ({"type": "SANCTION", "outlet": "North Gazette"},
                    lambda a, e: e.type == "SANCTION" and a.document.outlet == "North Gazette"),
}
LISTS = ("documents", "events", "quotes", "clusters")


def _resolve(client: TestClient, params: dict[str, str]) -> dict[str, str]:
    out = dict(params)
    for key in ("actor", "target", "entity"):
        if key in out:
            out[key] = str(client.get("/api/entities", params={"q": out[key]}).json()["items"][0]["id"])
    return out


def _keys(kind: str, item: dict[str, Any]) -> tuple[str, ...]:
    if kind == "documents":
        return (item["id"],)
    if kind == "events":
        return (item["doc_id"], item.get("id") or item["event_id"])
    if kind == "quotes":
        return (item["doc_id"], item.get("id") or item["quote_id"])
    return (str(item["id"]),)


def _expected(kind: str, pred: Pred) -> set[tuple[str, ...]]:
    hits = [(a, e) for a in CORPUS for e in a.events if pred(a, e)]
    if kind == "documents":
        return {(a.document.id,) for a, _ in hits}
    if kind == "events":
        return {(a.document.id, e.id) for a, e in hits}
    if kind == "quotes":
        return {(a.document.id, q.id) for a, _ in hits for q in a.quotes}
    raise ValueError(kind)


def _all_pages(client: TestClient, kind: str, params: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = f"/api/{kind}"
    first = {**params, "limit": "7"}
    while url:
        body = client.get(url, params=first).json() if not items else client.get(url).json()
        assert body["limit"] == 7 and len(body["items"]) <= 7
        items += body["items"]
        url = body["next"]
    assert len(items) == body["total"]
    return items


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize("name", list(FILTERS))
def test_filter_selects_the_named_records(wb: TestClient, kind: str, name: str) -> None:
    params, pred = FILTERS[name]
    params = _resolve(wb, params)
    got = {_keys(kind, i) for i in _all_pages(wb, kind, params)}
    if kind == "clusters":
        events = _all_pages(wb, "events", params)
        assert got == {(str(e["cluster_id"]),) for e in events if e["cluster_id"] is not None}  # unclustered reports name none
    else:
        assert got == _expected(kind, pred)
    assert got, "each filter of the table selects something"


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize("name", ["outlet", "type", "actor", "dates"])
def test_page_and_downloads_show_exactly_the_filtered_view(wb: TestClient, kind: str, name: str) -> None:
    params = _resolve(wb, FILTERS[name][0])
    api = {_keys(kind, i) for i in _all_pages(wb, kind, params)}
    page = wb.get(f"/{kind}", params=params)
    assert page.status_code == 200
    html = page.text
    assert f"({len(api)} " in html  # the page's total
    link = html.split('class="dl-csv" href="')[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith(f"/api/{kind}.csv?")
    rows = list(csv.DictReader(io.StringIO(wb.get(link).text)))
    key = {"documents": ("id",), "events": ("doc_id", "event_id"), "quotes": ("doc_id", "quote_id"), "clusters": ("id",)}[kind]
    assert {tuple(r[k] for k in key) for r in rows} == api
    lines = wb.get(link.replace(".csv?", ".jsonl?")).text.splitlines()
    assert {_keys(kind, json.loads(line)) for line in lines} == api


def test_entity_filter_and_entity_page(wb: TestClient) -> None:
    council = _resolve(wb, {"entity": ACTOR})["entity"]
    docs = {d["id"] for d in _all_pages(wb, "documents", {"entity": council})}
    assert docs == {a.document.id for a in CORPUS if ACTOR in a.document.text}
    detail = wb.get(f"/api/entities/{council}", params={"type": "SANCTION", "limit": 5}).json()
    assert detail["documents_total"] == 18 and len(detail["documents"]) == 5
    page = wb.get(f"/entities/{council}", params={"modality": "reported"}).text
    assert "modality: reported" in page and "Documents <small>(6" in page


def test_entity_list_filters(wb: TestClient) -> None:
    assert [e["name"] for e in wb.get("/api/entities", params={"type": "person"}).json()["items"]] == ["Mara Eld"]
    assert wb.get("/api/entities", params={"q": "delm"}).json()["items"][0]["name"] == TARGET  # an unfinished word
    rows = list(csv.DictReader(io.StringIO(wb.get("/api/entities.csv", params={"type": "ORG"}).text)))
    assert sorted(r["name"] for r in rows) == [TARGET, ACTOR]


@pytest.mark.parametrize(("url", "bad"), [
    ("/api/events?type=NOTATYPE", "type"), ("/api/documents?date_from=2013-13", "date_from"),
    ("/api/quotes?date_to=2017-02-30", "date_to"), ("/api/clusters?modality=sure", "modality"),
    ("/api/events?precision=fortnight", "precision"), ("/api/documents?colour=red", "colour"),
    ("/api/events?actor=-1", "actor"), ("/api/documents?entity=99999999999999999999", "entity"),
    ("/api/documents?limit=501", "limit"),
])
def test_invalid_or_unknown_parameters_get_one_error_shape(wb: TestClient, url: str, bad: str) -> None:
    r = wb.get(url)
    assert r.status_code == 422
    err = r.json()["error"]
    assert set(err) == {"status", "code", "message", "details"} and err["status"] == 422
    assert [d["loc"] for d in err["details"]] == [bad] and bad in err["message"]
    page = wb.get(url.removeprefix("/api"))
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html") and bad in page.text


def test_csv_cells_cannot_start_a_formula(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient as Client

    from newsledger.ledger import Ledger
    from newsledger.web.app import create_app
    from tests.web.workbench import article

    a = article(0)
    a.document.title = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    a.document.outlet = "@Outlet"
    path = tmp_path / "l.sqlite"
    with Ledger(path) as ledger:
        ledger.store(a)
    rows = list(csv.reader(io.StringIO(Client(create_app(path), base_url="http://localhost").get("/api/documents.csv").text)))
    assert rows[1][1].startswith("'=HYPERLINK") and rows[1][2] == "'@Outlet"
    assert rows[1][5] == str(len(a.document.text))  # numbers stay numbers


@pytest.mark.parametrize("url", ["/api/events?outlet=A&outlet=B", "/api/search?q=harbour&q=dam", "/api/geo/places?type=AID&type=FIGHT"])
def test_a_parameter_given_twice_is_an_error(wb: TestClient, url: str) -> None:
    err = wb.get(url).json()["error"]
    assert err["status"] == 422 and "more than once" in err["details"][0]["msg"]
