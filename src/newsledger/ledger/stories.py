"""Story grouping: documents about the same story, each link backed by two pieces of evidence, close in time.

Every link needs the documents published within STORY_WINDOW_DAYS of each other, and one of

* a shared **event cluster** that both report in their lead, as news: the event is dated no more than
  NEWS_DAYS before the article (or undated). A lead that recalls an old happening ("the killing of Osama bin
  Laden in May 2011", "the Benghazi attack") is background, and articles sharing only background are other stories;
* shared **salient entities** (IDF-weighted overlap), at least one of them neither a place nor a legislative
  chamber: two countries say where, not what ("Kenya" and "Somalia" in a church bombing and a mall siege), and
  "Congress" and "the Senate" are where every political story is told (Ted Cruz on the Islamic State and Obama
  on the border crisis);
* **similar texts** (TF-IDF cosine of the articles, ``context.DocIndex``, at least TEXT_COSINE) that also
  share a salient entity: one account told by several outlets.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from newsledger.ledger.canonical import name_key, person_key
from newsledger.ledger.context import DocIndex
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
# ... and both report it as news: the event is dated at most this many days before the article.
NEWS_DAYS = 14
# Legislative chambers (lower-cased canonical names, a leading "U.S." or "the" aside): like places, they say where a
# political story is told, not which one it is.
CHAMBERS = frozenset({"congress", "senate", "house", "house of representatives", "parliament", "house of commons",
                      "house of lords", "bundestag", "duma", "knesset"})
# Two articles whose texts have at least this TF-IDF cosine (and share a salient entity) tell one story.
TEXT_COSINE = 0.35


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


def _places(conn: sqlite3.Connection) -> set[int]:
    """Canonical ids of places and of legislative chambers (CHAMBERS): entities that say where, not what."""
    out = set()
    for cid, cls, name in conn.execute("SELECT id, class, name FROM canonical_entities"):
        words = str(name or "").lower().replace(".", "").split()
        while words and words[0] in ("us", "the"):
            words = words[1:]
        if cls == "place" or (cls == "org" and " ".join(words) in CHAMBERS):
            out.add(int(cid))
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


def _close(a: date | None, b: date | None) -> bool:
    """Published within the story window (an unknown date does not count against it)."""
    return not (a and b) or abs((a - b).days) <= STORY_WINDOW_DAYS


def _as_news(published: date | None, event_start: str | None) -> bool:
    """The article reports the event as news: dated at most NEWS_DAYS before publication (or either undated)."""
    if not published or not event_start:
        return True
    day = event_start[:10]
    day += "-01-01"[len(day) - 4:] if len(day) in (4, 7) else ""  # "2011" and "2011-05" start on their first day
    try:
        return (published - date.fromisoformat(day)).days <= NEWS_DAYS
    except ValueError:
        return True


def _sharing(rare: dict[str, set[int]], when: dict[str, date | None]) -> list[tuple[str, str]]:
    """Pairs of documents (first < second) published within the window that share a rare salient entity."""
    index: dict[int, list[str]] = defaultdict(list)
    for doc, ents in rare.items():
        for c in ents:
            index[c].append(doc)
    pairs: set[tuple[str, str]] = set()
    for docs in index.values():
        docs.sort(key=lambda d: (when.get(d) or date.min, d))
        dated = [d for d in docs if when.get(d)]
        for d in docs:
            if not when.get(d):  # an unknown date does not count against a link
                pairs.update((min(d, o), max(d, o)) for o in docs if o != d)
        for i, a in enumerate(dated):  # sorted by day: stop at the first one out of the window
            for b in dated[i + 1:]:
                if not _close(when[a], when[b]):
                    break
                pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def entity_links(rare: dict[str, set[int]], idf: dict[int, float], places: set[int],
                 pairs: list[tuple[str, str]]) -> list[tuple[str, str, set[int]]]:
    """The pairs whose rare salient entities overlap enough (IDF-weighted), with at least one shared entity that is
    not in ``places`` (places and legislative chambers)."""
    out = []
    for a, b in pairs:
        shared = rare[a] & rare[b]
        if len(shared) < MIN_SHARED or shared <= places:
            continue
        sim = sum(idf[c] for c in shared) / max(1e-9, min(sum(idf[c] for c in rare[a]), sum(idf[c] for c in rare[b])))
        if sim >= MIN_SIMILARITY:
            out.append((a, b, shared))
    return out


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
    uf = UnionFind()
    for doc in when:
        uf.find(doc)
    rare = {d: {c for c in ents if c in idf} for d, ents in salient.items()}
    pairs = _sharing(rare, when)
    for a, b, _ in entity_links(rare, idf, _places(conn), pairs):
        uf.union(a, b)
    texts = DocIndex(conn)  # similar texts that share a rare salient entity
    texts.build(list(when))
    for a, b in pairs:
        if texts.cosine(a, b) >= TEXT_COSINE:
            uf.union(a, b)
    for cid, start in conn.execute("SELECT id, date_start FROM clusters WHERE n_documents > 1"):  # shared event clusters ...
        docs = [r[0] for r in conn.execute(  # ... that the documents report in their lead, not as background
            "SELECT DISTINCT m.doc_id FROM cluster_members m JOIN cluster_evidence x ON x.doc_id = m.doc_id"
            " AND x.event_id = m.event_id WHERE m.cluster_id = ? AND x.evidence_start < ?", (cid, LEAD_CHARS))]
        docs = sorted((d for d in docs if _as_news(when.get(d), start)), key=lambda d: (when.get(d) or date.min, d))
        for prev, d in zip(docs, docs[1:], strict=False):  # reports of one event days apart are one story each
            if _close(when.get(prev), when.get(d)):
                uf.union(prev, d)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in when:
        groups[uf.find(doc)].append(doc)
    stories = []
    for docs in groups.values():
        ents = sorted({c for d in docs for c in salient.get(d, []) if c in idf}, key=lambda c: -sum(c in salient.get(d, []) for d in docs))
        stories.append(Story(sorted(docs), sorted({outlet[d] for d in docs}), ents[:SALIENT]))
    return sorted(stories, key=lambda s: (-len(s.documents), s.documents[0]))
