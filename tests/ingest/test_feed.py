from __future__ import annotations

from pathlib import Path

from newsledger.document import Document
from newsledger.ingest import read_paths

from .conftest import Server
from .pages import PARAGRAPHS, article_html, atom, rss

FULL = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_rss_items_with_content(tmp_path: Path) -> None:
    feed = tmp_path / "courier.rss"
    feed.write_text(rss([("Terminal to open", "http://127.0.0.1:9/a", FULL), ("Second", "http://127.0.0.1:9/b", FULL)]))
    docs = [d for d in read_paths([feed]) if isinstance(d, Document)]
    assert len(docs) == 2
    assert docs[0].title == "Terminal to open" and docs[0].outlet == "Elnor Courier"
    assert PARAGRAPHS[2] in docs[0].text and "\n" in docs[0].text  # paragraphs kept apart
    assert str(docs[0].published) == "2024-05-14" and docs[0].meta["date_method"] == "feed:published"


def test_atom_entries(tmp_path: Path) -> None:
    feed = tmp_path / "courier.atom"
    feed.write_text(atom([("Terminal", "http://127.0.0.1:9/a", FULL)]))
    docs = list(read_paths([feed]))
    assert len(docs) == 1 and isinstance(docs[0], Document)
    assert str(docs[0].published) == "2024-05-15" and docs[0].meta["date_method"] == "feed:updated"


def test_teaser_items_fetch_their_link(tmp_path: Path, server: Server, fast_fetcher: object) -> None:
    server.routes["/story"] = (200, {"Content-Type": "text/html"}, article_html().encode())
    feed = tmp_path / "teasers.xml"
    feed.write_text(rss([("Terminal", server.url("/story"), "Short teaser."), ("Gone", server.url("/gone"), "")]))
    items = list(read_paths([feed]))
    assert isinstance(items[0], Document) and PARAGRAPHS[3] in items[0].text
    assert items[0].meta["fetched"] is True and items[0].outlet == "Elnor Courier"
    assert not isinstance(items[1], Document) and "404" in items[1].message


def test_feed_url(server: Server, fast_fetcher: object) -> None:
    server.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss([("T", "http://x.invalid/", FULL)]).encode())
    docs = list(read_paths([server.url("/feed")]))
    assert len(docs) == 1 and isinstance(docs[0], Document) and PARAGRAPHS[0] in docs[0].text
