from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Document
from newsledger.ingest import read_paths, warc

from .pages import PARAGRAPHS, article_html, warc_records


@pytest.mark.parametrize(("name", "gz"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_documents(tmp_path: Path, name: str, gz: bool) -> None:
    path = tmp_path / name
    path.write_bytes(warc_records([
        ("https://courier.example/2024/05/14/port", article_html().encode(), "text/html; charset=utf-8", 200),
        ("https://courier.example/logo.png", b"\x89PNG....", "image/png", 200),
        ("https://courier.example/missing", b"<html>gone</html>", "text/html", 404),
        ("https://courier.example/nodate", article_html(date_meta=None).encode(), "text/html", 200),
    ], gzip=gz))
    docs = list(read_paths([path]))
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)
    first, second = docs
    assert PARAGRAPHS[0] in first.text and first.url == "https://courier.example/2024/05/14/port"  # type: ignore[union-attr]
    assert first.meta["date_method"] == "meta:article:published_time"  # type: ignore[union-attr]
    assert str(second.published) == "2024-06-01" and second.meta["date_method"] == "warc-date"  # type: ignore[union-attr]


def test_oversized_record_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc, "MAX_HTML_BYTES", 500)
    path = tmp_path / "big.warc"
    path.write_bytes(warc_records([("https://courier.example/big", article_html().encode(), "text/html", 200)]))
    items = list(read_paths([path]))
    assert len(items) == 1 and not isinstance(items[0], Document) and "skipped" in items[0].message


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    items = list(read_paths([path]))
    assert len(items) == 1 and not isinstance(items[0], Document) and "WARC" in items[0].message
