"""Story grouping: documents about the same story (shared event clusters or salient entities, close in time).

Both links need the documents published within STORY_WINDOW_DAYS of each other: an event cluster holds the
background mentions of an event weeks later (a killing recalled in the coverage of the protests), which are
another story.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from newsledger.ledger.canonical import name_key, person_key
from newsledger.ledger.sources import UnionFind

# Reports of one story appear within a few days of each other (AllSides story pages span 1-3 days).
STORY_WINDOW_DAYS = 3
# A document's salient entities: its most mentioned canonical entities, at most this many.
SALIENT = 6
# Entities in more than this share of documents (a country in every article) say nothing about the story.
MAX_DF_SHARE = 0.05
# ... but an entity in this many documents or fewer is never too common (small ledgers).
MIN_DF_CAP = 10
# Two documents are one story when their salient entities overlap this much (IDF-weighted, 0..1)
# and share at least MIN_SHARED of them.
MIN_SIMILARITY = 0.5
MIN_SHARED = 2
# A shared event cluster makes two documents one story when both report the event within their first
# this many characters (the lead: what the article is about), not in background paragraphs.
LEAD_CHARS = 600


@dataclass
class Story:
    """A group of documents telling the same story."""

    documents: list[str]
    outlets: list[str]
    entities: list[int]


def _story_keys(conn: sqlite3.Connection) -> dict[int, int]:
    """Canonical person -> the smallest canonical id of a person with that surname: a story about "Obama" is one
    story whether an article names him in full or not (people link by full name only, ledger/canonical.py)."""
    by_surname: dict[str, int] = {}
    out: dict[int, int] = {}
    for cid, name in conn.execute("SELECT id, name FROM canonical_entities WHERE class = 'person' ORDER BY id"):
        words = person_key(name_key(str(name))).split()
        if words:
            out[int(cid)] = by_surname.setdefault(words[-1], int(cid))
    return out


def _salient(conn: sqlite3.Connection) -> tuple[dict[str, list[int]], dict[str, date | None], dict[str, str]]:
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    rows = conn.execute(
        "SELECT l.doc_id, l.canonical_id, count(m.rowid) FROM entity_links l JOIN entities e ON e.doc_id = l.doc_id AND e.id = l.entity_id"
        " JOIN mentions m ON m.doc_id = l.doc_id AND m.entity_id = l.entity_id WHERE e.type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'EVENT')"
        " GROUP BY l.doc_id, l.canonical_id"
    )
    key = _story_keys(conn)
    for doc, cid, n in rows:
        k = key.get(int(cid), int(cid))
        counts[doc][k] = counts[doc].get(k, 0) + int(n)
    salient = {d: [c for c, _ in sorted(v.items(), key=lambda x: (-x[1], x[0]))[:SALIENT]] for d, v in counts.items()}
    when: dict[str, date | None] = {}
    outlet: dict[str, str] = {}
    for doc, pub, out in conn.execute("SELECT id, published, coalesce(outlet, id) FROM documents"):
        when[doc] = date.fromisoformat(pub[:10]) if pub else None
        outlet[doc] = out
    return salient, when, outlet


def group(conn: sqlite3.Connection) -> list[Story]:
    """Group every stored document into stories (singletons included), largest first."""
    salient, when, outlet = _salient(conn)
    n_docs = max(len(when), 1)
    df: dict[int, int] = defaultdict(int)
    for ents in salient.values():
        for c in ents:
            df[c] += 1
    cap = max(MAX_DF_SHARE * n_docs, MIN_DF_CAP)
    idf = {c: math.log(1 + n_docs / n) for c, n in df.items() if n <= cap}
    index: dict[int, list[str]] = defaultdict(list)
    for doc, ents in salient.items():
        for c in ents:
            if c in idf:
                index[c].append(doc)
    uf = UnionFind()
    for doc in when:
        uf.find(doc)
    for doc, ents in salient.items():
        mine = {c for c in ents if c in idf}
        cands: set[str] = {o for c in mine for o in index[c] if o > doc}
        for other in cands:
            a, b = when.get(doc), when.get(other)
            if a and b and abs((a - b).days) > STORY_WINDOW_DAYS:
                continue
            theirs = {c for c in salient.get(other, []) if c in idf}
            shared = mine & theirs
            if len(shared) < MIN_SHARED:
                continue
            sim = sum(idf[c] for c in shared) / max(1e-9, min(sum(idf[c] for c in mine), sum(idf[c] for c in theirs)))
            if sim >= MIN_SIMILARITY:
                uf.union(doc, other)
    for (cid,) in conn.execute("SELECT id FROM clusters WHERE n_documents > 1"):  # shared event clusters ...
        docs = [r[0] for r in conn.execute(  # ... that the documents report in their lead, not as background
            "SELECT DISTINCT m.doc_id FROM cluster_members m JOIN cluster_evidence x ON x.doc_id = m.doc_id"
            " AND x.event_id = m.event_id WHERE m.cluster_id = ? AND x.evidence_start < ?", (cid, LEAD_CHARS))]
        docs.sort(key=lambda d: (when.get(d) or date.min, d))
        for prev, d in zip(docs, docs[1:], strict=False):  # reports of one event days apart are one story each
            a, b = when.get(prev), when.get(d)
            if not (a and b) or (b - a).days <= STORY_WINDOW_DAYS:
                uf.union(prev, d)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in when:
        groups[uf.find(doc)].append(doc)
    stories = []
    for docs in groups.values():
        ents = sorted({c for d in docs for c in salient.get(d, []) if c in idf}, key=lambda c: -sum(c in salient.get(d, []) for d in docs))
        stories.append(Story(sorted(docs), sorted({outlet[d] for d in docs}), ents[:SALIENT]))
    return sorted(stories, key=lambda s: (-len(s.documents), s.documents[0]))
