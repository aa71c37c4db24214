"""Independent sources: outlets, exact copies and near-duplicate (wire copy) links count once."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
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


# Sentences of fewer words are too generic to show that two reports are one copy ("He was killed.").
MIN_COPY_WORDS = 8
# Two sentences this alike (difflib ratio over their words) are one copy with edits ("country's" / "country’s",
# "Massoum" / "Masum", a dropped clause): wire copy, or one outlet's boilerplate repeated.
NEAR_COPY_RATIO = 0.85


# Word n-grams this long, shared outside quotations, are copied text (two outlets quoting one speaker share
# the quotation, not the prose around it) ...
COPY_NGRAM = 8
# ... and two documents sharing this many of them carry one wire story, however paraphrased around it.
MIN_SHARED_NGRAMS = 6
# Documents of a cluster compared for shared prose (the pairs grow with the square).
MAX_COPY_DOCS = 60
_QUOTED = re.compile(r'"[^"\n]{0,800}"|“[^”\n]{0,800}”')


@lru_cache(maxsize=2048)
def copy_shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The word n-grams (COPY_NGRAM words, lower case) of a text's prose outside quotation marks."""
    out: set[tuple[str, ...]] = set()
    for part in _QUOTED.split(text):
        words = re.findall(r"[^\W_]+", part.lower())
        out.update(tuple(words[i : i + COPY_NGRAM]) for i in range(len(words) - COPY_NGRAM + 1))
    return frozenset(out)


def shared_copy(a: str, b: str) -> bool:
    """Two texts share at least MIN_SHARED_NGRAMS long word n-grams of prose: one is (partly) the other's copy."""
    sa, sb = copy_shingles(a), copy_shingles(b)
    small, large = sorted((sa, sb), key=len)
    return sum(1 for g in small if g in large) >= MIN_SHARED_NGRAMS


def _texts(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update((r[0], str(r[1] or "")) for r in conn.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk))
    return out


def sentence_words(sentence: str) -> tuple[str, ...] | None:
    """The words of a reporting sentence (lower case), or None when it is too short to tell a copy."""
    words = tuple(re.findall(r"[^\W_]+", sentence.lower()))
    return words if len(words) >= MIN_COPY_WORDS else None


def near_copy(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two sentences are the same text with at most small edits."""
    if a == b:
        return True
    sa, sb = set(a), set(b)
    if 2 * len(sa & sb) < NEAR_COPY_RATIO * (len(sa) + len(sb)):  # cheap bound before the alignment
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_COPY_RATIO


def evidence_keys(conn: sqlite3.Connection, members: Iterable[object]) -> dict[str, list[tuple[str, ...]]]:
    """Document id -> the words of the sentences its clustered reports stand in (near-identical = one copy)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    texts: dict[str, str] = {}
    for m in members:
        doc_id, span = getattr(m, "doc_id", None), getattr(m, "evidence", None)
        if not doc_id or not span:
            continue
        if doc_id not in texts:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            texts[doc_id] = str(row[0]) if row else ""
        words = sentence_words(texts[doc_id][span[0] : span[1]])
        if words and words not in out.setdefault(doc_id, []):
            out[doc_id].append(words)
    return out


@dataclass
class _Span:
    doc_id: str
    evidence: list[int]


def cluster_sentences(conn: sqlite3.Connection, cluster_id: int) -> dict[str, list[tuple[str, ...]]]:
    """The words of the stored evidence sentences of one cluster's reports (as ``evidence_keys``)."""
    rows = conn.execute(
        "SELECT m.doc_id, x.evidence_start, x.evidence_end FROM cluster_members m JOIN cluster_evidence x"
        " ON x.doc_id = m.doc_id AND x.event_id = m.event_id WHERE m.cluster_id = ?", (cluster_id,))
    return evidence_keys(conn, [_Span(r[0], [r[1], r[2]]) for r in rows])


def independent_groups(conn: sqlite3.Connection, doc_ids: list[str],
                       sentences: dict[str, list[tuple[str, ...]]] | None = None) -> list[list[DocSource]]:
    """Group reporting documents into independent sources.

    Two reports are one source when they come from the same outlet, have the same text (content hash),
    are linked as near-duplicates (a wire copy carried by another outlet), report the event in the same
    sentence, word for word or nearly (``sentences``: a wire story rewritten around one copied paragraph), or
    share long runs of the same prose outside quotations (``shared_copy``: paraphrased wire copy). Groups are
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
    said = sorted((doc_id, words) for doc_id, ws in (sentences or {}).items() for words in ws)
    for i, (doc_a, a) in enumerate(said):
        for doc_b, b in said[i + 1 :]:
            if doc_a != doc_b and uf.find(doc_a) != uf.find(doc_b) and near_copy(a, b):
                uf.union(doc_a, doc_b)
    if len({uf.find(d.doc_id) for d in docs}) > 1:  # paraphrased wire copy: long runs of the same prose
        heads = [d.doc_id for d in docs][:MAX_COPY_DOCS]
        texts = _texts(conn, heads)
        for i, first in enumerate(heads):
            for second in heads[i + 1 :]:
                if uf.find(first) != uf.find(second) and shared_copy(texts.get(first, ""), texts.get(second, "")):
                    uf.union(first, second)
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
