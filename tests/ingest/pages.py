"""Generated test pages: a small made-up news article as HTML, RSS, Atom and WARC (written for these tests)."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime

PARAGRAPHS = [
    "The harbour authority of Port Elnor said on Tuesday that the new container terminal will open in March, "
    "two years later than first planned, after a dispute over dredging permits delayed the works.",
    "Authority chair Mira Castell told reporters that the terminal would double the port's capacity and "
    "bring about four hundred permanent jobs to the coastal district.",
    "Fishermen's groups had opposed the dredging, arguing that silt from the channel would damage the "
    "oyster beds north of the harbour; a court in Velden dismissed their complaint in January.",
    "The regional government has promised to monitor water quality for five years after the terminal opens, "
    "and to compensate oyster farmers if the harvest falls below the average of the last decade.",
]
TITLE = "Port Elnor container terminal to open in March"


def article_html(title: str = TITLE, date_meta: str | None = "2024-05-14T08:30:00Z", author: str = "Jon Avery",
                 site: str = "The Elnor Courier", extra_body: str = "", paragraphs: list[str] | None = None) -> str:
    """A news page with navigation, a footer and metadata around the article body."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in (paragraphs or PARAGRAPHS))
    meta = f'<meta property="article:published_time" content="{date_meta}">' if date_meta else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta name="author" content="{html.escape(author)}">
{meta}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>{html.escape(title)}</h1>
<p class="byline">By {html.escape(author)}</p>
{paras}
{extra_body}
</article></main>
<footer><p>Contact us | Terms of use | Privacy</p></footer>
</body></html>"""


def rss(items: list[tuple[str, str, str]], title: str = "Elnor Courier") -> str:
    """An RSS 2.0 feed; items are (title, link, html content or '')."""
    out = []
    for i, (t, link, content) in enumerate(items):
        desc = f"<description>{html.escape(content)}</description>" if content else ""
        out.append(f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><guid>item-{i}</guid>"
                   f"<pubDate>Tue, 14 May 2024 08:30:00 GMT</pubDate>{desc}</item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>news</description>{''.join(out)}</channel></rss>")


def atom(entries: list[tuple[str, str, str]], title: str = "Elnor Courier") -> str:
    """An Atom feed; entries are (title, link, html content)."""
    out = []
    for i, (t, link, content) in enumerate(entries):
        out.append(f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/><id>urn:e:{i}</id>'
                   f"<updated>2024-05-15T10:00:00Z</updated><content type=\"html\">{html.escape(content)}</content></entry>")
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:feed</id><updated>2024-05-15T10:00:00Z</updated>{''.join(out)}</feed>")


def warc_records(pages: list[tuple[str, bytes, str, int]], gzip: bool = False) -> bytes:
    """A WARC file with one response record per (url, body, content type, status)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, body, ctype, status in pages:
        headers = StatusAndHeaders(f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": datetime(2024, 6, 1, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
        writer.write_record(rec)
    return buf.getvalue()
