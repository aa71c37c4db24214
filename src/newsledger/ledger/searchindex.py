"""Filtered search without SQL joins: the filter fields of every searchable row in memory, applied with numpy.

A search filtered by outlet, date, event type, modality or precision used to join each full-text match to its
event or quote and its document (events_fts' own ``type`` column is UNINDEXED: SQLite reads the stored row of
every match) and then ranked the joined rows again: 25-35 ms for a common word in 10,000 documents, even when
nothing passed the filter. ``SearchIndex`` holds, for every search_docs key, events_fts row and quotes_fts row,
its outlet, date, type, modality and precision as integer codes (read once, kept by the server until the ledger
changes, like ledger/facets.py's FacetIndex), and every cluster's place in the search's cluster list. A
filtered search then fetches the matching rowids from the full-text index alone (one ``group_concat``), keeps
those whose codes pass (numpy), counts them, and ranks only what the page needs (``ranked_page``; nothing when
the page is empty). The answers are the SQL filters' own (ledger/filters.py; tests/ledger/test_search_index.py
compares them): a date compares at the coarser precision, an event filter on documents and quotes means "the
document reports such an event". Filters on entities (actor, target, entity) are left to SQL.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from newsledger.ledger.filters import Filters

# The filter fields of each kind of row: (rowid, document key, outlet, date, type, modality, precision).
_DOCS = "SELECT key, key, outlet, published, NULL, NULL, NULL FROM search_docs"
_EVENTS = ("SELECT t.rowid, d.key, d.outlet, coalesce(e.when_value, d.published), e.type, e.modality, e.when_precision"
           " FROM events_fts t JOIN search_docs d ON d.key = (t.rowid >> 20) JOIN events e ON e.doc_id = t.doc_id AND e.id = t.event_id")
_QUOTES = ("SELECT t.rowid, d.key, d.outlet, coalesce(q.when_value, d.published), NULL, NULL, NULL"
           " FROM quotes_fts t JOIN search_docs d ON d.key = (t.rowid >> 20) JOIN quotes q ON q.doc_id = t.doc_id AND q.id = t.quote_id")
# Every event of a document (for "the document reports such an event"), whether or not it is searchable.
_DOC_EVENTS = ("SELECT NULL, d.key, NULL, NULL, x.type, x.modality, x.when_precision"
               " FROM events x JOIN search_docs d ON d.id = x.doc_id")
# Clusters in the order of the search's cluster list (ledger/search.py), with the fields their filters read.
_CLUSTERS = "SELECT id, type, date_value FROM clusters ORDER BY corroboration DESC, n_events DESC, id"
# The outlets that reported each cluster (its members' documents).
_CLUSTER_OUTLETS = ("SELECT DISTINCT m.cluster_id, d.outlet FROM cluster_members m JOIN search_docs d ON d.id = m.doc_id"
                    " WHERE d.outlet IS NOT NULL")
# Below one match in this many passing the filters, only the passing ones are ranked (ranked_page).
FEW_PASS = 2
# Otherwise the best PAGE_MARGIN times the matches the page needs at the share that passes, plus MIN_READ, are read.
PAGE_MARGIN = 2
MIN_READ = 64
# Date ranges whose passing dates are kept (a new range beyond these starts the list afresh).
DATE_RANGES_KEPT = 256


def date_passes(value: str | None, f: Filters) -> bool:
    """ledger/filters.py's date_range in Python: compared at the coarser of the two precisions; no date never passes."""
    if value is None:
        return False
    for bound, lower in ((f.date_from, True), (f.date_to, False)):
        if bound:
            n = min(len(value), len(bound))
            if (value[:n] < bound[:n]) if lower else (value[:n] > bound[:n]):
                return False
    return True


@dataclass
class _Codes:
    """Distinct values of one field numbered in order of first sight."""

    codes: dict[Any, int] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)

    def __call__(self, value: Any) -> int:
        if value is None:
            return -1
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code


@dataclass
class Rows:
    """The filter fields of one kind of row, sorted by rowid (codes; -1: none)."""

    rowid: np.ndarray
    key: np.ndarray
    outlet: np.ndarray
    date: np.ndarray
    type: np.ndarray
    modality: np.ndarray
    precision: np.ndarray


class Passing(NamedTuple):
    """The full-text matches that pass the filters (rowids, ascending) and how many matched before filtering."""

    rowids: np.ndarray
    matched: int


@dataclass
class ClusterOrder:
    """Cluster ids in list order, each one's position by id (-1: none), their type and date codes in list order, and
    the (position, outlet code) pairs of the outlets that reported them."""

    ids: np.ndarray
    position: np.ndarray
    type: np.ndarray
    date: np.ndarray
    outlet_position: np.ndarray
    outlet: np.ndarray


def _equal(codes: np.ndarray, table: _Codes, value: Any) -> np.ndarray:
    code = table.codes.get(value)
    return codes == code if code is not None else np.zeros(len(codes), bool)


@dataclass
class SearchIndex:
    """Filter fields of documents, events_fts and quotes_fts rows, and of every event (by document)."""

    rows: dict[str, Rows]
    doc_events: Rows
    clusters: ClusterOrder
    outlets: _Codes
    dates: _Codes
    types: _Codes
    modalities: _Codes
    precisions: _Codes
    _dated: dict[tuple[str | None, str | None], np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> SearchIndex:
        outlets, dates, types, modalities, precisions = _Codes(), _Codes(), _Codes(), _Codes(), _Codes()

        def read(sql: str) -> Rows:
            got = conn.execute(sql).fetchall()
            got.sort(key=lambda r: -1 if r[0] is None else r[0])
            cols = [np.fromiter((r[0] if r[0] is not None else -1 for r in got), np.int64, len(got)),
                    np.fromiter((r[1] for r in got), np.int64, len(got))]
            for i, table in ((2, outlets), (3, dates), (4, types), (5, modalities), (6, precisions)):
                # SQL compares a date as text (substr), so a number stored there is compared as its digits
                cols.append(np.fromiter((table(str(r[i]) if i == 3 and r[i] is not None else r[i]) for r in got), np.int64, len(got)))
            return Rows(*cols)

        rows = {"documents": read(_DOCS), "events": read(_EVENTS), "quotes": read(_QUOTES)}
        got = conn.execute(_CLUSTERS).fetchall()
        ids = np.fromiter((r[0] for r in got), np.int64, len(got))
        position = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, np.int64)
        position[ids] = np.arange(len(ids))
        pairs = [(int(position[c]), outlets(o)) for c, o in conn.execute(_CLUSTER_OUTLETS) if 0 <= c < len(position) and position[c] >= 0]
        clusters = ClusterOrder(ids, position, np.fromiter((types(r[1]) for r in got), np.int64, len(got)),
                                np.fromiter((dates(None if r[2] is None else str(r[2])) for r in got), np.int64, len(got)),
                                np.array([p for p, _ in pairs], np.int64), np.array([o for _, o in pairs], np.int64))
        return cls(rows, read(_DOC_EVENTS), clusters, outlets, dates, types, modalities, precisions)

    @staticmethod
    def handles(f: Filters) -> bool:
        """True when every filter of ``f`` is one this index applies (entities are left to SQL)."""
        return f.actor is None and f.target is None and f.entity is None

    @staticmethod
    def applies(f: Filters) -> bool:
        """True when ``f`` has filters and this index applies all of them."""
        return SearchIndex.handles(f) and bool(f.outlet or f.date_from or f.date_to or f.has_event_filter())

    @staticmethod
    def handles_clusters(f: Filters) -> bool:
        """True when this index applies every filter of ``f`` to clusters (text, type, dates, outlet; not entities)."""
        return all(x is None for x in (f.entity, f.modality, f.precision, f.actor, f.target))

    def cluster_page(self, matched: np.ndarray, f: Filters) -> tuple[int, list[int]] | None:
        """Total and the page's ids of the clusters among ``matched`` (clusters_fts matches) that pass the type, date
        and outlet filters, in list order; None when some match is not in the index."""
        c = self.clusters
        if len(matched) and (int(matched.min()) < 0 or int(matched.max()) >= len(c.position)):
            return None
        pos = c.position[matched]
        if (pos < 0).any():
            return None
        if f.type:
            pos = pos[_equal(c.type[pos], self.types, f.type)]
        if f.date_from or f.date_to:
            pos = pos[self._date_mask(f)[c.date[pos]]]
        if f.outlet:
            pos = pos[np.isin(pos, c.outlet_position[_equal(c.outlet, self.outlets, f.outlet)])]
        total, end = len(pos), min(len(pos), f.offset + f.limit)
        if f.offset >= end:
            return total, []
        first = np.sort(np.partition(pos, end - 1)[:end] if end < total else pos)
        return total, c.ids[first[f.offset:]].tolist()

    def _event_mask(self, r: Rows, f: Filters) -> np.ndarray:
        mask = np.ones(len(r.rowid), bool)
        for codes, table, value in ((r.type, self.types, f.type), (r.modality, self.modalities, f.modality),
                                    (r.precision, self.precisions, f.precision)):
            if value is not None:
                mask &= _equal(codes, table, value)
        return mask

    def _date_mask(self, f: Filters) -> np.ndarray:
        """Which date codes pass the date range, with a final False that code -1 (no date) reads."""
        bounds = (f.date_from, f.date_to)
        passes = self._dated.get(bounds)
        if passes is None:
            passes = np.fromiter((*(date_passes(v, f) for v in self.dates.values), False), bool, len(self.dates.values) + 1)
            if len(self._dated) >= DATE_RANGES_KEPT:
                self._dated.clear()
            self._dated[bounds] = passes
        return passes

    def mask(self, kind: str, f: Filters) -> np.ndarray:
        """Which rows of ``kind`` pass the filters (as ledger/filters.py's document_where / event_where / quote_where)."""
        r = self.rows[kind]
        mask = np.ones(len(r.rowid), bool)
        if f.outlet:
            mask &= _equal(r.outlet, self.outlets, f.outlet)
        if f.date_from or f.date_to:
            mask &= self._date_mask(f)[r.date]
        if kind == "events":
            mask &= self._event_mask(r, f)
        elif f.has_event_filter():
            e = self.doc_events
            mask &= np.isin(r.key, e.key[self._event_mask(e, f)])
        return mask

    def passing(self, kind: str, matched: np.ndarray, f: Filters) -> Passing | None:
        """The rowids among ``matched`` (full-text matches of ``kind``) that pass ``f``; None when some match is
        not in the index (the ledger changed since it was read: the caller asks SQL)."""
        r = self.rows[kind]
        if len(r.rowid) == 0:
            return None if len(matched) else Passing(matched, 0)
        matched = np.sort(matched)
        pos = np.searchsorted(r.rowid, matched)
        found = (pos < len(r.rowid)) & (r.rowid[np.minimum(pos, len(r.rowid) - 1)] == matched)
        if not found.all():
            return None
        return Passing(matched[self.mask(kind, f)[pos]], len(matched))


# An FTS5 table's configured rank function: bm25 with numeric column weights (migrations/007_search_stemming.sql).
_BM25 = re.compile(r"bm25\(\s*((?:-?\d+(?:\.\d+)?)(?:\s*,\s*-?\d+(?:\.\d+)?)*)?\s*\)")


def rank_order(conn: sqlite3.Connection, table: str) -> str:
    """The rank of ``table`` (an FTS5 table) as an explicit bm25() call with its configured weights: the same values
    and, ties included, the same order as ``ORDER BY rank`` at two thirds of the cost (SQLite sorts the values
    once; FTS5's own rank sort runs a second statement). ``rank`` itself when the configuration is not bm25's."""
    try:
        row = conn.execute(f"SELECT v FROM {table}_config WHERE k = 'rank'").fetchone()
    except sqlite3.Error:
        return "rank"
    if row is None:
        return f"bm25({table})"
    m = _BM25.fullmatch(str(row[0]).strip())
    if m is None:
        return "rank"
    return f"bm25({table}, {m.group(1)})" if m.group(1) else f"bm25({table})"


def matched_rowids(conn: sqlite3.Connection, table: str, match: str) -> np.ndarray:
    """The rowids of ``table`` (an FTS5 table) matching ``match``, from the full-text index alone."""
    row = conn.execute(f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ?", [match]).fetchone()
    return np.fromstring(row[0], np.int64, sep=",") if row[0] else np.zeros(0, np.int64)  # type: ignore[no-any-return]


def ranked_page(conn: sqlite3.Connection, table: str, match: str, allowed: Passing, f: Filters,
                with_rank: bool = False) -> list[tuple[int, float]]:
    """The page (``f.offset``, ``f.limit``) of the rowids ``allowed`` in rank order, with their rank when asked
    (else 0.0). FTS5 computes a rank only for the rows SQLite asks about: when few matches pass, their rowids
    are checked before ranking (``+rowid``: a plain filter on each match, never FTS5 lookups, one per rowid,
    that would run the whole match again each); when most pass, SQLite keeps only the best rows the page needs
    at that share (twice that, and all of them when that was not enough)."""
    need = f.offset + f.limit
    if not f.limit or f.offset >= len(allowed.rowids):
        return []
    order = rank_order(conn, table)
    cols, by = (f"rowid, {order}", "2") if with_rank else ("rowid, 0.0", order)
    if len(allowed.rowids) * FEW_PASS < allowed.matched:
        ids = "[" + ",".join(map(str, allowed.rowids.tolist())) + "]"
        rows = conn.execute(f"SELECT {cols} FROM {table} t WHERE {table} MATCH ? AND +t.rowid IN (SELECT value FROM json_each(?))"
                            f" ORDER BY {by} LIMIT ? OFFSET ?", [match, ids, f.limit, f.offset]).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]
    n = min(allowed.matched, PAGE_MARGIN * need * allowed.matched // len(allowed.rowids) + MIN_READ)
    while True:
        rows = conn.execute(f"SELECT {cols} FROM {table} WHERE {table} MATCH ? ORDER BY {by} LIMIT ?", [match, n]).fetchall()
        got = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        hits = np.flatnonzero(np.isin(got, allowed.rowids, assume_unique=True))
        if len(hits) >= need or n >= allowed.matched:
            return [(int(rows[i][0]), float(rows[i][1])) for i in hits[f.offset:need]]
        n = allowed.matched
