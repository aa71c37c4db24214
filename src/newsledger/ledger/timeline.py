"""Timelines per entity, per cluster and per query, ordered by event date (with precision), not publication."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import Any

from newsledger.ledger import when as W
from newsledger.ledger.datelabel import date_label
from newsledger.ledger.filters import Filters, Where, event_where, quote_where
from newsledger.ledger.ftsquery import fts_query
from newsledger.ledger.sources import outlet_name

# Items of a timeline unless asked for more (the earliest ones; an entity in thousands of reports pages).
DEFAULT_ITEMS = 200
# Documents matched by a query timeline (FTS5 top hits) before their events and quotes are listed.
QUERY_DOCS = 200

_EVENT_COLS = (
    "e.doc_id, e.id, e.type, e.trigger_text, e.trigger_start, e.trigger_end, e.actor_name, e.target_name,"
    " e.where_name, e.when_value, e.when_precision, e.modality, e.summary, e.claimed_by_name,"
    " d.outlet, d.url, d.published, m.cluster_id"
)
_EVENT_FROM = (
    " FROM events e JOIN search_docs d ON d.id = e.doc_id"
    " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id"
)
# Timelines list what happened: events the reports assert or report (planned, hypothetical, negated and
# denied events stay in the ledger and on the document page, marked with their modality).
_HAPPENED = " AND e.modality IN ('asserted', 'reported')"
_QUOTE_COLS = (
    "q.doc_id, q.id, q.kind, q.speaker_name, q.content_text, q.content_start, q.content_end, q.when_value,"
    " d.outlet, d.url, d.published"
)


@dataclass
class TimelineItem:
    """One dated item with a link to its evidence in a document."""

    date: str | None
    precision: str | None
    date_source: str  # event | quote | publication (when the report gives no date of its own)
    start: str | None
    end: str | None
    kind: str  # event | quote
    label: str
    doc_id: str
    record_id: str
    outlet: str
    published: str | None
    evidence: dict[str, Any]
    modality: str | None = None
    cluster_id: int | None = None
    type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The item as a JSON-ready dict with its date label (shallow: asdict deep-copied, 5 ms for 200 items)."""
        out = {name: getattr(self, name) for name in _ITEM_FIELDS}
        out["evidence"] = dict(self.evidence)
        out["date_label"] = date_label(self.date)
        return out


_ITEM_FIELDS = tuple(f.name for f in fields(TimelineItem))


def _dated(value: str | None, published: str | None) -> tuple[str | None, str | None, str, str | None, str | None]:
    iv = W.interval(value)
    if iv is not None:
        return value, iv.precision, "", iv.start.isoformat(), iv.end.isoformat()
    pub = W.interval(published)
    if pub is not None:
        return published, "day", "publication", pub.start.isoformat(), pub.end.isoformat()
    return None, None, "publication", None, None


def _event_item(r: sqlite3.Row) -> TimelineItem:
    value, prec, src, start, end = _dated(r["when_value"], r["published"])
    label = r["summary"] or " ".join(x for x in (r["actor_name"], r["trigger_text"], r["target_name"]) if x)
    if r["where_name"]:
        label += f" ({r['where_name']})"
    return TimelineItem(
        date=value, precision=(r["when_precision"] or prec) if not src else prec, date_source=src or "event", start=start, end=end,
        kind="event", label=label, doc_id=r["doc_id"], record_id=r["id"], outlet=outlet_name(r["outlet"], r["url"], r["doc_id"]),
        published=r["published"],
        evidence={"doc_id": r["doc_id"], "start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
        modality=r["modality"], cluster_id=r["cluster_id"], type=r["type"],
    )


def _quote_item(r: sqlite3.Row) -> TimelineItem:
    value, prec, src, start, end = _dated(r["when_value"], r["published"])
    return TimelineItem(
        date=value, precision=prec, date_source=src or "quote", start=start, end=end, kind="quote",
        label=f"{r['speaker_name'] or 'unattributed'}: {r['content_text']}", doc_id=r["doc_id"], record_id=r["id"],
        outlet=outlet_name(r["outlet"], r["url"], r["doc_id"]), published=r["published"],
        evidence={"doc_id": r["doc_id"], "start": r["content_start"], "end": r["content_end"], "text": r["content_text"]},
        modality=r["kind"],
    )


def _order(items: list[TimelineItem]) -> list[TimelineItem]:
    return sorted(items, key=lambda i: (*W.sort_key(i.date), i.date_source == "publication", i.doc_id, i.record_id))


def entity_timeline(conn: sqlite3.Connection, canonical_id: int, limit: int = DEFAULT_ITEMS,
                    f: Filters | None = None) -> list[TimelineItem]:
    """Events the entity takes part in (actor, target or place) and its quotes, by event date (under the filters)."""
    ew, qw = (event_where(f), quote_where(f)) if f is not None else (Where(), Where())
    rows = []
    for role in ("actor_entity", "target_entity", "where_entity"):  # column names are constants
        rows += conn.execute(
            f"SELECT {_EVENT_COLS}{_EVENT_FROM} JOIN entity_links l ON l.doc_id = e.doc_id AND l.entity_id = e.{role}"
            f" WHERE l.canonical_id = ?{_HAPPENED} AND {ew.sql} ORDER BY coalesce(e.when_value, d.published) LIMIT ?",
            (canonical_id, *ew.values, limit),
        ).fetchall()
    seen: set[tuple[str, str]] = set()
    items = []
    for r in rows:
        if (r["doc_id"], r["id"]) not in seen:
            seen.add((r["doc_id"], r["id"]))
            items.append(_event_item(r))
    quotes = conn.execute(
        f"SELECT {_QUOTE_COLS} FROM quotes q JOIN search_docs d ON d.id = q.doc_id"
        f" JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity WHERE l.canonical_id = ? AND {qw.sql}"
        " ORDER BY coalesce(q.when_value, d.published) LIMIT ?",
        (canonical_id, *qw.values, limit),
    ).fetchall()
    items += [_quote_item(r) for r in quotes]
    return _order(items)[:limit]


def cluster_timeline(conn: sqlite3.Connection, cluster_id: int) -> list[TimelineItem]:
    """Every report of one event cluster, by the date each report gives."""
    rows = conn.execute(f"SELECT {_EVENT_COLS}{_EVENT_FROM} WHERE m.cluster_id = ?{_HAPPENED}", (cluster_id,)).fetchall()
    return _order([_event_item(r) for r in rows])


def query_timeline(conn: sqlite3.Connection, query: str, limit: int = 500) -> list[TimelineItem]:
    """Events of the documents matching a full-text query, plus the quotes matching it, by event date."""
    match = fts_query(query)
    if not match:
        return []
    docs = [r[0] for r in conn.execute(
        "SELECT s.id FROM documents_fts t JOIN search_docs s ON s.key = t.rowid WHERE documents_fts MATCH ? ORDER BY t.rank LIMIT ?",
        (match, QUERY_DOCS)
    )]
    items: list[TimelineItem] = []
    if docs:
        marks = ",".join("?" * len(docs))
        rows = conn.execute(f"SELECT {_EVENT_COLS}{_EVENT_FROM} WHERE e.doc_id IN ({marks}){_HAPPENED}", docs).fetchall()
        items += [_event_item(r) for r in rows]
    quotes = conn.execute(
        f"SELECT {_QUOTE_COLS} FROM quotes_fts f JOIN quotes q ON q.doc_id = f.doc_id AND q.id = f.quote_id"
        " JOIN search_docs d ON d.id = q.doc_id WHERE quotes_fts MATCH ? LIMIT ?",
        (match, limit),
    ).fetchall()
    items += [_quote_item(r) for r in quotes]
    return _order(items)[:limit]


def entity_total(conn: sqlite3.Connection, canonical_id: int) -> int:
    """Items of an entity's whole timeline: the events it takes part in (that happened) and the quotes it speaks."""
    links = "SELECT doc_id, entity_id FROM entity_links WHERE canonical_id = ?"
    events = conn.execute(
        f"SELECT count(*) FROM events e WHERE ((e.doc_id, e.actor_entity) IN ({links}) OR (e.doc_id, e.target_entity) IN ({links})"
        f" OR (e.doc_id, e.where_entity) IN ({links})){_HAPPENED}", (canonical_id,) * 3).fetchone()[0]
    quotes = conn.execute(f"SELECT count(*) FROM quotes q WHERE (q.doc_id, q.speaker_entity) IN ({links})", (canonical_id,)).fetchone()[0]
    return int(events) + int(quotes)
