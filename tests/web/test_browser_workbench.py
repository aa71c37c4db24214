"""Browser tests of the analyst's tools: stemmed search with paging, every filter on every list page with its
download, a cluster's evidence list leading to the highlighted sentence, the zoomable timeline, a 404 page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.web.browser import DOWNLOADS, SCREENSHOTS, needs_chromium
from tests.web.workbench import ACTOR, TARGET

pytestmark = needs_chromium


def _entity_id(page: Any, base_url: str, name: str) -> str:
    body = page.request.get(base_url + "/api/entities", params={"q": name}).json()
    return str(body["items"][0]["id"])


def test_search_finds_every_form_of_a_word_and_pages(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("header input[name=q]", "sanctioned")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("#doc-hits")
    marks = {m.lower() for m in page.locator("#doc-hits mark").all_inner_texts()}
    assert {"sanctions", "sanction"} & marks, marks  # other forms of the word are found and marked
    assert page.locator("#facets .facet-outlet li").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "search-stemming.png"), full_page=True)
    page.click("#doc-hits .more a")
    page.wait_for_selector(".pager")
    assert page.inner_text(".pager").startswith("1–10 of 18 articles")
    page.click(".pager a[rel=next]")
    page.wait_for_selector(".pager a[rel=prev]")
    assert page.inner_text(".pager").startswith("11–18 of 18 articles")
    assert page.locator("#doc-hits .hits > li").count() == 8
    page.click("#facets .facet-outlet a >> nth=0")
    page.wait_for_selector("#facets .facet-outlet li.selected")
    assert page.inner_text(".pager").startswith("1–6 of 6 articles")
    page.screenshot(path=str(SCREENSHOTS / "search-paging-facet.png"), full_page=True)


# (list page, what to fill in its filter form, expected rows); entity names are turned into ids.
FILTERS = [
    ("outlet", {"outlet": "Eastern Wire"}),
    ("dates", {"date_from": "2017-01", "date_to": "2017-02-15"}),
    ("type", {"type": "SANCTION"}),
    ("modality", {"modality": "reported"}),
    ("actor", {"actor": ACTOR}),
    ("target", {"target": TARGET}),
    ("entity", {"entity": ACTOR}),
]


@pytest.mark.parametrize("kind", ["documents", "events", "quotes", "clusters"])
@pytest.mark.parametrize(("name", "fill"), FILTERS, ids=[f[0] for f in FILTERS])
def test_each_filter_on_each_list_page_and_its_download(page: Any, base_url: str, kind: str, name: str,
                                                         fill: dict[str, str]) -> None:
    if kind == "quotes" and name == "entity":
        fill = {"entity": "Mara Eld"}  # on the quotes list the entity is the speaker
    values = {k: _entity_id(page, base_url, v) if k in ("actor", "target", "entity") else v for k, v in fill.items()}
    page.goto(f"{base_url}/{kind}")
    for field, value in values.items():
        if field in ("type", "modality"):
            page.select_option(f"#filters select[name={field}]", value)
        else:
            page.fill(f"#filters input[name={field}]", value)
    page.click("#filters button")
    page.wait_for_selector(".chips")
    api = page.request.get(f"{base_url}/api/{kind}", params={**values, "limit": "500"}).json()
    assert api["total"] > 0
    assert page.locator("#results tr").count() - 1 == min(api["total"], 50)
    with page.expect_download() as info:
        page.click(".downloads a.dl-csv")
    download = info.value
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    target = DOWNLOADS / f"{kind}-{name}.csv"
    download.save_as(str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == api["total"]
    if name == "type" and kind != "documents":
        page.screenshot(path=str(SCREENSHOTS / f"filter-{kind}-type.png"), full_page=True)


def test_cluster_evidence_leads_to_the_highlighted_sentence(page: Any, base_url: str) -> None:
    page.goto(base_url + "/clusters?min_corroboration=2")
    page.click("#results a >> nth=0")
    page.wait_for_selector("#evidence")
    reports = page.locator("#evidence li.report")
    assert reports.count() == 3 and page.inner_text("#report-count") == "3 reports"
    meridian = reports.filter(has_text="Daily Meridian")
    assert "North Korea fires missiles" in meridian.inner_text() and "28 April 2025" in meridian.inner_text()
    assert "watched the launch, which the DPRK" in meridian.locator(".sentence").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "cluster-evidence.png"), full_page=True)
    meridian.locator("a.trigger").click()
    page.wait_for_selector("#doctext a.hl")
    assert "launch" in page.locator("#doctext a.hl").all_inner_texts()  # the trigger among the event's spans
    assert "active" in (page.locator("#rec-event-v1").get_attribute("class") or "")
    page.screenshot(path=str(SCREENSHOTS / "evidence-highlighted.png"), full_page=True)


def test_timeline_zooms_and_pans(page: Any, base_url: str) -> None:
    page.goto(base_url + "/entities/" + _entity_id(page, base_url, TARGET))
    page.wait_for_selector("#timeline .zoom:not([hidden])")
    first = page.locator("#timeline .ticklabel").all_inner_texts()
    visible = page.locator("#timeline a.shape:not(.off)").count()
    page.click("#timeline button[data-zoom=in]")
    page.click("#timeline button[data-zoom=in]")
    assert page.locator("#timeline .ticklabel").all_inner_texts() != first
    assert page.locator("#timeline a.shape:not(.off)").count() < visible
    page.screenshot(path=str(SCREENSHOTS / "timeline-zoomed.png"), full_page=True)
    page.click("#timeline button[data-zoom=all]")
    assert page.locator("#timeline a.shape:not(.off)").count() == page.locator("#timeline a.shape").count()


def test_missing_document_shows_a_404_page(page: Any, base_url: str) -> None:
    response = page.goto(base_url + "/documents/no-such-article")
    assert response is not None and response.status == 404
    assert page.inner_text("h1").startswith("404") and page.locator("header nav a").count() >= 5
    assert "{" not in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "not-found.png"), full_page=True)
