"""Cluster and entity pages show the evidence: outlets by name, titles, human dates, the reporting sentence."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsledger.web.chart import build


def _launch_cluster(client: TestClient) -> dict[str, Any]:
    top = client.get("/api/clusters", params={"min_corroboration": 2}).json()["items"][0]
    return client.get(f"/api/clusters/{top['id']}").json()  # type: ignore[no-any-return]


def test_cluster_evidence_in_the_api(client: TestClient) -> None:
    c = _launch_cluster(client)
    assert c["n_events"] == len(c["evidence"]) == 3 and c["date_label"] in ("26 April 2025", "April 2025")
    by_doc = {v["doc_id"]: v for v in c["evidence"]}
    meridian = by_doc["meridian-1"]
    assert meridian["outlet"] == "Daily Meridian" and meridian["title"] == "North Korea fires missiles"
    assert meridian["sentence"] == "Kim Jong-un watched the launch, which the DPRK called routine."
    assert meridian["date_label"] == "April 2025" and meridian["published_label"] == "28 April 2025"
    assert meridian["href"] == "/documents/meridian-1#rec-event-v1"
    cut = meridian["start"] - meridian["sentence_start"]
    assert meridian["sentence"][cut:cut + len("launch")] == "launch"
    assert [v["published"] for v in c["evidence"]] == sorted(v["published"] for v in c["evidence"])


def test_cluster_page_lists_each_report_with_its_evidence(client: TestClient) -> None:
    c = _launch_cluster(client)
    page = client.get(f"/clusters/{c['id']}").text
    reports = re.findall(r'<li class="report">(.*?)</li>', page, re.S)
    assert len(reports) == 3
    assert '<a class="outlet" href="/documents?outlet=Daily%20Meridian">Daily Meridian</a>' in page
    assert '<a class="trigger" href="/documents/meridian-1#rec-event-v1"' in page
    assert ">launch</a>, which the DPRK called routine." in page
    assert "3 reports</span> in 3 documents from 3 outlets" in page
    assert "26 April 2025" in page and "2025-04-26" not in re.sub(r"<[^>]+>", " ", page).replace("2025-04-26T", "")


@pytest.mark.parametrize("url", ["/clusters/424242", "/entities/424242", "/documents/no-such-doc", "/no/such/page"])
def test_missing_pages_get_an_html_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert 'id="error"' in r.text and "404" in r.text and '{"' not in r.text
    api = client.get("/api" + url if not url.startswith("/no") else "/api/no/such")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_entity_page_has_filters_and_date_labels(client: TestClient) -> None:
    kim = client.get("/api/entities", params={"q": "kim jong"}).json()["items"][0]
    page = client.get(f"/entities/{kim['id']}").text
    assert 'id="filters"' in page and "26 April 2025" in page and "April 2025" in page
    narrowed = client.get(f"/entities/{kim['id']}", params={"modality": "reported"}).text
    assert narrowed.count('class="tl-item') < page.count('class="tl-item') and "modality: reported" in narrowed


def _item(day: date, k: int) -> dict[str, Any]:
    return {"start": day.isoformat(), "end": day.isoformat(), "date": day.isoformat(), "kind": "event", "doc_id": f"d{k}",
            "record_id": "v1", "label": "x", "outlet": "o", "precision": "day", "date_source": "event"}


def test_timeline_opens_on_the_dense_part_and_counts_what_is_outside() -> None:
    items = [_item(date(2017, 4, 1) + timedelta(days=k), k) for k in range(30)] + [_item(date(1954, 6, 1), 99)]
    chart = build(items)
    assert date.fromordinal(chart.lo).year == 2017 and date.fromordinal(chart.full_lo).year == 1954
    assert chart.outside == 1 and sum(s.hidden for s in chart.shapes) == 1
    assert all(label[-4:] != "1954" for _, label in chart.ticks)
    near = build(items[:30])
    assert near.outside == 0 and (near.lo, near.hi) == (near.full_lo, near.full_hi)
