"""Read-only ledger queries shared by the REST API and the HTML pages (parameterised SQL only)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsledger.ledger.evidence import cluster_evidence
from newsledger.ledger.sources import independent_groups, outlet_name
from newsledger.ledger.store import fts_query
from newsledger.ledger.timeline import cluster_timeline

# Page sizes: the default keeps pages light; the maximum bounds one request's work.
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass
class Filters:
    """Common list filters; dates are ISO prefixes (2025, 2025-04, 2025-04-26) compared within precision."""

    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    type: str | None = None
    entity: int | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _date_clause(column: str, f: Filters, args: list[Any]) -> str:
    """A date-range condition comparing at the coarser of the two precisions (2025-04 overlaps 2025-04-26)."""
    out = ""
    for bound, op in ((f.date_from, ">="), (f.date_to, "<=")):
        if bound:
            n = f"min(length({column}), length(?))"
            out += f" AND substr({column}, 1, {n}) {op} substr(?, 1, {n})"
            args.extend([bound, bound, bound])
    return out


def _page(conn: sqlite3.Connection, select: str, where: str, args: list[Any], order: str, f: Filters) -> tuple[list[sqlite3.Row], int]:
    total = int(conn.execute(f"SELECT count(*) {where}", args).fetchone()[0])
    rows = conn.execute(f"SELECT {select} {where} ORDER BY {order} LIMIT ? OFFSET ?", [*args, f.limit, f.offset]).fetchall()
    return rows, total


def _span(text: Any, start: Any, end: Any) -> dict[str, Any] | None:
    return {"start": start, "end": end, "text": text} if text is not None and start is not None else None


def event_record(r: sqlite3.Row) -> dict[str, Any]:
    """An events row shaped as the contract's event record, plus its document and cluster."""

    def role(name: str) -> dict[str, Any] | None:
        return {"name": r[f"{name}_name"], "entity": r[f"{name}_entity"]} if r[f"{name}_name"] else None

    return {
        "id": r["id"], "type": r["type"],
        "trigger": {"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
        "actor": role("actor"), "target": role("target"), "where": role("where"),
        "when": {"value": r["when_value"], "precision": r["when_precision"]} if r["when_value"] else None,
        "claimed_by": {"name": r["claimed_by_name"], "quote": r["claimed_by_quote"]} if r["claimed_by_name"] else None,
        "modality": r["modality"], "summary": r["summary"] or "",
        "doc_id": r["doc_id"], "outlet": outlet_name(r["outlet"], r["url"], r["doc_id"]), "published": r["published"],
        "cluster_id": r["cluster_id"],
    }


def quote_record(r: sqlite3.Row) -> dict[str, Any]:
    """A quotes row shaped as the contract's quote record, plus its document and canonical speaker."""
    speaker = None
    if r["speaker_name"] is not None:
        speaker = {"name": r["speaker_name"], "entity": r["speaker_entity"], "start": r["speaker_start"], "end": r["speaker_end"]}
    return {
        "id": r["id"], "kind": r["kind"], "speaker": speaker,
        "cue": _span(r["cue_text"], r["cue_start"], r["cue_end"]),
        "content": {"start": r["content_start"], "end": r["content_end"], "text": r["content_text"]},
        "mode": r["mode"] if "mode" in r.keys() else "speech",  # noqa: SIM118 (a Row's `in` tests values)
        "when": r["when_value"], "doc_id": r["doc_id"], "outlet": outlet_name(r["outlet"], r["url"], r["doc_id"]),
        "published": r["published"], "speaker_canonical": r["canonical_id"],
    }


def list_documents(conn: sqlite3.Connection, f: Filters, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
    args: list[Any] = []
    where = "FROM documents d WHERE 1=1"
    if q and (match := fts_query(q)):
        where += " AND d.id IN (SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?)"
        args.append(match)
    if f.outlet:
        where += " AND d.outlet = ?"
        args.append(f.outlet)
    if f.entity is not None:
        where += " AND EXISTS (SELECT 1 FROM entity_links l WHERE l.doc_id = d.id AND l.canonical_id = ?)"
        args.append(f.entity)
    where += _date_clause("d.published", f, args)
    rows, total = _page(conn, "d.id, d.title, d.outlet, d.url, d.published, length(d.text) AS chars", where, args, "d.published DESC, d.id", f)
    return [dict(r) for r in rows], total


def get_document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored contract record with its cross-document links (canonical entities, clusters)."""
    row = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    record["links"] = {
        "entities": {r[0]: r[1] for r in conn.execute("SELECT entity_id, canonical_id FROM entity_links WHERE doc_id = ?", (doc_id,))},
        "clusters": {r[0]: r[1] for r in conn.execute("SELECT event_id, cluster_id FROM cluster_members WHERE doc_id = ?", (doc_id,))},
    }
    return record


def list_entities(conn: sqlite3.Connection, f: Filters, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
    args: list[Any] = []
    where = "FROM canonical_entities c WHERE 1=1"
    if q:
        where += " AND c.id IN (SELECT canonical_id FROM canonical_keys WHERE key LIKE ? ESCAPE '\\')"
        args.append("%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if f.type:
        where += " AND c.type = ?"
        args.append(f.type)
    rows, total = _page(conn, "c.*", where, args, "c.n_docs DESC, c.n_mentions DESC, c.id", f)
    return [dict(r) for r in rows], total


def get_entity(conn: sqlite3.Connection, cid: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM canonical_entities WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["aliases"] = sorted({r[0] for r in conn.execute(
        "SELECT DISTINCT m.text FROM entity_links l JOIN mentions m ON m.doc_id = l.doc_id AND m.entity_id = l.entity_id"
        " WHERE l.canonical_id = ? AND coalesce(m.kind, 'name') IN ('name', 'alias', 'acronym') LIMIT 200", (cid,))})
    out["documents"] = [dict(r) for r in conn.execute(
        "SELECT DISTINCT d.id, d.title, d.outlet, d.published FROM entity_links l JOIN documents d ON d.id = l.doc_id"
        " WHERE l.canonical_id = ? ORDER BY d.published DESC LIMIT 100", (cid,))]
    return out


_EVENT_SELECT = "e.*, d.outlet, d.url, d.published, m.cluster_id"
_EVENT_FROM = ("FROM events e JOIN documents d ON d.id = e.doc_id"
               " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id WHERE 1=1")


def list_events(conn: sqlite3.Connection, f: Filters, cluster: int | None = None, modality: str | None = None) -> tuple[list[dict[str, Any]], int]:
    args: list[Any] = []
    where = _EVENT_FROM
    if f.type:
        where += " AND e.type = ?"
        args.append(f.type)
    if f.outlet:
        where += " AND d.outlet = ?"
        args.append(f.outlet)
    if modality:
        where += " AND e.modality = ?"
        args.append(modality)
    if cluster is not None:
        where += " AND m.cluster_id = ?"
        args.append(cluster)
    if f.entity is not None:
        where += (" AND EXISTS (SELECT 1 FROM entity_links l WHERE l.doc_id = e.doc_id AND l.canonical_id = ?"
                  " AND l.entity_id IN (e.actor_entity, e.target_entity, e.where_entity))")
        args.append(f.entity)
    where += _date_clause("coalesce(e.when_value, d.published)", f, args)
    rows, total = _page(conn, _EVENT_SELECT, where, args, "coalesce(e.when_value, d.published) DESC, e.doc_id, e.id", f)
    return [event_record(r) for r in rows], total


def list_quotes(conn: sqlite3.Connection, f: Filters, q: str | None = None) -> tuple[list[dict[str, Any]], int]:
    args: list[Any] = []
    where = ("FROM quotes q JOIN documents d ON d.id = q.doc_id"
             " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity"
             " LEFT JOIN quote_modes m ON m.doc_id = q.doc_id AND m.quote_id = q.id WHERE 1=1")
    if q and (match := fts_query(q)):
        where += " AND q.rowid IN (SELECT q2.rowid FROM quotes_fts f JOIN quotes q2 ON q2.doc_id = f.doc_id AND q2.id = f.quote_id WHERE quotes_fts MATCH ?)"
        args.append(match)
    if f.outlet:
        where += " AND d.outlet = ?"
        args.append(f.outlet)
    if f.entity is not None:
        where += " AND l.canonical_id = ?"
        args.append(f.entity)
    where += _date_clause("coalesce(q.when_value, d.published)", f, args)
    rows, total = _page(conn, "q.*, d.outlet, d.url, d.published, l.canonical_id, coalesce(m.mode, 'speech') AS mode", where, args,
                        "d.published DESC, q.doc_id, q.id", f)
    return [quote_record(r) for r in rows], total


def list_clusters(conn: sqlite3.Connection, f: Filters, min_corroboration: int = 0) -> tuple[list[dict[str, Any]], int]:
    args: list[Any] = []
    where = "FROM clusters c WHERE c.corroboration >= ?"
    args.append(min_corroboration)
    if f.type:
        where += " AND c.type = ?"
        args.append(f.type)
    if f.entity is not None:
        where += " AND c.id IN (SELECT cluster_id FROM cluster_features WHERE feature = ?)"
        args.append(f"ent:c{f.entity}")
    if f.outlet:
        where += " AND c.id IN (SELECT m.cluster_id FROM cluster_members m JOIN documents d ON d.id = m.doc_id WHERE d.outlet = ?)"
        args.append(f.outlet)
    where += _date_clause("c.date_value", f, args)
    rows, total = _page(conn, "c.*", where, args, "c.corroboration DESC, c.date_start DESC, c.id", f)
    return [cluster_summary(r) for r in rows], total


def cluster_summary(r: sqlite3.Row) -> dict[str, Any]:
    out = dict(r)
    out["conflicts"] = json.loads(out["conflicts"] or "[]")
    return out


def get_cluster(conn: sqlite3.Connection, cid: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    out = cluster_summary(row)
    events, _ = list_events(conn, Filters(limit=MAX_LIMIT), cluster=cid)
    out["events"] = events
    groups = independent_groups(conn, [e["doc_id"] for e in events])
    out["sources"] = [
        {"outlets": sorted({d.outlet for d in g}), "documents": [{"doc_id": d.doc_id, "outlet": d.outlet, "published": d.published} for d in g]}
        for g in groups
    ]
    out["timeline"] = [i.to_dict() for i in cluster_timeline(conn, cid)]
    out["evidence"] = cluster_evidence(conn, cid)  # each report: outlet, title, sentence and offsets (ledger/evidence.py)
    return out


def search(conn: sqlite3.Connection, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Documents and quotes matching the words (FTS5, all words required), and entities by name."""
    match = fts_query(q)
    out: dict[str, Any] = {"query": q, "documents": [], "quotes": [], "entities": []}
    if not match:
        return out
    out["documents"] = [dict(r) for r in conn.execute(
        "SELECT f.doc_id, d.title, d.outlet, d.published, snippet(documents_fts, 2, char(2), char(3), ' … ', 12) AS snippet"
        " FROM documents_fts f JOIN documents d ON d.id = f.doc_id WHERE documents_fts MATCH ?"
        " ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?", (match, limit, offset))]
    out["quotes"] = [dict(r) for r in conn.execute(
        "SELECT f.doc_id, f.quote_id, f.speaker, d.outlet, d.published, snippet(quotes_fts, 3, char(2), char(3), ' … ', 12) AS snippet"
        " FROM quotes_fts f JOIN documents d ON d.id = f.doc_id WHERE quotes_fts MATCH ?"
        " ORDER BY bm25(quotes_fts) LIMIT ? OFFSET ?", (match, limit, offset))]
    out["entities"], _ = list_entities(conn, Filters(limit=10), q=q)
    return out
