"""URL inputs: fetch a page or a feed and hand it to the matching reader."""

from __future__ import annotations

from collections.abc import Iterator

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.fetch import default_fetcher
from newsledger.ingest.text import decode_bytes, make_document

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(value: str) -> bool:
    """True for http:// and https:// inputs."""
    return value.lower().startswith(("http://", "https://"))


def _looks_like_feed(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def read_url(url: str) -> Iterator[Document | InputError]:
    """Fetch ``url`` (politely, see ingest/fetch.py) and read it as HTML, a feed or plain text."""
    from newsledger.ingest.feed import parse_feed
    from newsledger.ingest.html import html_to_document

    res = default_fetcher().fetch(url)
    if res.content_type in FEED_TYPES or _looks_like_feed(res.content):
        yield from parse_feed(res.content, res.url)
    elif res.content_type in HTML_TYPES or res.content[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        yield html_to_document(res.content, res.url, url=res.url, extra={"fetched": True})
    elif res.content_type.startswith("text/"):
        text = decode_bytes(res.content, res.url)
        yield make_document(text, url=res.url, source=res.url, meta={"source": res.url, "fetched": True})
    else:
        raise InputError(url, f"cannot read content type {res.content_type or 'unknown'!r}; give an HTML page or a feed")
