"""RSS/Atom reader (feedparser): each item's own content, or the page its link points to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.text import make_document

# An item whose content has fewer characters than this is a teaser: its link is fetched for the article
# (feed summaries are typically one or two sentences, 150-400 characters; full-content feeds far more).
MIN_ITEM_CHARS = 600
# Feeds larger than this are refused (big podcast feeds are ~5 MB).
MAX_FEED_BYTES = 50 * 1024 * 1024


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # noqa: BLE001 - malformed markup: fall back to the raw string
        return fragment.strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
    for el in root.iter():
        if el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> tuple[date | None, str | None]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday), f"feed:{key.split('_')[0]}"
            except (ValueError, TypeError, AttributeError):  # a date outside years 1-9999, or no date at all
                continue
    return None, None


def _content(entry: Any) -> str:
    parts = entry.get("content") or []
    best = max((p.get("value", "") for p in parts), key=len, default="")
    summary = entry.get("summary", "") or ""
    return html_text(best if len(best) >= len(summary) else summary)


def parse_feed(data: bytes, source: str, fetch_links: bool | None = None) -> Iterator[Document | InputError]:
    """Yield one Document (or InputError) per feed item; a teaser item's link is fetched unless
    ``fetch_links`` is False (default: unless fetching is off, ``--no-fetch``), else it keeps its own text."""
    import feedparser

    from newsledger.ingest.netguard import POLICY

    fetch_links = POLICY.fetch if fetch_links is None else fetch_links
    if not data.strip():
        raise InputError(source, "empty feed file: nothing to read")
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise InputError(source, f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
    if not parsed.entries:
        raise InputError(source, "the feed has no items")
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries, 1):
        try:
            yield _item(entry, f"{source}#{i}", source, outlet, fetch_links)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - one odd item (or its fetched page) must not end the feed
            yield InputError(f"{source}#{i}", f"unreadable item ({type(exc).__name__}: {exc})")


def _item(entry: Any, item_source: str, source: str, outlet: str | None, fetch_links: bool) -> Document:
    """The Document of one feed item: its own text, or its link's page when it is a teaser."""
    link = entry.get("link")
    published, method = _entry_date(entry)
    text = _content(entry)
    meta: dict[str, Any] = {"source": item_source, "format": "feed", "feed": source}
    if entry.get("author"):
        meta["author"] = entry.get("author")
    if len(text) < MIN_ITEM_CHARS and link and fetch_links:
        return _fetch_item(link, item_source, entry, outlet, published, method, meta)
    if method:
        meta["date_method"] = method
    return make_document(text, id=entry.get("id") or link or None, published=published, outlet=outlet,
                         url=link, title=entry.get("title"), meta=meta, source=item_source)


def _fetch_item(link: str, source: str, entry: Any, outlet: str | None, published: date | None,
                method: str | None, meta: dict[str, Any]) -> Document:
    from newsledger.ingest.fetch import default_fetcher
    from newsledger.ingest.html import html_to_document

    try:
        res = default_fetcher().fetch(link)
    except InputError as exc:
        raise InputError(source, f"teaser link {link}: {exc.message}; --no-fetch keeps the item's own text") from None
    extra = dict(meta, fetched=True)
    if published:
        extra["fallback_date"] = published.isoformat()
        extra["fallback_date_method"] = method
    doc = html_to_document(res.content, source, url=res.url, id=entry.get("id") or link, extra=extra)
    doc.meta.pop("fallback_date", None)
    doc.meta.pop("fallback_date_method", None)
    doc.title = doc.title or entry.get("title")
    doc.outlet = outlet or doc.outlet
    return doc


def read_feed(path: Path) -> Iterator[Document | InputError]:
    """Read an RSS or Atom file."""
    source = str(path)
    if path.stat().st_size > MAX_FEED_BYTES:
        raise InputError(source, f"feed larger than {MAX_FEED_BYTES:,} bytes; split it")
    yield from parse_feed(path.read_bytes(), source)
