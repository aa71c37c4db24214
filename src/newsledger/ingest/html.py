"""HTML reader: the article body by trafilatura; title, outlet, author and dated metadata from the page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.text import make_document
from newsledger.ingest.titles import clean_title

# Pages larger than this are refused: real article pages are well under 5 MB; 20 MB leaves room for
# inlined scripts and images without letting one file exhaust memory.
MAX_HTML_BYTES = 20 * 1024 * 1024
# Meta tags that carry the publication date, in order of trust (Open Graph / schema.org first).
DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date.issued",
    "dc.date", "dcterms.created", "pubdate", "publishdate", "publish-date", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "original-publish-date",
)
TITLE_META = ("og:title", "twitter:title", "dc.title", "headline")
OUTLET_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
ISO_DATE_RE = re.compile(r"((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        val = (el.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(names) or None
    return None


def find_date(tree: Any, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, method) of the publication date: JSON-LD, meta tags, <time>, URL, then htmldate."""
    for item in ld:
        m = ISO_DATE_RE.search(str(item.get("datePublished") or ""))
        if m:
            return m.group(0), "json-ld:datePublished"
    for key in DATE_META:
        m = ISO_DATE_RE.search(meta.get(key, ""))
        if m:
            return m.group(0), f"meta:{key}"
    for el in tree.iter("time"):
        m = ISO_DATE_RE.search(el.get("datetime") or "")
        if m:
            return m.group(0), "html:time"
    if url:
        m = URL_DATE_RE.search(urlparse(url).path)
        if m:
            return f"{m[1]}-{m[2]}-{m[3]}", "url"
    try:
        from htmldate import find_date as htmldate_find

        found = htmldate_find(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback
        found = None
    return (found, "htmldate") if found else (None, None)


def page_metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """Title, outlet, author, date and the method that found the date."""
    meta = _meta(tree)
    ld = _json_ld(tree)
    article = next((x for x in ld if "headline" in x or "datePublished" in x), {})
    title = _name(article.get("headline")) or next((meta[k] for k in TITLE_META if meta.get(k)), None)
    if not title:
        t = tree.find(".//title")
        title = t.text_content().strip() if t is not None and t.text_content().strip() else None
    if not url:
        link = tree.find(".//link[@rel='canonical']")
        url = meta.get("og:url") or (link.get("href") if link is not None else None)
        url = url if url and url.startswith(("http://", "https://")) else None
    outlet = _name(article.get("publisher")) or next((meta[k] for k in OUTLET_META if meta.get(k)), None)
    title = clean_title(title, meta.get("og:site_name") or outlet, url)
    if not outlet and url:
        outlet = urlparse(url).hostname
    author = _name(article.get("author")) or next((meta[k] for k in AUTHOR_META if meta.get(k)), None)
    date, method = find_date(tree, meta, ld, url)
    return {"title": title, "outlet": outlet, "author": author, "published": date, "date_method": method, "url": url}


def extract_body(html: str | bytes, url: str | None = None) -> str | None:
    """The article body as plain text (trafilatura's defaults, reader comments left out), or None."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True)


def html_to_document(data: bytes, source: str, url: str | None = None, id: str | None = None,
                     extra: dict[str, Any] | None = None) -> Document:
    """Build a Document from the bytes of one HTML page, or raise InputError."""
    import lxml.html

    if len(data) > MAX_HTML_BYTES:
        raise InputError(source, f"page of {len(data):,} bytes exceeds {MAX_HTML_BYTES:,}; save the article alone")
    if not data.strip():
        raise InputError(source, "empty page: nothing to analyse")
    try:
        tree = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(source, f"not parseable as HTML ({exc})") from None
    info = page_metadata(tree, url)
    body = extract_body(data, url)
    if not body or not body.strip():
        raise InputError(source, "no article body found in the page; is it an index or a script-only page?")
    meta: dict[str, Any] = {"source": source, "format": "html", **(extra or {})}
    for key in ("author", "date_method"):
        if info.get(key):
            meta[key] = info[key]
    published = info.get("published")
    if published is None and extra and extra.get("fallback_date"):
        published = extra["fallback_date"]
        meta["date_method"] = extra.get("fallback_date_method", "fallback")
    return make_document(body, id=id, published=published, outlet=info.get("outlet"), url=url or info.get("url"),
                         title=info.get("title"), meta=meta, source=source)


def read_html(path: Path) -> Iterator[Document]:
    """Read one saved HTML page."""
    source = str(path)
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        raise InputError(source, f"page of {size:,} bytes exceeds {MAX_HTML_BYTES:,}; save the article alone")
    yield html_to_document(path.read_bytes(), source, url=None, id=path.stem)
