"""Where fetching may go: public internet addresses only, unless the user passes ``--allow-private``.

A feed or page from an untrusted source names the links we fetch; without this guard a teaser link to
``http://127.0.0.1:8080/admin`` or ``http://169.254.169.254/latest/meta-data/`` (cloud metadata) would be
fetched and its reply stored in the ledger (server-side request forgery). Every URL is checked before
the request (all addresses its host resolves to must be public) and after the connection (the peer
address actually reached, which defeats DNS answers that change between the two), and again for every
redirect. Refused: loopback, private (RFC 1918, unique-local), link-local (and so the metadata address),
shared (CGNAT), multicast, reserved and unspecified addresses.

``--no-fetch`` turns fetching off altogether: URL inputs fail with a clear message, and feed items keep
their own text instead of having their link fetched.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsledger.errors import InputError

# Host names that are private whatever they resolve to.
PRIVATE_NAMES = ("localhost", "localhost.localdomain", "metadata.google.internal", "metadata")


@dataclass
class NetworkPolicy:
    """What fetching may do in this process (set once by the CLI; Dask workers get a copy)."""

    fetch: bool = True
    allow_private: bool = False


POLICY = NetworkPolicy(allow_private=bool(os.environ.get("NEWSLEDGER_ALLOW_PRIVATE")))


def set_policy(fetch: bool | None = None, allow_private: bool | None = None) -> NetworkPolicy:
    """Change the process-wide policy (None leaves a setting as it is); returns it."""
    if fetch is not None:
        POLICY.fetch = fetch
    if allow_private is not None:
        POLICY.allow_private = allow_private
    return POLICY


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast


def _refuse(url: str, host: str, why: str) -> InputError:
    return InputError(url, f"refused to fetch {host}: {why} (a request forgery risk); pass --allow-private if you"
                      " mean to fetch from your own network")


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Raise InputError unless ``url`` may be fetched (http(s), public host) under the policy."""
    if not POLICY.fetch:
        raise InputError(url, "fetching is off (--no-fetch); save the page and give the file instead")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "only http(s) URLs with a host can be fetched")
    if POLICY.allow_private if allow_private is None else allow_private:
        return
    host = parts.hostname.rstrip(".").lower()
    if host in PRIVATE_NAMES or host.endswith((".localhost", ".internal", ".local")):
        raise _refuse(url, host, "a local or internal name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(url, "bad port in the URL") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise InputError(url, f"cannot resolve {host}; check the URL") from None
    bad = sorted({str(info[4][0]) for info in infos if not is_public(str(info[4][0]))})
    if bad:
        raise _refuse(url, host, f"it resolves to the non-public address {bad[0]}")


def check_peer(url: str, peer: str | None, allow_private: bool | None = None) -> None:
    """Raise InputError when the address a request actually reached is not public (under the policy)."""
    if (POLICY.allow_private if allow_private is None else allow_private) or peer is None:
        return
    if not is_public(peer):
        raise _refuse(url, urlsplit(url).hostname or "?", f"the connection reached the non-public address {peer}")
