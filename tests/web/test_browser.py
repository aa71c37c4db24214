"""Browser tests: Playwright driving Debian Chromium over a live server on 127.0.0.1 (screenshots kept)."""

from __future__ import annotations

from typing import Any

from tests.web.browser import SCREENSHOTS, needs_chromium

pytestmark = needs_chromium


def test_search_then_document_with_quotes_and_removed_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("header input[name=q]", "cruise missiles")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("#doc-hits a")
    assert page.locator("#doc-hits mark").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    page.click("#doc-hits a >> text=Kim oversees cruise missile launch")
    page.wait_for_selector("#doctext")
    quote = page.locator("#doctext a.quote").first
    assert "The drills show our readiness" in quote.inner_text()
    colour = quote.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(11, 110, 79)"  # the first speaker's colour (spk-0)
    removed = page.locator("#doctext a.removed").first
    assert removed.evaluate("e => getComputedStyle(e).color") == "rgb(154, 154, 154)"  # greyed
    assert "newsletter call to action" in page.locator("#doctext .badge").first.inner_text()
    assert page.locator("#doctext a.event").count() == 1 and page.locator("#doctext a.timex").count() == 1
    quote.click()
    card = page.locator("#rec-quote-q1")
    assert "active" in (card.get_attribute("class") or "")
    page.screenshot(path=str(SCREENSHOTS / "document.png"), full_page=True)


def test_entity_timeline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/entities?q=kim")
    page.click("table.list a >> text=Kim Jong Un")
    page.wait_for_selector("#timeline svg")
    assert page.locator("#timeline svg circle, #timeline svg rect").count() >= 4
    whens = page.locator("#timeline .timeline .when").all_inner_texts()
    assert whens[0].startswith("April 2025") and whens[1].startswith("26 April 2025")  # month before day, in words
    assert page.locator("#quotes li").count() == 2
    page.screenshot(path=str(SCREENSHOTS / "entity.png"), full_page=True)


def test_cluster_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/clusters")
    page.click("table.list a >> nth=0")
    page.wait_for_selector("#corroboration")
    assert page.inner_text("#corroboration") == "2"
    assert page.locator("#sources > ol > li").count() == 2
    assert page.locator(".conflict").count() == 0  # a merge may not create a conflict
    assert page.locator("#evidence li").count() == 3  # every report with its outlet, title and sentence
    page.screenshot(path=str(SCREENSHOTS / "cluster.png"), full_page=True)


def test_hostile_article_is_inert(page: Any, base_url: str) -> None:
    page.goto(base_url + "/documents/hostile-1")
    page.wait_for_selector("#doctext")
    assert 'alert("pwned")' in page.inner_text("#doctext")  # shown as text
    assert page.locator("#doctext script, #doctext img, #doctext b, main script").count() == 0
    page.goto(base_url + "/?q=hold")
    page.screenshot(path=str(SCREENSHOTS / "hostile.png"), full_page=True)
    assert page.dialogs == []  # no alert() ran
    assert page.external == []  # nothing loaded from outside 127.0.0.1


def test_map_and_charts_render_offline_with_hostile_names_inert(page: Any, base_url: str) -> None:
    page.goto(base_url + "/map?actor=" + "%3Cscript%3Ealert(6)%3C%2Fscript%3E")
    page.wait_for_selector("#map-status")
    assert page.locator("#geo-filters input[name=actor]").input_value() == "<script>alert(6)</script>"  # echoed as a value
    page.goto(base_url + "/map")
    page.locator("#map .land path").nth(100).wait_for(state="attached")  # no string eval: the CSP forbids it
    page.wait_for_selector("#map circle.dot")
    assert page.locator("#map circle.dot").count() == 2  # the event places: Wonsan and the poisoned Valencia
    titles = page.eval_on_selector_all("#map circle.dot title", "ts => ts.map(t => t.textContent)")
    assert any("<img src=x onerror=alert(5)>Valencia" in t for t in titles)  # the name is text, not an element
    assert page.locator("#map img, main img, #places img").count() == 0
    assert "Evil <img src=x onerror=alert(2)> Times" in page.inner_text("#geo-filters")  # hostile outlet as text
    page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)
    page.goto(base_url + "/charts?type=ASSAULT")
    page.wait_for_selector("#weekly rect")
    assert page.locator("#weekly .bars rect").count() >= 1
    assert "ASSAULT" in (page.text_content("#weekly") or "")  # the legend, as text
    page.goto(base_url + "/charts")
    page.wait_for_selector("#weekly .bars rect")
    page.screenshot(path=str(SCREENSHOTS / "charts.png"), full_page=True)
    assert page.dialogs == []
    assert page.external == []
