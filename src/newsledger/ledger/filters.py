"""One set of filters for every list (documents, events, clusters, quotes, entities) as parameterised SQL.

Meaning on each list:

* ``date_from`` / ``date_to``: ISO prefixes (2017, 2017-04, 2017-04-09) compared at the coarser precision;
  documents by publication date, events and quotes by their own date (else the publication date),
  clusters by the cluster's date.
* ``outlet``: the document's outlet field; a cluster matches when the outlet reported it.
* ``type``, ``modality``, ``precision``, ``actor``, ``target``: event filters (one event must match all
  of them). Events are filtered directly; clusters through their reports; documents and quotes when
  their document reports such an event.
* ``entity`` (canonical id): documents mentioning it, events where it is actor, target or place,
  quotes it speaks, clusters it takes part in.
* ``q``: full text (``ledger/ftsquery.py``) over the list's own text: articles, quotes, event summaries.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from newsledger.ledger.ftsquery import fts_query

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Filters that select events; on documents, quotes and clusters they select those with such an event.
EVENT_FIELDS = ("type", "modality", "precision", "actor", "target")


@dataclass(frozen=True)
class Filters:
    """The filter values of one list request (None = not filtered)."""

    q: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    type: str | None = None
    modality: str | None = None
    precision: str | None = None
    actor: int | None = None
    target: int | None = None
    entity: int | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def params(self) -> dict[str, str]:
        """The set filters as URL parameters (no paging), e.g. for links and downloads."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)
                if f.name not in ("limit", "offset") and getattr(self, f.name) not in (None, "")}

    def has_event_filter(self) -> bool:
        return any(getattr(self, k) is not None for k in EVENT_FIELDS)

    def page(self, limit: int, offset: int = 0) -> Filters:
        return replace(self, limit=limit, offset=offset)


@dataclass
class Where:
    """A growing SQL condition with its arguments (only constant SQL text is ever appended)."""

    sql: str = "1=1"
    args: list[Any] | None = None

    def add(self, sql: str, *args: Any) -> None:
        self.sql += f" AND {sql}"
        self.args = [*(self.args or []), *args]

    @property
    def values(self) -> list[Any]:
        return list(self.args or [])


def date_range(w: Where, column: str, f: Filters) -> None:
    """A date range comparing at the coarser of the two precisions (2025-04 overlaps 2025-04-26)."""
    for bound, op in ((f.date_from, ">="), (f.date_to, "<=")):
        if bound:
            n = f"min(length({column}), length(?))"
            w.add(f"substr({column}, 1, {n}) {op} substr(?, 1, {n})", bound, bound, bound)


# Conditions are written as `x IN (subquery)` that SQLite evaluates once, not as correlated EXISTS: for
# those its planner may pick the canonical_id or type index inside the subquery and then rescan every link
# of the entity for each row (seconds on a 10,000-document ledger).
_LINKS_OF = "SELECT doc_id, entity_id FROM entity_links WHERE canonical_id = ?"


def _linked(role_column: str, e: str) -> str:
    """The event role column links to the canonical entity given as the next argument."""
    return f"({e}.doc_id, {e}.{role_column}) IN ({_LINKS_OF})"


def event_conditions(w: Where, f: Filters, e: str = "e", with_type: bool = True) -> None:
    """The event filters on an events alias."""
    if with_type and f.type:
        w.add(f"{e}.type = ?", f.type)
    if f.modality:
        w.add(f"{e}.modality = ?", f.modality)
    if f.precision:
        w.add(f"{e}.when_precision = ?", f.precision)
    if f.actor is not None:
        w.add(_linked("actor_entity", e), f.actor)
    if f.target is not None:
        w.add(_linked("target_entity", e), f.target)


def _doc_has_event(w: Where, f: Filters, doc_column: str) -> None:
    if f.has_event_filter():
        inner = Where()
        event_conditions(inner, f, "x")
        w.add(f"{doc_column} IN (SELECT x.doc_id FROM events x WHERE {inner.sql})", *inner.values)


def match(q: str | None) -> str:
    """The FTS5 query of a filter's text, '' when there is nothing to search."""
    return fts_query(q) if q else ""


def _text(w: Where, q: str | None, sql: str) -> None:
    """A full-text condition; words with nothing searchable in them (only punctuation) match nothing."""
    if not q or not q.strip():
        return
    m = match(q)
    if m:
        w.add(sql, m)
    else:
        w.add("0 = 1")


def document_where(f: Filters, d: str = "d") -> Where:
    """Documents (alias ``d``)."""
    w = Where()
    _text(w, f.q, f"{d}.id IN (SELECT id FROM search_docs WHERE key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))")
    if f.outlet:
        w.add(f"{d}.outlet = ?", f.outlet)
    if f.entity is not None:
        w.add(f"{d}.id IN (SELECT doc_id FROM entity_links WHERE canonical_id = ?)", f.entity)
    date_range(w, f"{d}.published", f)
    _doc_has_event(w, f, f"{d}.id")
    return w


def event_where(f: Filters) -> Where:
    """Events (alias ``e``) joined to their documents (``d``)."""
    w = Where()
    _text(w, f.q, "(e.doc_id, e.id) IN (SELECT doc_id, event_id FROM events_fts WHERE events_fts MATCH ?)")
    event_conditions(w, f)
    if f.outlet:
        w.add("d.outlet = ?", f.outlet)
    if f.entity is not None:
        w.add(f"((e.doc_id, e.actor_entity) IN ({_LINKS_OF}) OR (e.doc_id, e.target_entity) IN ({_LINKS_OF})"
              f" OR (e.doc_id, e.where_entity) IN ({_LINKS_OF}))", f.entity, f.entity, f.entity)
    date_range(w, "coalesce(e.when_value, d.published)", f)
    return w


def quote_where(f: Filters) -> Where:
    """Quotes (alias ``q``) joined to their documents (``d``) and speaker links (``l``)."""
    w = Where()
    _text(w, f.q, "(q.doc_id, q.id) IN (SELECT doc_id, quote_id FROM quotes_fts WHERE quotes_fts MATCH ?)")
    if f.outlet:
        w.add("d.outlet = ?", f.outlet)
    if f.entity is not None:
        w.add("l.canonical_id = ?", f.entity)
    date_range(w, "coalesce(q.when_value, d.published)", f)
    _doc_has_event(w, f, "q.doc_id")
    return w


def cluster_where(f: Filters, min_corroboration: int = 0) -> Where:
    """Event clusters (alias ``c``)."""
    w = Where()
    if min_corroboration:
        w.add("c.corroboration >= ?", min_corroboration)
    if f.type:
        w.add("c.type = ?", f.type)
    if f.entity is not None:
        w.add("c.id IN (SELECT cluster_id FROM cluster_features WHERE feature = ?)", f"ent:c{f.entity}")
    if f.outlet:
        w.add("c.id IN (SELECT m.cluster_id FROM cluster_members m JOIN search_docs d ON d.id = m.doc_id WHERE d.outlet = ?)",
              f.outlet)
    _text(w, f.q, "c.id IN (SELECT rowid FROM clusters_fts WHERE clusters_fts MATCH ?)")
    date_range(w, "c.date_value", f)
    if any(getattr(f, k) is not None for k in EVENT_FIELDS if k != "type"):
        inner = Where()
        event_conditions(inner, f, "x", with_type=False)
        w.add("c.id IN (SELECT m.cluster_id FROM cluster_members m JOIN events x ON x.doc_id = m.doc_id AND x.id = m.event_id"
              f" WHERE {inner.sql})", *inner.values)
    return w
