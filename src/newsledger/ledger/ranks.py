"""Every match of a search text in rank order, kept in memory: pages, totals and type filters without FTS5.

A search ranks all the rows matching its words (BM25 over every match) to show ten, and an analyst's next
request is mostly the same words again with another page, filter or kind (in the benchmark's mix, two
searches in three repeat an earlier match). ``RankCache`` keeps, per FTS5 table and match expression, the
matching rowids in rank order (ties by rowid, so that pages never overlap or skip) with their ranks (for
events also per type and modality filter, which events_fts keeps itself). The server keeps one cache per ledger generation (web/cache.py
``PerGeneration``), so nothing in it outlives a write; without a server, each search gets a fresh one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

# Match expressions kept (least recently used first out) and rows kept over all of them (16 bytes each).
MAX_ENTRIES = 256
MAX_ROWS = 1_000_000
TABLES = ("documents_fts", "quotes_fts", "events_fts")


@dataclass(frozen=True)
class Ranked:
    """Rowids of one table's matches in rank order, with their ranks."""

    keys: np.ndarray
    ranks: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)

    def within(self, allowed: np.ndarray) -> Ranked:
        """Only the rows whose key is in ``allowed``, still in rank order."""
        mask = np.isin(self.keys, allowed)
        return Ranked(self.keys[mask], self.ranks[mask])

    def page(self, limit: int, offset: int) -> list[tuple[int, float]]:
        """(rowid, rank) of the rows ``offset`` to ``offset + limit``."""
        end = offset + limit
        return list(zip(self.keys[offset:end].tolist(), self.ranks[offset:end].tolist(), strict=True))


def rank_all(conn: sqlite3.Connection, table: str, match: str, type_: str | None = None, modality: str | None = None) -> Ranked:
    """Every row of ``table`` matching ``match`` (events: of this type and modality, None for any), ranked by the
    table's own rank function, in one FTS5 query."""
    if table not in TABLES:
        raise ValueError(f"unknown search table {table!r}")
    if (type_ or modality) and table != "events_fts":
        raise ValueError("type and modality are kept by events_fts only")
    sql = f"SELECT group_concat(rowid), group_concat(rank) FROM {table} WHERE {table} MATCH ?"
    args = [match]
    for column, value in (("type", type_), ("modality", modality)):  # column names are constants
        if value:
            sql += f" AND {column} = ?"
            args.append(value)
    # One aggregate pass: the lists of rowids and ranks come from the same rows in the same order.
    row = conn.execute(sql, args).fetchone()
    if not row[0]:
        return Ranked(np.zeros(0, np.int64), np.zeros(0, np.float64))
    keys = np.fromstring(row[0], np.int64, sep=",")
    ranks = np.fromstring(row[1], np.float64, sep=",")
    order = np.lexsort((keys, ranks))
    return Ranked(keys[order], ranks[order])


class RankCache:
    """``rank_all`` answers kept per (table, match), least recently used out first; safe across threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_rows: int = MAX_ROWS) -> None:
        self.max_entries = max_entries
        self.max_rows = max_rows
        self.entries: OrderedDict[tuple[str, str, str | None, str | None], Ranked] = OrderedDict()
        self.rows = 0
        self.lock = threading.Lock()

    def get(self, conn: sqlite3.Connection, table: str, match: str, type_: str | None = None,
            modality: str | None = None) -> Ranked:
        """The ranked matches of ``match`` in ``table`` (computed with ``conn`` the first time)."""
        key = (table, match, type_ or None, modality or None)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        ranked = rank_all(conn, table, match, type_, modality)  # outside the lock: other searches go on meanwhile
        with self.lock:
            if key not in self.entries and len(ranked) <= self.max_rows:
                self.entries[key] = ranked
                self.rows += len(ranked)
                while len(self.entries) > self.max_entries or self.rows > self.max_rows:
                    _, old = self.entries.popitem(last=False)
                    self.rows -= len(old)
        return ranked
