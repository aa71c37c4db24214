"""Page titles without the site's name: "Floods close the port - River Gazette" becomes "Floods close the port"."""

from __future__ import annotations

import re
from urllib.parse import urlparse

# Separators between a headline and the site's name in <title> and og:title.
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " // ", " » ")
# A last segment after " | " this short is taken for the site's name even when the page does not name its site.
MAX_SITE_WORDS = 5
# Host labels that name no site ("www", "m", "edition" ...) and suffixes that are not the site's name.
_HOST_NOISE = {"www", "m", "mobile", "amp", "edition", "news", "com", "co", "org", "net", "uk", "gov"}


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _host_names(url: str | None) -> list[str]:
    host = (urlparse(url).hostname or "") if url else ""
    return [label for label in host.lower().split(".") if label and label not in _HOST_NOISE and len(label) > 2]


def _is_site(segment: str, site: str | None, hosts: list[str]) -> bool:
    seg = _letters(segment)
    if not seg:
        return False
    if site and (seg == _letters(site) or _letters(site) in seg and len(seg) <= len(_letters(site)) + 8):
        return True
    return any(h in seg for h in hosts) and len(segment.split()) <= MAX_SITE_WORDS


def clean_title(title: str | None, site: str | None = None, url: str | None = None) -> str | None:
    """The headline without a leading or trailing site name (``site`` from og:site_name, or the URL's host);
    a trailing " | Something short" goes too. Titles that would be left empty are kept whole."""
    if not title:
        return title
    text = " ".join(title.split())
    hosts = _host_names(url)
    for _ in range(2):  # "Headline - Section | Site" loses both
        for sep in _SEPARATORS:
            first, found, rest = text.partition(sep)
            if found and rest.strip() and _is_site(first, site, hosts):
                text = rest.strip()
                break
            head, found, tail = text.rpartition(sep)
            short_tail = sep == " | " and len(tail.split()) <= MAX_SITE_WORDS and not _is_site(head, site, hosts)
            if found and head.strip() and (_is_site(tail, site, hosts) or short_tail):
                text = head.strip()
                break
        else:
            break
    return text
