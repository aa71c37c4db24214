"""Polite URL fetching: timeouts, size caps, retries with back-off, robots.txt, per-host rate limit."""

from __future__ import annotations

import os
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import httpx

from newsledger.errors import InputError
from newsledger.ingest.netguard import check_peer, check_url
from newsledger.version import __version__

USER_AGENT = f"newsledger/{__version__} (news analysis; set NEWSLEDGER_USER_AGENT to add a contact)"
# Connect/read timeouts in seconds: generous for slow news sites, short enough that a dead host does
# not stall a batch (httpx's own default is 5 s for everything).
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
# Bodies above this are cut off and refused (same bound as the HTML reader).
MAX_BYTES = 20 * 1024 * 1024
# Redirects followed per fetch (each hop is checked like the first URL).
MAX_REDIRECTS = 5
# Bytes handed out per read of a body (after decompression).
CHUNK_BYTES = 64 * 1024
# Retries after the first try for 429, 5xx and network errors; back-off doubles from BACKOFF seconds
# and a server's Retry-After is honoured up to MAX_BACKOFF.
RETRIES = 3
BACKOFF = 1.0
MAX_BACKOFF = 60.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# Minimum seconds between two requests to the same host (one per second is the common crawl courtesy).
HOST_INTERVAL = 1.0


@dataclass
class Fetched:
    """A fetched resource."""

    url: str
    status: int
    content_type: str
    content: bytes


@dataclass
class Fetcher:
    """An HTTP client with the project's politeness rules; one instance keeps per-host state."""

    user_agent: str = field(default_factory=lambda: os.environ.get("NEWSLEDGER_USER_AGENT", USER_AGENT))
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    max_bytes: int = MAX_BYTES
    retries: int = RETRIES
    backoff: float = BACKOFF
    host_interval: float = HOST_INTERVAL
    obey_robots: bool = True
    # None: the process policy (netguard.POLICY, --allow-private); True/False: this fetcher's own rule
    allow_private: bool | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            timeout = httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
            # redirects are followed by hand (_get) so that every hop is checked by netguard
            self._client = httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": self.user_agent})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            due = self._last.get(host, 0.0) + self.host_interval
            self._last[host] = max(now, due)
        if due > now:
            time.sleep(due - now)

    def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's host lets our User-Agent fetch it."""
        if not self.obey_robots:
            return True
        parts = urlparse(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            self._robots[base] = self._load_robots(urljoin(base, "/robots.txt"))
        rp = self._robots[base]
        if rp is None:
            return False
        return rp.can_fetch(self.user_agent, url)

    def _load_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | None:
        rp = urllib.robotparser.RobotFileParser(robots_url)
        try:
            res = self._request(robots_url)
        except InputError:
            return None  # unreachable: RFC 9309 says assume everything is disallowed
        if 400 <= res.status < 500:
            rp.parse([])  # no robots.txt: everything is allowed
        elif res.status >= 500:
            return None
        else:
            rp.parse(res.content.decode("utf-8", "replace").splitlines())
        return rp

    def fetch(self, url: str) -> Fetched:
        """GET one URL, or raise InputError saying why it could not be had (or why it may not be fetched)."""
        check_url(url, self.allow_private)
        if not self.allowed(url):
            raise InputError(url, "disallowed by the site's robots.txt; save the page by hand if you may use it")
        res = self._request(url)
        if res.status >= 400:
            raise InputError(url, f"HTTP {res.status}; check the URL")
        return res

    def _request(self, url: str) -> Fetched:
        host = urlparse(url).netloc
        delay = self.backoff
        last_error = "no attempt"
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            try:
                res = self._get(url)
            except httpx.TimeoutException:
                last_error = "timed out"
            except httpx.TransportError as exc:
                last_error = f"network error ({type(exc).__name__})"
            else:
                if res[0].status not in RETRY_STATUS:
                    return res[0]
                last_error = f"HTTP {res[0].status}"
                if res[1] is not None:
                    delay = max(delay, min(res[1], MAX_BACKOFF))
            if attempt < self.retries:
                time.sleep(min(delay, MAX_BACKOFF))
                delay *= 2
        raise InputError(url, f"{last_error} after {self.retries + 1} tries; try again later")

    def _get(self, url: str) -> tuple[Fetched, float | None]:
        """One GET, following up to MAX_REDIRECTS redirects, each hop checked (netguard) before and after connecting."""
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, self.allow_private)
            with self.client.stream("GET", url) as r:
                stream = r.extensions.get("network_stream")
                peer = stream.get_extra_info("server_addr") if stream is not None else None
                check_peer(url, str(peer[0]) if peer else None, self.allow_private)
                if r.is_redirect and r.headers.get("location"):
                    url = str(r.url.join(r.headers["location"]))
                    continue
                return self._body(r), _retry_after(r)
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects; give the final URL")

    def _body(self, r: httpx.Response) -> Fetched:
        url = str(r.url)
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(url, f"body of {int(declared):,} bytes exceeds the cap of {self.max_bytes:,}")
        chunks: list[bytes] = []
        size = 0
        # iter_bytes inflates gzip/deflate bodies a network chunk at a time, so the cap also bounds a
        # compressed bomb (at most one inflated chunk past the cap is ever held)
        for chunk in r.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_bytes:
                raise InputError(url, f"body exceeds the cap of {self.max_bytes:,} bytes (after decompression)")
            chunks.append(chunk)
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(url, r.status_code, ctype, b"".join(chunks))


def _retry_after(r: httpx.Response) -> float | None:
    retry_after = r.headers.get("retry-after")
    return float(retry_after) if retry_after and retry_after.strip().isdigit() else None


_DEFAULT: Fetcher | None = None


def default_fetcher() -> Fetcher:
    """The process-wide fetcher (keeps robots.txt and rate-limit state across inputs)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Fetcher()
    return _DEFAULT


def set_default_fetcher(fetcher: Fetcher | None) -> None:
    """Replace the process-wide fetcher (tests use a fast one)."""
    global _DEFAULT
    _DEFAULT = fetcher
