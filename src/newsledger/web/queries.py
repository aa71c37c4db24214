"""Read-only ledger queries shared by the REST API, the HTML pages and the downloads (parameterised SQL only)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from newsledger.ledger.datelabel import date_label
from newsledger.ledger.evidence import cluster_evidence
from newsledger.ledger.filters import DEFAULT_LIMIT, MAX_LIMIT, Filters, Where, document_where, match
from newsledger.ledger.filters import cluster_where as _cluster_where
from newsledger.ledger.filters import event_where as _event_where
from newsledger.ledger.filters import quote_where as _quote_where
from newsledger.ledger.sentences import sentences
from newsledger.ledger.sources import cluster_sentences, independent_groups, outlet_name
from newsledger.ledger.timeline import cluster_timeline

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Filters"]


def _page(conn: sqlite3.Connection, select: str, frm: str, w: Where, order: str, f: Filters) -> tuple[list[sqlite3.Row], int]:
    total = int(conn.execute(f"SELECT count(*) {frm} WHERE {w.sql}", w.values).fetchone()[0])
    rows = conn.execute(f"SELECT {select} {frm} WHERE {w.sql} ORDER BY {order} LIMIT ? OFFSET ?",
                        [*w.values, f.limit, f.offset]).fetchall()
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


# Lists read search_docs (migration 007: one small row per document with its title, outlet, date, url and
# length), never the documents table, whose rows hold whole texts and analyses.
_DOC_SELECT = "d.id, d.title, d.outlet, d.url, d.published, d.chars"
_EVENT_SELECT = "e.*, d.outlet, d.url, d.published, m.cluster_id"
_EVENT_FROM = ("FROM events e JOIN search_docs d ON d.id = e.doc_id"
               " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id")
_EVENT_ORDER = "coalesce(e.when_value, d.published) DESC, e.doc_id, e.id"
_QUOTE_SELECT = "q.*, d.outlet, d.url, d.published, l.canonical_id, coalesce(qm.mode, 'speech') AS mode"
_QUOTE_FROM = ("FROM quotes q JOIN search_docs d ON d.id = q.doc_id"
               " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity"
               " LEFT JOIN quote_modes qm ON qm.doc_id = q.doc_id AND qm.quote_id = q.id")


def event_where(f: Filters, cluster: int | None = None) -> Where:
    w = _event_where(f)
    if cluster is not None:
        w.add("m.cluster_id = ?", cluster)
    return w


def list_documents(conn: sqlite3.Connection, f: Filters) -> tuple[list[dict[str, Any]], int]:
    rows, total = _page(conn, _DOC_SELECT, "FROM search_docs d", document_where(f), "d.published DESC, d.id", f)
    return [dict(r) for r in rows], total


def get_document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored contract record with its cross-document links (canonical entities, clusters)."""
    row = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    record: dict[str, Any] = json.loads(row[0])
    record["links"] = {
        "entities": {r[0]: r[1] for r in conn.execute("SELECT entity_id, canonical_id FROM entity_links WHERE doc_id = ?", (doc_id,))},
        "clusters": {r[0]: r[1] for r in conn.execute("SELECT event_id, cluster_id FROM cluster_members WHERE doc_id = ?", (doc_id,))},
    }
    return record


def _entity_where(f: Filters) -> tuple[str, Where]:
    w = Where()
    if f.q and f.q.strip():
        m = match(f.q.rstrip() + ("*" if f.q.rstrip()[-1:].isalnum() else ""))  # the last word may be unfinished
        w.add("c.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)" if m else "0 = 1", *([m] if m else []))
    if f.type:
        w.add("c.type = ?", f.type)
    if f.outlet or f.date_from or f.date_to:
        docs = document_where(Filters(outlet=f.outlet, date_from=f.date_from, date_to=f.date_to))
        w.add(f"c.id IN (SELECT l.canonical_id FROM entity_links l JOIN search_docs d ON d.id = l.doc_id WHERE {docs.sql})",
              *docs.values)
    return "FROM canonical_entities c", w


def list_entities(conn: sqlite3.Connection, f: Filters) -> tuple[list[dict[str, Any]], int]:
    frm, w = _entity_where(f)
    rows, total = _page(conn, "c.*", frm, w, "c.n_docs DESC, c.n_mentions DESC, c.id", f)
    return [dict(r) for r in rows], total


def get_entity(conn: sqlite3.Connection, cid: int, f: Filters | None = None) -> dict[str, Any] | None:
    """One canonical entity with its name variants and the documents mentioning it (under the filters)."""
    row = conn.execute("SELECT * FROM canonical_entities WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["aliases"] = sorted({r[0] for r in conn.execute(
        "SELECT DISTINCT m.text FROM entity_links l JOIN mentions m ON m.doc_id = l.doc_id AND m.entity_id = l.entity_id"
        " WHERE l.canonical_id = ? AND coalesce(m.kind, 'name') IN ('name', 'alias', 'acronym') LIMIT 200", (cid,))})
    docs, total = list_documents(conn, replace(f or Filters(limit=100), entity=cid))
    out["documents"] = docs
    out["documents_total"] = total
    return out


def list_events(conn: sqlite3.Connection, f: Filters, cluster: int | None = None) -> tuple[list[dict[str, Any]], int]:
    rows, total = _page(conn, _EVENT_SELECT, _EVENT_FROM, event_where(f, cluster), _EVENT_ORDER, f)
    return [event_record(r) for r in rows], total


def list_quotes(conn: sqlite3.Connection, f: Filters) -> tuple[list[dict[str, Any]], int]:
    rows, total = _page(conn, _QUOTE_SELECT, _QUOTE_FROM, _quote_where(f), "d.published DESC, q.doc_id, q.id", f)
    return [quote_record(r) for r in rows], total


def cluster_summary(r: sqlite3.Row) -> dict[str, Any]:
    out = dict(r)
    out["conflicts"] = json.loads(out["conflicts"] or "[]")
    out["date_label"] = date_label(out["date_value"]) if out.get("date_value") else None
    return out


def list_clusters(conn: sqlite3.Connection, f: Filters, min_corroboration: int = 0) -> tuple[list[dict[str, Any]], int]:
    rows, total = _page(conn, "c.*", "FROM clusters c", _cluster_where(f, min_corroboration),
                        "c.corroboration DESC, c.date_start DESC, c.id", f)
    return [cluster_summary(r) for r in rows], total


def evidence(conn: sqlite3.Connection, cid: int, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each report of a cluster (ledger/evidence.py) with its outlet filter, human dates, sentence and link, by publication."""
    reports = cluster_evidence(conn, cid)
    if not reports:
        return []
    whens = {(e["doc_id"], e["id"]): (e.get("when") or {}).get("value") for e in events}
    ids = sorted({r["doc_id"] for r in reports})
    marks = ",".join("?" * len(ids))
    outlets = dict(conn.execute(f"SELECT id, outlet FROM search_docs WHERE id IN ({marks})", ids).fetchall())
    missing = [(r["doc_id"], r["trigger"]["start"], r["trigger"]["end"]) for r in reports if r["evidence"] is None]
    found = sentences(conn, missing) if missing else {}
    for r in reports:
        t, ev = r["trigger"], r["evidence"]
        s = found.get((r["doc_id"], t["start"], t["end"]))
        when = whens.get((r["doc_id"], r["event_id"]))
        r.update({
            "outlet_filter": outlets.get(r["doc_id"]) or None,
            "published_label": date_label(r["published"]) if r["published"] else None,
            "date": when, "date_label": date_label(when) if when else None,
            "sentence": ev["text"] if ev else (s.text if s else t["text"]),
            "sentence_start": ev["start"] if ev else (s.start if s else t["start"]),
            "start": t["start"], "end": t["end"], "href": f"/documents/{quote(r['doc_id'], safe='')}#rec-event-{quote(r['event_id'], safe='')}",
        })
    return reports


def get_cluster(conn: sqlite3.Connection, cid: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM clusters WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    out = cluster_summary(row)
    events, _ = list_events(conn, Filters(limit=MAX_LIMIT), cluster=cid)
    out["events"] = events
    groups = independent_groups(conn, [e["doc_id"] for e in events], cluster_sentences(conn, cid))
    out["sources"] = [
        {"outlets": sorted({d.outlet for d in g}), "documents": [{"doc_id": d.doc_id, "outlet": d.outlet, "published": d.published} for d in g]}
        for g in groups
    ]
    out["timeline"] = [i.to_dict() for i in cluster_timeline(conn, cid)]
    out["evidence"] = evidence(conn, cid, events)  # each report: outlet, title, sentence and offsets (ledger/evidence.py)
    return out


# -- downloads: every row of a filtered list, streamed -------------------------------------------------------

def _row(r: sqlite3.Row) -> dict[str, Any]:
    return dict(r)


def iter_rows(conn: sqlite3.Connection, kind: str, f: Filters, cluster: int | None = None,
              min_corroboration: int = 0) -> Iterator[dict[str, Any]]:
    """Every record of one list under the filters, in the list's order (one cursor, no page size)."""
    shape: Callable[[sqlite3.Row], dict[str, Any]]
    if kind == "documents":
        w = document_where(f)
        sql, shape = f"SELECT {_DOC_SELECT} FROM search_docs d WHERE {w.sql} ORDER BY d.published DESC, d.id", _row
    elif kind == "events":
        w = event_where(f, cluster)
        sql, shape = f"SELECT {_EVENT_SELECT} {_EVENT_FROM} WHERE {w.sql} ORDER BY {_EVENT_ORDER}", event_record
    elif kind == "quotes":
        w = _quote_where(f)
        sql, shape = f"SELECT {_QUOTE_SELECT} {_QUOTE_FROM} WHERE {w.sql} ORDER BY d.published DESC, q.doc_id, q.id", quote_record
    elif kind == "clusters":
        w = _cluster_where(f, min_corroboration)
        sql, shape = f"SELECT c.* FROM clusters c WHERE {w.sql} ORDER BY c.corroboration DESC, c.date_start DESC, c.id", cluster_summary
    elif kind == "entities":
        frm, w = _entity_where(f)
        sql, shape = f"SELECT c.* {frm} WHERE {w.sql} ORDER BY c.n_docs DESC, c.n_mentions DESC, c.id", _row
    else:
        raise ValueError(f"unknown list {kind!r}")
    for row in conn.execute(sql, w.values):
        yield shape(row)
