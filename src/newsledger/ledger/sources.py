"""Independent sources: outlets, exact copies and near-duplicate (wire copy) links count once."""

from __future__ import annotations

import sqlite3
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


def duplicate_links(conn: sqlite3.Connection) -> tuple[str, str, str] | None:
    """(table, doc column, duplicate_of column) of a near-duplicate link table if the ledger has one.

    Branch ``clean`` adds MinHash near-duplicate links (migration 002); whatever table carries a
    ``duplicate_of`` column is used, so the corroboration count follows it when present.
    """
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    for table in tables:
        if not table.replace("_", "").isalnum():
            continue
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]  # name checked alphanumeric above
        if "duplicate_of" in cols:
            for doc_col in ("doc_id", "id", "document_id"):
                if doc_col in cols:
                    return table, doc_col, "duplicate_of"
    return None


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


def independent_groups(conn: sqlite3.Connection, doc_ids: list[str]) -> list[list[DocSource]]:
    """Group reporting documents into independent sources.

    Two reports are one source when they come from the same outlet, have the same text (content hash),
    or are linked as near-duplicates (a wire copy carried by another outlet). Groups are sorted by the
    earliest publication so the original report comes first.
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
    links = duplicate_links(conn)
    if links and docs:
        table, doc_col, dup_col = links
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
