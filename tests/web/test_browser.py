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
    assert page.inner_text("#corroboration") == "3"
    assert page.locator("#sources > ol > li").count() == 3
    assert page.locator(".conflict").count() == 2
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
