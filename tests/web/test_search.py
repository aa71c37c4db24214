"""Search: stemming, every kind of record, totals, paging with next links, facets that narrow the results."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.workbench import workbench_corpus

KINDS = ("documents", "quotes", "events", "entities", "clusters")


def _docs_with(pattern: str) -> set[str]:
    return {a.document.id for a in workbench_corpus() if re.search(pattern, a.document.text)}


@pytest.mark.parametrize("word", ["sanction", "sanctions", "sanctioned", "Sanctioning", "SANCTION"])
def test_every_form_of_a_word_finds_every_form(wb: TestClient, word: str) -> None:
    expected = _docs_with(r"\bsanction")
    got = wb.get("/api/search", params={"q": word, "kind": "documents", "limit": 100}).json()
    assert got["documents"]["total"] == len(expected)
    assert {h["doc_id"] for h in got["documents"]["items"]} == expected


@pytest.mark.parametrize(("query", "pattern"), [
    ('"harbour fees"', r"harbour fees"),
    ("protest OR met", r"\b(protested|met)\b"),
    ("harbour -sanctions -sanctioned -sanction", r"^(?!.*\bsanction)"),
    ("inspect*", r"\binspection\b"),
])
def test_phrases_or_exclusion_and_prefix(wb: TestClient, query: str, pattern: str) -> None:
    got = wb.get("/api/search", params={"q": query, "kind": "documents", "limit": 100}).json()["documents"]
    assert {h["doc_id"] for h in got["items"]} == _docs_with(pattern)


def test_paging_walks_every_result_once_by_next_links(wb: TestClient) -> None:
    url: str | None = "/api/search?q=harbour&kind=documents&limit=7"
    seen: list[str] = []
    pages = 0
    while url:
        body = wb.get(url).json()
        section = body["documents"]
        assert section["total"] == 30 and section["limit"] == 7
        seen += [h["doc_id"] for h in section["items"]]
        url = section["next"]
        pages += 1
    assert pages == 5 and len(seen) == 30 and len(set(seen)) == 30


def test_results_cover_every_kind_with_totals(wb: TestClient) -> None:
    body = wb.get("/api/search", params={"q": "Delmar", "limit": 3}).json()
    assert body["total"] == sum(body[k]["total"] for k in KINDS)
    assert body["documents"]["total"] == 30 and body["events"]["total"] == 30 and body["entities"]["total"] == 1
    assert body["clusters"]["total"] >= 1 and body["entities"]["items"][0]["name"] == "Delmar Lines"
    assert body["documents"]["next"].endswith("kind=documents&offset=3")
    assert body["events"]["items"][0]["summary_parts"] and body["events"]["items"][0]["when_label"]


def test_quotes_and_a_single_kind(wb: TestClient) -> None:
    body = wb.get("/api/search", params={"q": "port open", "kind": "QUOTES"}).json()
    assert body["quotes"]["total"] == 30 and body["documents"]["items"] == []
    hit = body["quotes"]["items"][0]
    assert hit["speaker"] == "Mara Eld" and any(p["match"] for p in hit["snippet_parts"])
    assert "".join(p["text"] for p in hit["snippet_parts"]) == hit["snippet"]


def test_facets_count_the_matches_and_their_links_narrow_them(wb: TestClient) -> None:
    body = wb.get("/api/search", params={"q": "sanction"}).json()
    outlets = body["facets"]["outlet"]
    assert sum(v["count"] for v in outlets) == body["documents"]["total"]
    pick = outlets[0]
    narrowed = wb.get(pick["href"]).json()
    assert narrowed["documents"]["total"] == pick["count"]
    assert {h["outlet"] for h in narrowed["documents"]["items"]} == {pick["value"]}
    assert next(v for v in narrowed["facets"]["outlet"] if v["value"] == pick["value"])["selected"]
    years = {v["value"]: v["count"] for v in body["facets"]["date"]}
    assert set(years) == {"2016", "2017"} and sum(years.values()) == body["documents"]["total"]
    assert [v["value"] for v in body["facets"]["type"]] == ["SANCTION"]
    assert {v["label"] for v in body["facets"]["entity"]} == {"Varna Council", "Delmar Lines", "Mara Eld"}


def test_a_year_facet_then_shows_months(wb: TestClient) -> None:
    body = wb.get("/api/search", params={"q": "harbour", "date_from": "2017", "date_to": "2017"}).json()
    months = [v["value"] for v in body["facets"]["date"]]
    assert months and all(re.fullmatch(r"2017-\d\d", m) for m in months)


def test_search_page_shows_facets_paging_and_titles(wb: TestClient) -> None:
    page = wb.get("/", params={"q": "harbour", "kind": "documents", "limit": 10, "offset": 10}).text
    assert "11–20 of 30 articles" in page and 'rel="next"' in page and 'rel="prev"' in page
    assert 'id="facets"' in page and "North Gazette" in page and "</mark> report 12: protest" in page
    other = wb.get("/", params={"q": "Delmar", "kind": "documents"}).text
    assert "events</a> <small>(30)</small>" in other and "quotes</a> <small>(0)</small>" in other  # every kind counted
    assert "<mark>harbour</mark>" in page or "<mark>Harbour</mark>" in page


@pytest.mark.parametrize("params", [{"q": "x", "kind": "nothing"}, {"q": ""}, {"q": "x", "limit": 0}, {"q": "x", "page": 2}])
def test_bad_search_parameters_are_422(wb: TestClient, params: dict[str, object]) -> None:
    r = wb.get("/api/search", params=params)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize("params", [
    {"q": "sanction"}, {"q": "harbour", "kind": "events", "limit": 4, "offset": 8}, {"q": "Delmar", "facets": "false"},
    {"q": "port open", "type": "SANCTION"}, {"q": "zeppelin"},
])
def test_the_search_answer_is_exactly_its_response_model(wb: TestClient, params: dict[str, object]) -> None:
    from newsledger.web.models import SearchResults

    body = wb.get("/api/search", params=params).json()  # encoded without the model (web/api.py): the model must agree
    assert SearchResults.model_validate(body).model_dump(mode="json") == body
