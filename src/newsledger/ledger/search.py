"""Ranked full-text search over articles, quotes, events, entities and clusters, with totals and facets."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import replace
from typing import Any

from newsledger.ledger.filters import Filters, cluster_where, document_where, event_where, quote_where
from newsledger.ledger.ftsquery import fts_query
from newsledger.ledger.sources import outlet_name

KINDS = ("documents", "quotes", "events", "entities", "clusters")
# Values listed per facet (the most frequent first).
FACET_SIZE = 15
# Snippet length in tokens around the best match.
SNIPPET_TOKENS = 16
_OPEN, _CLOSE = "\x02", "\x03"


def snippet_parts(snippet: str | None) -> list[dict[str, Any]]:
    """A snippet (matches between \\x02 and \\x03) as [{text, match}]: markup is never built from text."""
    parts, on = [], False
    for piece in re.split("([\x02\x03])", snippet or ""):
        if piece == _OPEN:
            on = True
        elif piece == _CLOSE:
            on = False
        elif piece:
            parts.append({"text": piece, "match": on})
    return parts


def _plain(snippet: str | None) -> str:
    return re.sub("[\x02\x03]", "", snippet or "")


def _section(items: list[dict[str, Any]], total: int, f: Filters) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": f.limit, "offset": f.offset}


def _unfiltered(f: Filters) -> Filters:
    return replace(f, q=None)


def _documents(conn: sqlite3.Connection, match: str, f: Filters) -> tuple[dict[str, Any], list[sqlite3.Row]]:
    w = document_where(_unfiltered(f))
    base = f"FROM documents_fts t JOIN documents d ON d.id = t.doc_id WHERE documents_fts MATCH ? AND {w.sql}"
    hits = conn.execute(f"SELECT d.id, d.outlet, d.published {base}", [match, *w.values]).fetchall()
    rows = conn.execute(
        f"SELECT d.id, d.title, d.outlet, d.url, d.published, bm25(documents_fts, 0, 4.0, 1.0) AS score,"
        f" highlight(documents_fts, 1, char(2), char(3)) AS title_hl,"
        f" snippet(documents_fts, 2, char(2), char(3), ' … ', {SNIPPET_TOKENS}) AS snip"
        f" {base} ORDER BY score LIMIT ? OFFSET ?", [match, *w.values, f.limit, f.offset]).fetchall()
    items = [{
        "doc_id": r["id"], "title": r["title"], "title_parts": snippet_parts(r["title_hl"]) if r["title"] else [],
        "outlet": r["outlet"], "outlet_name": outlet_name(r["outlet"], r["url"], r["id"]), "url": r["url"],
        "published": r["published"], "score": round(-float(r["score"]), 4),
        "snippet": _plain(r["snip"]), "snippet_parts": snippet_parts(r["snip"]),
    } for r in rows]
    return _section(items, len(hits), f), hits


def _quotes(conn: sqlite3.Connection, match: str, f: Filters) -> dict[str, Any]:
    w = quote_where(_unfiltered(f))
    base = ("FROM quotes_fts t JOIN quotes q ON q.doc_id = t.doc_id AND q.id = t.quote_id JOIN documents d ON d.id = q.doc_id"
            " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity"
            f" WHERE quotes_fts MATCH ? AND {w.sql}")
    total = conn.execute(f"SELECT count(*) {base}", [match, *w.values]).fetchone()[0]
    rows = conn.execute(
        "SELECT q.doc_id, q.id, q.speaker_name, q.content_start, q.content_end, d.title, d.outlet, d.url, d.published,"
        f" l.canonical_id, snippet(quotes_fts, 3, char(2), char(3), ' … ', {SNIPPET_TOKENS}) AS snip {base}"
        " ORDER BY bm25(quotes_fts, 0, 0, 1.0, 2.0) LIMIT ? OFFSET ?", [match, *w.values, f.limit, f.offset]).fetchall()
    items = [{
        "doc_id": r["doc_id"], "quote_id": r["id"], "speaker": r["speaker_name"], "speaker_canonical": r["canonical_id"],
        "title": r["title"], "outlet": r["outlet"], "outlet_name": outlet_name(r["outlet"], r["url"], r["doc_id"]),
        "published": r["published"], "start": r["content_start"], "end": r["content_end"],
        "snippet": _plain(r["snip"]), "snippet_parts": snippet_parts(r["snip"]),
    } for r in rows]
    return _section(items, total, f)


def _events(conn: sqlite3.Connection, match: str, f: Filters) -> dict[str, Any]:
    w = event_where(_unfiltered(f))
    base = ("FROM events_fts t JOIN events e ON e.doc_id = t.doc_id AND e.id = t.event_id JOIN documents d ON d.id = e.doc_id"
            f" LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id WHERE events_fts MATCH ? AND {w.sql}")
    total = conn.execute(f"SELECT count(*) {base}", [match, *w.values]).fetchone()[0]
    rows = conn.execute(
        "SELECT e.doc_id, e.id, e.type, e.modality, e.when_value, e.when_precision, e.trigger_start, e.trigger_end,"
        " e.summary, e.trigger_text, d.title, d.outlet, d.url, d.published, m.cluster_id,"
        f" highlight(events_fts, 2, char(2), char(3)) AS hl {base} ORDER BY bm25(events_fts, 0, 0, 2.0, 1.0, 1.0)"
        " LIMIT ? OFFSET ?", [match, *w.values, f.limit, f.offset]).fetchall()
    items = [{
        "doc_id": r["doc_id"], "event_id": r["id"], "type": r["type"], "modality": r["modality"],
        "when": r["when_value"], "precision": r["when_precision"], "start": r["trigger_start"], "end": r["trigger_end"],
        "summary": r["summary"] or r["trigger_text"], "summary_parts": snippet_parts(r["hl"] if r["summary"] else r["trigger_text"]),
        "title": r["title"], "outlet": r["outlet"], "outlet_name": outlet_name(r["outlet"], r["url"], r["doc_id"]),
        "published": r["published"], "cluster_id": r["cluster_id"],
    } for r in rows]
    return _section(items, total, f)


def _entities(conn: sqlite3.Connection, match: str, f: Filters) -> dict[str, Any]:
    base = "FROM entities_fts t JOIN canonical_entities c ON c.id = t.rowid WHERE entities_fts MATCH ?"
    total = conn.execute(f"SELECT count(*) {base}", [match]).fetchone()[0]
    rows = conn.execute(f"SELECT c.id, c.name, c.type, c.n_docs, c.n_mentions {base}"
                        " ORDER BY bm25(entities_fts, 2.0, 1.0) - ln(1 + c.n_docs) LIMIT ? OFFSET ?",
                        [match, f.limit, f.offset]).fetchall()
    return _section([dict(r) for r in rows], total, f)


def _clusters(conn: sqlite3.Connection, f: Filters) -> dict[str, Any]:
    w = cluster_where(f)
    total = conn.execute(f"SELECT count(*) FROM clusters c WHERE {w.sql}", w.values).fetchone()[0]
    rows = conn.execute(
        "SELECT c.id, c.type, c.label, c.date_value, c.date_precision, c.place, c.n_events, c.n_documents, c.n_outlets,"
        f" c.corroboration FROM clusters c WHERE {w.sql} ORDER BY c.corroboration DESC, c.n_events DESC, c.id LIMIT ? OFFSET ?",
        [*w.values, f.limit, f.offset]).fetchall()
    return _section([dict(r) for r in rows], total, f)


def facets(conn: sqlite3.Connection, hits: list[sqlite3.Row], f: Filters) -> dict[str, list[dict[str, Any]]]:
    """Counts of the matching documents by outlet, date (years, or months within one year), event type and entity."""
    outlets = Counter(r["outlet"] for r in hits if r["outlet"])
    years = Counter(r["published"][:4] for r in hits if r["published"])
    dates = years if len(years) > 1 else Counter(r["published"][:7] for r in hits if r["published"])
    ids = json.dumps([r["id"] for r in hits])
    types = conn.execute(
        "SELECT type, count(DISTINCT doc_id) AS n FROM events WHERE doc_id IN (SELECT value FROM json_each(?))"
        " GROUP BY type ORDER BY n DESC, type LIMIT ?", (ids, FACET_SIZE)).fetchall()
    ents = conn.execute(
        "SELECT l.canonical_id, c.name, count(DISTINCT l.doc_id) AS n FROM entity_links l"
        " JOIN canonical_entities c ON c.id = l.canonical_id WHERE l.doc_id IN (SELECT value FROM json_each(?))"
        " GROUP BY l.canonical_id ORDER BY n DESC, c.name LIMIT ?", (ids, FACET_SIZE)).fetchall()

    def top(counts: Counter[str], by_value: bool = False) -> list[tuple[str, int]]:
        items = sorted(counts.items()) if by_value else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return items[:FACET_SIZE] if not by_value else items[-FACET_SIZE:]

    return {
        "outlet": [{"value": v, "label": v, "count": n, "selected": v == f.outlet} for v, n in top(outlets)],
        "date": [{"value": v, "label": v, "count": n, "selected": f.date_from == v and f.date_to == v}
                 for v, n in top(dates, by_value=True)],
        "type": [{"value": r["type"], "label": r["type"], "count": r["n"], "selected": r["type"] == f.type} for r in types],
        "entity": [{"value": str(r["canonical_id"]), "label": r["name"], "count": r["n"], "selected": r["canonical_id"] == f.entity}
                   for r in ents],
    }


def search(conn: sqlite3.Connection, f: Filters, kinds: tuple[str, ...] = KINDS, with_facets: bool = True) -> dict[str, Any]:
    """Search every kind of record for ``f.q`` under the other filters; each kind is paged by ``f.limit``/``f.offset``."""
    match = fts_query(f.q or "")
    empty = _section([], 0, f)
    out: dict[str, Any] = {"query": f.q or "", "match": match, **{k: dict(empty) for k in KINDS},
                           "facets": {"outlet": [], "date": [], "type": [], "entity": []}}
    if not match:
        return out
    # Kinds not asked for still get their totals (a page of 0 items), so that a client can show every count.
    page = {k: f if k in kinds else replace(f, limit=0, offset=0) for k in KINDS}
    out["documents"], hits = _documents(conn, match, page["documents"])
    out["quotes"] = _quotes(conn, match, page["quotes"])
    out["events"] = _events(conn, match, page["events"])
    out["entities"] = _entities(conn, match, page["entities"])
    out["clusters"] = _clusters(conn, page["clusters"])
    if with_facets:
        out["facets"] = facets(conn, hits, f)
    return out

