"""Ranked full-text search over articles, quotes, events, entities and clusters, with totals and facets."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from typing import Any

from newsledger.ledger.facets import MATCHED, FacetIndex, counts, matched_keys
from newsledger.ledger.filters import Filters, Where, cluster_where, document_where, event_where, quote_where
from newsledger.ledger.ftsquery import fts_query
from newsledger.ledger.searchindex import Passing, SearchIndex, matched_rowids, rank_order, ranked_page
from newsledger.ledger.sources import outlet_name

KINDS = ("documents", "quotes", "events", "entities", "clusters")
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


def _values(pairs: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """`WITH v(doc_id, id) AS (VALUES (?,?),...)` and its arguments for (doc_id, record id) pairs: joined to a table,
    each pair is one primary-key lookup (an `IN (VALUES ...)` would scan the table)."""
    return "WITH v(doc_id, id) AS (VALUES " + ",".join("(?,?)" for _ in pairs) + ") ", [x for p in pairs for x in p]


def _scope(match: str, f: Filters) -> Where:
    """The matching documents under the filters, as a condition on ``documents_fts t JOIN search_docs d``."""
    w = document_where(replace(f, q=None), "d")
    scope = Where("documents_fts MATCH ?", [match])
    if w.values:
        scope.add(w.sql, *w.values)
    return scope


def _documents(conn: sqlite3.Connection, match: str, f: Filters, scope: Where, total: int | None,
               allowed: Passing | None = None) -> dict[str, Any]:
    """Ranked articles in ``scope`` (or, when given, the keys ``allowed``: ledger/searchindex.py): the page's keys
    by rank first, then snippets for those only (``total`` counted here unless given)."""
    # Driven by the FTS match (the documents_fts rowid is the search_docs key): written as `IN (...)` instead,
    # SQLite may probe every pair of two IN lists (seconds).
    if allowed is not None:
        total, ranked = len(allowed.rowids), ranked_page(conn, "documents_fts", match, allowed, f, with_rank=True)
    elif scope.values[1:]:
        if total is None:
            total = conn.execute(f"SELECT count(*) FROM {MATCHED} WHERE {scope.sql}", scope.values).fetchone()[0]
        ranked = conn.execute(f"SELECT t.rowid, t.rank FROM {MATCHED} WHERE {scope.sql} ORDER BY t.rank LIMIT ? OFFSET ?",
                              [*scope.values, f.limit, f.offset]).fetchall()
    else:
        if total is None:
            total = conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [match]).fetchone()[0]
        ranked = [] if not f.limit or f.offset >= total else conn.execute(
            f"SELECT rowid, {rank_order(conn, 'documents_fts')} FROM documents_fts WHERE documents_fts MATCH ? ORDER BY 2 LIMIT ? OFFSET ?",
            [match, f.limit, f.offset]).fetchall()
    # The rank comes from the ranking query: asked again with the snippets, FTS5 recounts every term's
    # documents for BM25 (16 words in every document: 4 ms a row).
    keys, rank = [r[0] for r in ranked], {r[0]: r[1] for r in ranked}
    if not keys:
        return _section([], total, f)
    marks = ",".join("?" * len(keys))
    texts = {r["rowid"]: r for r in conn.execute(
        f"SELECT rowid, highlight(documents_fts, 0, char(2), char(3)) AS title_hl,"
        f" snippet(documents_fts, 1, char(2), char(3), ' … ', {SNIPPET_TOKENS}) AS snip FROM documents_fts"
        f" WHERE documents_fts MATCH ? AND rowid IN ({marks})", [match, *keys])}
    docs = {r["key"]: r for r in conn.execute(
        f"SELECT key, id, title, outlet, url, published FROM search_docs WHERE key IN ({marks})", keys)}
    items = []
    for k in keys:
        d, t = docs[k], texts[k]  # d["id"] is the document id
        items.append({
            "doc_id": d["id"], "title": d["title"], "title_parts": snippet_parts(t["title_hl"]) if d["title"] else [],
            "outlet": d["outlet"], "outlet_name": outlet_name(d["outlet"], d["url"], d["id"]), "url": d["url"],
            "published": d["published"], "score": round(-float(rank[k]), 6),
            "snippet": _plain(t["snip"]), "snippet_parts": snippet_parts(t["snip"]),
        })
    return _section(items, total, f)


def _ranked(conn: sqlite3.Connection, table: str, match: str, w: Where, joins: str, f: Filters,
            allowed: Passing | None = None) -> tuple[int, list[int]]:
    """Total and the page's rowids of a quotes_fts or events_fts search (joined only when filtered; or, when given,
    among the rowids ``allowed``: ledger/searchindex.py)."""
    if allowed is not None:
        return len(allowed.rowids), [r for r, _ in ranked_page(conn, table, match, allowed, f)]
    if w.values:
        frm = f"{table} t {joins} WHERE {table} MATCH ? AND {w.sql}"
        total = conn.execute(f"SELECT count(*) FROM {frm}", [match, *w.values]).fetchone()[0]
        rows = conn.execute(f"SELECT t.rowid FROM {frm} ORDER BY t.rank LIMIT ? OFFSET ?", [match, *w.values, f.limit, f.offset])
    else:
        total = conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [match]).fetchone()[0]
        if not f.limit or f.offset >= total:  # an empty page needs no ranking
            return total, []
        rows = conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY {rank_order(conn, table)} LIMIT ? OFFSET ?",
                            [match, f.limit, f.offset])
    return total, [r[0] for r in rows]


def _allowed(conn: sqlite3.Connection, kind: str, match: str, f: Filters, records: SearchIndex | None) -> Passing | None:
    """The matches of ``kind`` that pass the filters, from ``records`` (None: no filter, or one left to SQL)."""
    if records is None or not SearchIndex.applies(f):
        return None
    return records.passing(kind, matched_rowids(conn, f"{kind}_fts", match), f)


def _quotes(conn: sqlite3.Connection, match: str, f: Filters, records: SearchIndex | None = None) -> dict[str, Any]:
    joins = ("JOIN search_docs d ON d.key = (t.rowid >> 20) JOIN quotes q ON q.doc_id = t.doc_id AND q.id = t.quote_id"
             " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity")
    total, keys = _ranked(conn, "quotes_fts", match, quote_where(replace(f, q=None)), joins, f, _allowed(conn, "quotes", match, f, records))
    if not keys:
        return _section([], total, f)
    marks = ",".join("?" * len(keys))
    page = conn.execute(
        f"SELECT rowid, doc_id, quote_id, snippet(quotes_fts, 3, char(2), char(3), ' … ', {SNIPPET_TOKENS}) AS snip"
        f" FROM quotes_fts WHERE quotes_fts MATCH ? AND rowid IN ({marks})", [match, *keys]).fetchall()
    by_key = {r["rowid"]: r for r in page}
    values, args = _values([(r["doc_id"], r["quote_id"]) for r in page])
    rows = {(r["doc_id"], r["id"]): r for r in conn.execute(
        f"{values}SELECT q.doc_id, q.id, q.speaker_name, q.content_start, q.content_end, d.title, d.outlet, d.url, d.published,"
        " l.canonical_id FROM v JOIN quotes q ON q.doc_id = v.doc_id AND q.id = v.id JOIN search_docs d ON d.id = q.doc_id"
        " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity", args)}
    items = []
    for k in keys:
        p = by_key.get(k)
        r = rows.get((p["doc_id"], p["quote_id"])) if p is not None else None
        if p is None or r is None:
            continue
        items.append({
            "doc_id": r["doc_id"], "quote_id": r["id"], "speaker": r["speaker_name"], "speaker_canonical": r["canonical_id"],
            "title": r["title"], "outlet": r["outlet"], "outlet_name": outlet_name(r["outlet"], r["url"], r["doc_id"]),
            "published": r["published"], "start": r["content_start"], "end": r["content_end"],
            "snippet": _plain(p["snip"]), "snippet_parts": snippet_parts(p["snip"]),
        })
    return _section(items, total, f)


def _fts_event_where(f: Filters) -> Where | None:
    """A type / modality filter on events_fts' own copies of those columns, when the filters need nothing else
    (the joins to events and search_docs cost more than the match: 13 ms against 6 for one name and a type)."""
    if f.outlet or f.date_from or f.date_to or f.precision or any(x is not None for x in (f.actor, f.target, f.entity)):
        return None
    w = Where()
    if f.type:
        w.add("t.type = ?", f.type)
    if f.modality:
        w.add("t.modality = ?", f.modality)
    return w


def _events(conn: sqlite3.Connection, match: str, f: Filters, records: SearchIndex | None = None) -> dict[str, Any]:
    own = _fts_event_where(f)
    allowed = _allowed(conn, "events", match, f, records)
    if allowed is not None:
        total, keys = _ranked(conn, "events_fts", match, Where(), "", f, allowed)
    elif own is not None:
        total, keys = _ranked(conn, "events_fts", match, own, "", f)
    else:
        joins = "JOIN search_docs d ON d.key = (t.rowid >> 20) JOIN events e ON e.doc_id = t.doc_id AND e.id = t.event_id"
        total, keys = _ranked(conn, "events_fts", match, event_where(replace(f, q=None)), joins, f)
    if not keys:
        return _section([], total, f)
    marks = ",".join("?" * len(keys))
    page = conn.execute(f"SELECT rowid, doc_id, event_id, highlight(events_fts, 4, char(2), char(3)) AS hl FROM events_fts"
                        f" WHERE events_fts MATCH ? AND rowid IN ({marks})", [match, *keys]).fetchall()
    by_key = {r["rowid"]: r for r in page}
    values, args = _values([(r["doc_id"], r["event_id"]) for r in page])
    rows = {(r["doc_id"], r["id"]): r for r in conn.execute(
        f"{values}SELECT e.doc_id, e.id, e.type, e.modality, e.when_value, e.when_precision, e.trigger_start, e.trigger_end,"
        " e.summary, e.trigger_text, d.title, d.outlet, d.url, d.published, m.cluster_id FROM v"
        " JOIN events e ON e.doc_id = v.doc_id AND e.id = v.id JOIN search_docs d ON d.id = e.doc_id"
        " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id", args)}
    items = []
    for k in keys:
        p = by_key.get(k)
        r = rows.get((p["doc_id"], p["event_id"])) if p is not None else None
        if p is None or r is None:
            continue
        items.append({
            "doc_id": r["doc_id"], "event_id": r["id"], "type": r["type"], "modality": r["modality"],
            "when": r["when_value"], "precision": r["when_precision"], "start": r["trigger_start"], "end": r["trigger_end"],
            "summary": r["summary"] or r["trigger_text"],
            "summary_parts": snippet_parts(p["hl"] if r["summary"] else r["trigger_text"]),
            "title": r["title"], "outlet": r["outlet"], "outlet_name": outlet_name(r["outlet"], r["url"], r["doc_id"]),
            "published": r["published"], "cluster_id": r["cluster_id"],
        })
    return _section(items, total, f)


def _entities(conn: sqlite3.Connection, match: str, f: Filters) -> dict[str, Any]:
    base = "FROM entities_fts t JOIN canonical_entities c ON c.id = t.rowid WHERE entities_fts MATCH ?"
    total = conn.execute(f"SELECT count(*) {base}", [match]).fetchone()[0]
    rows = conn.execute(f"SELECT c.id, c.name, c.type, c.n_docs, c.n_mentions {base}"
                        " ORDER BY bm25(entities_fts, 2.0, 1.0) - ln(1 + c.n_docs) LIMIT ? OFFSET ?",
                        [match, f.limit, f.offset]).fetchall()
    return _section([dict(r) for r in rows], total, f)


_CLUSTER_COLUMNS = ("SELECT c.id, c.type, c.label, c.date_value, c.date_precision, c.place, c.n_events, c.n_documents, c.n_outlets,"
                    " c.corroboration FROM clusters c")


def _clusters(conn: sqlite3.Connection, match: str, f: Filters, records: SearchIndex | None = None) -> dict[str, Any]:
    if records is not None and records.handles_clusters(f):  # in list order from memory, then the page's rows
        got = records.cluster_page(matched_rowids(conn, "clusters_fts", match), f)
        if got is not None:
            total, ids = got
            by_id = {r["id"]: r for r in conn.execute(f"{_CLUSTER_COLUMNS} WHERE c.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
            return _section([dict(by_id[i]) for i in ids if i in by_id], total, f)
    w = cluster_where(f)
    total = conn.execute(f"SELECT count(*) FROM clusters c WHERE {w.sql}", w.values).fetchone()[0]
    rows = conn.execute(f"{_CLUSTER_COLUMNS} WHERE {w.sql} ORDER BY c.corroboration DESC, c.n_events DESC, c.id LIMIT ? OFFSET ?",
                        [*w.values, f.limit, f.offset]).fetchall()
    return _section([dict(r) for r in rows], total, f)


def search(conn: sqlite3.Connection, f: Filters, kinds: tuple[str, ...] = KINDS, with_facets: bool = True,
           index: FacetIndex | None = None, records: SearchIndex | None = None) -> dict[str, Any]:
    """Search every kind of record for ``f.q`` under the other filters; each kind is paged by ``f.limit``/``f.offset``.

    Facets are counted with ``index`` (ledger/facets.py; read from the ledger when not given or out of date).
    With ``records`` (ledger/searchindex.py), filters are applied in memory; the answer is the same."""
    match = fts_query(f.q or "")
    empty = _section([], 0, f)
    out: dict[str, Any] = {"query": f.q or "", "match": match, **{k: dict(empty) for k in KINDS},
                           "facets": {"outlet": [], "date": [], "type": [], "entity": []}}
    if not match:
        return out
    # Kinds not asked for still get their totals (a page of 0 items), so that a client can show every count.
    page = {k: f if k in kinds else replace(f, limit=0, offset=0) for k in KINDS}
    scope = _scope(match, f)
    allowed = _allowed(conn, "documents", match, f, records)
    keys = (allowed.rowids if allowed is not None else matched_keys(conn, scope)) if with_facets else None
    out["documents"] = _documents(conn, match, page["documents"], scope, None if keys is None else len(keys), allowed)
    out["quotes"] = _quotes(conn, match, page["quotes"], records)
    out["events"] = _events(conn, match, page["events"], records)
    out["entities"] = _entities(conn, match, page["entities"])
    out["clusters"] = _clusters(conn, match, page["clusters"], records)
    if keys is not None:
        if index is None or (len(keys) and int(keys.max()) >= index.size):
            index = FacetIndex.load(conn)
        out["facets"] = counts(conn, index, keys, f)
    return out
