"""Fetching reaches only public addresses unless allowed; --no-fetch turns it off; every redirect is checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest import netguard
from newsledger.ingest.feed import parse_feed
from newsledger.ingest.fetch import Fetcher
from newsledger.ingest.netguard import check_url, is_public

from .conftest import Server


@pytest.fixture(autouse=True)
def default_policy() -> Iterator[None]:
    old = (netguard.POLICY.fetch, netguard.POLICY.allow_private)
    netguard.set_policy(fetch=True, allow_private=False)
    yield
    netguard.set_policy(*old)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False), ("127.8.8.8", False), ("::1", False), ("10.1.2.3", False), ("172.16.0.9", False),
        ("192.168.1.1", False), ("169.254.169.254", False), ("fe80::1", False), ("fd00:ec2::254", False),
        ("100.100.100.200", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::ffff:127.0.0.1", False),
        ("::ffff:93.184.216.34", True), ("not an address", False),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/admin", "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://localhost/x",
     "http://metadata.google.internal/computeMetadata/v1/", "http://printer.local/", "http://10.0.0.5/",
     "http://0x7f000001/", "http://2130706433/"],
)
def test_private_targets_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="refused to fetch|cannot resolve"):
        check_url(url)
    check_url(url, allow_private=True)  # the user may opt in


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x.example/", "http:///nohost"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(InputError, match="only http"):
        check_url(url, allow_private=True)


def test_fetcher_refuses_a_local_server_by_default(server: Server) -> None:
    server.routes["/page"] = (200, {"Content-Type": "text/html"}, b"<html>secret</html>")
    with pytest.raises(InputError, match="refused"):
        Fetcher(host_interval=0.0, retries=0).fetch(server.url("/page"))
    assert not server.log  # not even robots.txt was asked for


def test_every_redirect_is_checked(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 plays a public host here; its redirect to localhost (a private name) is refused."""
    monkeypatch.setattr(netguard, "is_public", lambda address: address == "127.0.0.1")
    port = server.base.rsplit(":", 1)[1]
    server.routes["/go"] = (302, {"Location": f"http://localhost:{port}/inside"}, b"")
    server.routes["/inside"] = (200, {"Content-Type": "text/html"}, b"<html>inside</html>")
    with pytest.raises(InputError, match="refused to fetch localhost"):
        Fetcher(host_interval=0.0, retries=0).fetch(server.url("/go"))
    assert [p for p, _, _ in server.log if p == "/inside"] == []


def test_redirects_are_followed_when_allowed(server: Server) -> None:
    server.routes["/a"] = (301, {"Location": "/b"}, b"")
    server.routes["/b"] = (200, {"Content-Type": "text/plain"}, b"arrived")
    res = Fetcher(host_interval=0.0, retries=0, allow_private=True).fetch(server.url("/a"))
    assert res.content == b"arrived" and res.url.endswith("/b")


def test_no_fetch_keeps_feed_items_and_refuses_urls() -> None:
    netguard.set_policy(fetch=False)
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Short</title>'
           b"<link>https://news.example/a</link><description>A short teaser about the dam.</description></item>"
           b"</channel></rss>")
    items = list(parse_feed(rss, "feed.rss"))
    assert len(items) == 1 and isinstance(items[0], Document) and items[0].text == "A short teaser about the dam."
    with pytest.raises(InputError, match="--no-fetch"):
        check_url("https://news.example/a")
