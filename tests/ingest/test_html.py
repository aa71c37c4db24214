from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.ingest import read_paths
from newsledger.ingest.html import html_to_document

from .conftest import Server
from .pages import PARAGRAPHS, TITLE, article_html


def test_body_title_outlet_author_and_date(tmp_path: Path) -> None:
    page = tmp_path / "port.html"
    page.write_text(article_html(), encoding="utf-8")
    docs = list(read_paths([page]))
    assert len(docs) == 1
    doc = docs[0]
    assert PARAGRAPHS[0] in doc.text and PARAGRAPHS[-1] in doc.text  # type: ignore[union-attr]
    assert "Terms of use" not in doc.text and "Sport" not in doc.text  # type: ignore[union-attr]
    assert doc.title == TITLE  # type: ignore[union-attr]
    assert doc.outlet == "The Elnor Courier"  # type: ignore[union-attr]
    assert doc.meta["author"] == "Jon Avery"  # type: ignore[union-attr]
    assert str(doc.published) == "2024-05-14"  # type: ignore[union-attr]
    assert doc.meta["date_method"] == "meta:article:published_time"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("head", "url", "expected", "method"),
    [
        ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-02-01T10:00:00Z"}</script>',
         None, "2023-02-01", "json-ld:datePublished"),
        ('<time datetime="2022-11-30T09:00">30 Nov</time>', None, "2022-11-30", "html:time"),
        ("", "https://news.example/2021/07/04/port-opens", "2021-07-04", "url"),
    ],
)
def test_date_methods(head: str, url: str | None, expected: str, method: str) -> None:
    html = article_html(date_meta=None).replace("</article>", head + "</article>")
    doc = html_to_document(html.encode(), "t.html", url=url)
    assert str(doc.published) == expected
    assert doc.meta["date_method"] == method


def test_page_without_body_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article body"):
        html_to_document(b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", "empty.html")


def test_url_input_is_fetched(server: Server, fast_fetcher: object) -> None:
    server.routes["/news/port"] = (200, {"Content-Type": "text/html; charset=utf-8"}, article_html().encode())
    docs = list(read_paths([server.url("/news/port")]))
    assert len(docs) == 1 and PARAGRAPHS[1] in docs[0].text  # type: ignore[union-attr]
    assert docs[0].url == server.url("/news/port")  # type: ignore[union-attr]


def test_url_failure_is_reported_not_raised(server: Server, fast_fetcher: object) -> None:
    items = list(read_paths([server.url("/private/page")]))
    assert len(items) == 1 and "robots.txt" in items[0].message  # type: ignore[union-attr]
