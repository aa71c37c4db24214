"""Page titles lose the site's name (from og:site_name, the URL's host, or a short " | " tail)."""

from __future__ import annotations

import pytest

from newsledger.ingest.html import html_to_document
from newsledger.ingest.titles import clean_title


@pytest.mark.parametrize(("title", "site", "url", "clean"), [
    ("Floods close the port - River Gazette", "River Gazette", None, "Floods close the port"),
    ("River Gazette | Floods close the port", "River Gazette", None, "Floods close the port"),
    ("Floods close the port – The River Gazette", "River Gazette", None, "Floods close the port"),
    ("Floods close the port - BBC News", None, "https://www.bbc.co.uk/news/x", "Floods close the port"),
    ("Floods close the port | World | Valley Post", None, None, "Floods close the port"),
    ("Talks resume - but doubts remain", None, None, "Talks resume - but doubts remain"),
    ("Ceasefire holds — for now", "River Gazette", None, "Ceasefire holds — for now"),
    ("River Gazette", "River Gazette", None, "River Gazette"),
    ("  Spaces   everywhere  ", None, None, "Spaces everywhere"),
    (None, "x", None, None),
])
def test_clean_title(title: str | None, site: str | None, url: str | None, clean: str | None) -> None:
    assert clean_title(title, site, url) == clean


def test_html_page_title_loses_its_site_suffix() -> None:
    page = b"""<html><head><title>Ferry service resumes after storm - Harbour Courier</title>
    <meta property="og:site_name" content="Harbour Courier"></head><body><article>
    <p>The ferry between the two islands ran again on Monday after three days of storms had kept it in port.</p>
    <p>Operators said timetables would return to normal by the weekend, and extra crossings were planned.</p>
    </article></body></html>"""
    doc = html_to_document(page, "page.html")
    assert doc.title == "Ferry service resumes after storm" and doc.outlet == "Harbour Courier"
