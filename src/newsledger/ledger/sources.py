"""Independent sources: outlets, exact copies and near-duplicate (wire copy) links count once."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass
class DocSource:
    """What the corroboration count needs to know about one reporting document."""

    doc_id: str
    outlet: str
    content_hash: str
    published: str | None


def outlet_name(outlet: str | None, url: str | None, doc_id: str) -> str:
    """The outlet of a document: its outlet field, else its URL's host, else the document itself."""
    if outlet and outlet.strip():
        return outlet.strip()
    if url:
        host = urlparse(url).netloc.lower()
        if host:
            return host.removeprefix("www.")
    return f"(document {doc_id})"


def duplicate_links(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(table, doc column, original column) of every near-duplicate link table of the ledger.

    ``newsledger dedup`` writes MinHash links to ``duplicates(doc_id, canonical_id)`` (migration 002); a table
    with a ``duplicate_of`` column (an older layout) is read the same way.
    """
    out = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if not table.replace("_", "").isalnum():
            continue
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]  # name checked alphanumeric above
        original = "canonical_id" if table == "duplicates" else "duplicate_of"
        doc_col = next((c for c in ("doc_id", "id", "document_id") if c in cols), None)
        if original in cols and doc_col:
            out.append((table, doc_col, original))
    return out


class UnionFind:
    """Disjoint sets of document ids (path halving)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def doc_sources(conn: sqlite3.Connection, doc_ids: list[str]) -> list[DocSource]:
    """Outlet, content hash and publication date of documents (parameterised, chunked)."""
    out: list[DocSource] = []
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT id, outlet, url, content_hash, published FROM documents WHERE id IN ({marks})", chunk
        )
        out.extend(DocSource(r[0], outlet_name(r[1], r[2], r[0]), r[3], r[4]) for r in rows)
    return out


# Sentences shorter than this are too generic to show that two reports are one wire copy ("He was killed.").
MIN_COPY_SENTENCE = 60


def sentence_key(sentence: str) -> str | None:
    """A fingerprint of a reporting sentence (words only, lower case), or None when it is too short to tell."""
    words = re.findall(r"[^\W_]+", sentence.lower())
    if len(" ".join(words)) < MIN_COPY_SENTENCE:
        return None
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:16]


def evidence_keys(conn: sqlite3.Connection, members: Iterable[object]) -> dict[str, set[str]]:
    """Document id -> fingerprints of the sentences its clustered reports stand in (same sentence = same copy)."""
    out: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for m in members:
        doc_id, span = getattr(m, "doc_id", None), getattr(m, "evidence", None)
        if not doc_id or not span:
            continue
        if doc_id not in texts:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            texts[doc_id] = str(row[0]) if row else ""
        key = sentence_key(texts[doc_id][span[0] : span[1]])
        if key:
            out.setdefault(doc_id, set()).add(key)
    return out


def independent_groups(conn: sqlite3.Connection, doc_ids: list[str],
                       sentences: dict[str, set[str]] | None = None) -> list[list[DocSource]]:
    """Group reporting documents into independent sources.

    Two reports are one source when they come from the same outlet, have the same text (content hash),
    are linked as near-duplicates (a wire copy carried by another outlet), or report the event in the same
    sentence word for word (``sentences``: a wire story rewritten around one copied paragraph). Groups are
    sorted by the earliest publication so the original report comes first.
    """
    docs = doc_sources(conn, sorted(set(doc_ids)))
    uf = UnionFind()
    by_outlet: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for d in docs:
        uf.find(d.doc_id)
        if d.outlet in by_outlet:
            uf.union(d.doc_id, by_outlet[d.outlet])
        by_outlet.setdefault(d.outlet, d.doc_id)
        if d.content_hash in by_hash:
            uf.union(d.doc_id, by_hash[d.content_hash])
        by_hash.setdefault(d.content_hash, d.doc_id)
    by_sentence: dict[str, str] = {}
    for doc_id, keys in sorted((sentences or {}).items()):
        for key in keys:
            if key in by_sentence:
                uf.union(doc_id, by_sentence[key])
            by_sentence.setdefault(key, doc_id)
    for table, doc_col, dup_col in duplicate_links(conn) if docs else []:
        ids = [d.doc_id for d in docs]
        marks = ",".join("?" * len(ids))
        sql = f'SELECT "{doc_col}", "{dup_col}" FROM "{table}" WHERE "{doc_col}" IN ({marks}) OR "{dup_col}" IN ({marks})'
        known = set(ids)
        for a, b in conn.execute(sql, ids + ids):
            if a in known and b in known:
                uf.union(str(a), str(b))
            elif a in known and b:  # both copies of the same original that is not itself in the cluster
                uf.union(str(a), "orig:" + str(b))
            elif b in known and a:
                uf.union(str(b), "orig:" + str(a))
    groups: dict[str, list[DocSource]] = {}
    for d in docs:
        groups.setdefault(uf.find(d.doc_id), []).append(d)
    return sorted(groups.values(), key=lambda g: min((x.published or "9999") for x in g))
