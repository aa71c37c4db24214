"""SQLite ledger: migrations, idempotent storage of analyses, FTS5 search."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.document import Analysis, analysis_from_dict
from newsledger.errors import LedgerError
from newsledger.ledger.ftsquery import fts_query  # noqa: F401 (the former home of fts_query)
from newsledger.ledger.rows import INSERTS, DocumentRows, analysis_rows
from newsledger.sanitize import clean_text, one_line, terminal_safe

# Default location: $NEWSLEDGER_DB if set, else newsledger.sqlite in the working directory.
DEFAULT_DB = "newsledger.sqlite"
# Bound parameters per IN (...) list, under SQLite's smallest default limit (999).
_MAX_PARAMS = 500


def default_db_path() -> Path:
    """The ledger path used when --db is not given."""
    return Path(os.environ.get("NEWSLEDGER_DB", DEFAULT_DB))


def _migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every shipped migration, in order."""
    out = []
    folder = resources.files("newsledger").joinpath("ledger/migrations")
    for entry in folder.iterdir():
        m = re.match(r"(\d+)_(.+)\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


@dataclass
class SearchHit:
    """One search result with a highlighted snippet."""

    doc_id: str
    kind: str  # document | quote
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    quote_id: str | None = None
    speaker: str | None = None


class Ledger:
    """The embedded SQLite ledger of analyses."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if str(self.path) != ":memory:" and self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30)
        except sqlite3.Error as exc:
            raise LedgerError(f"cannot open ledger {self.path}: {exc}; check the path and its permissions") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if str(self.path) != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise LedgerError(f"cannot use {terminal_safe(self.path)} as a ledger ({exc}); is it another kind of file?"
                              " give a new or existing ledger with --db") from None
        self._refuse_foreign()
        self.migrate()

    # -- schema -----------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_foreign(self) -> None:
        """A SQLite database of something else (tables, none of ours) is not turned into a ledger."""
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and not tables & {"documents", "schema_migrations"}:
            self.conn.close()
            raise LedgerError(f"{terminal_safe(self.path)} is a SQLite database of something else (tables:"
                              f" {', '.join(sorted(tables)[:5])}); give a new or existing ledger with --db")

    def migrate(self) -> None:
        """Apply every shipped migration not yet applied (tracked by number, so order of arrival does not matter)."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        applied = {int(r[0]) for r in self.conn.execute("SELECT number FROM schema_migrations")}
        if not applied and self.version:  # a ledger made before migrations were tracked by number
            applied = {n for n, _, _ in _migrations() if n <= self.version}
        for number, name, sql in _migrations():
            if number in applied:
                continue
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            try:
                self.conn.executescript("BEGIN;" + sql)  # leaves the transaction open
                self.conn.execute(
                    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?,?,?)", (number, name, stamp)
                )
                self.conn.execute(f"PRAGMA user_version = {int(max(number, self.version))}")
                self.conn.commit()
            except sqlite3.Error as exc:
                self.conn.rollback()
                raise LedgerError(f"migration {number}_{name} failed on {self.path}: {exc}; restore a backup or start a new ledger") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def store(self, analysis: Analysis) -> None:
        """Store one analysis, replacing every record of a document with the same id (idempotent)."""
        self.store_rows([analysis_rows(analysis)])

    def store_many(self, analyses: list[Analysis]) -> None:
        """Store several analyses in one transaction."""
        self.store_rows([analysis_rows(a) for a in analyses])

    def store_rows(self, batch: list[DocumentRows]) -> None:
        """Store the rows of several documents in one transaction, one prepared statement per table.

        Documents already in the ledger (and a document whose id comes again later in the batch) are
        replaced: their records are deleted first. A new id has no records to delete, so the full-text
        tables (which cannot be searched by document id without a scan) are only touched for old ids.
        """
        sources = [(r.source,) for r in batch]
        latest = {r.doc_id: k for k, r in enumerate(batch)}
        batch = [r for k, r in enumerate(batch) if latest[r.doc_id] == k]
        if not batch:
            return
        with self.conn:
            c = self.conn
            ids = [r.doc_id for r in batch]
            old: list[str] = []
            for start in range(0, len(ids), _MAX_PARAMS):
                chunk = ids[start:start + _MAX_PARAMS]
                marks = ",".join("?" * len(chunk))
                old += [row[0] for row in c.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)]
            if old:
                self._delete_many(old)
            c.executemany("DELETE FROM failures WHERE source = ?", sources)
            for table, sql in INSERTS.items():
                rows = [row for r in batch for row in r.rows.get(table, ())]
                if rows:
                    c.executemany(sql, rows)

    def _delete_many(self, doc_ids: list[str]) -> None:
        c = self.conn
        keys = [(i,) for i in doc_ids]
        for table in ("removed", "entities", "mentions", "timexes", "quotes", "quote_modes", "events", "framing",
                      "framing_summary", "geo_places"):
            c.executemany(f"DELETE FROM {table} WHERE doc_id = ?", keys)  # table names are constants
        # the full-text tables follow by trigger (migration 007)
        c.executemany("DELETE FROM documents WHERE id = ?", keys)

    def _delete(self, doc_id: str) -> None:
        self._delete_many([doc_id])

    def delete(self, doc_id: str) -> None:
        """Remove one document and its records."""
        with self.conn:
            self._delete(doc_id)

    def record_failure(self, source: str, message: str) -> None:
        """Record that one input could not be analysed (replaces an earlier failure of the same source)."""
        source, message = clean_text(str(source)), one_line(message)
        with self.conn:
            self.conn.execute(
                "INSERT INTO failures (source, message, at) VALUES (?,?,?)"
                " ON CONFLICT(source) DO UPDATE SET message = excluded.message, at = excluded.at",
                (source, message, datetime.now(UTC).isoformat(timespec="seconds")),
            )

    # -- reading ----------------------------------------------------------------------------
    def has(self, doc_id: str, content_hash: str | None = None) -> bool:
        """True when the document is stored (with this content, if a hash is given)."""
        if content_hash is None:
            row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        else:
            row = self.conn.execute(
                "SELECT 1 FROM documents WHERE id = ? AND content_hash = ?", (doc_id, content_hash)
            ).fetchone()
        return row is not None

    def stored_source(self, doc_id: str) -> tuple[str, str] | None:
        """(meta.source, content hash) of a stored document, or None (ingest/ids.py asks before reusing an id)."""
        row = self.conn.execute("SELECT meta, content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        try:
            meta = json.loads(row[0] or "{}")
        except ValueError:
            meta = {}
        return (str(meta.get("source") or "") if isinstance(meta, dict) else "", str(row[1]))

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The stored contract record of one document, or None."""
        row = self.conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row["analysis"]) if row else None

    def get_analysis(self, doc_id: str) -> Analysis | None:
        """The stored analysis of one document as typed records."""
        data = self.get(doc_id)
        return analysis_from_dict(data) if data else None

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every stored contract record, ordered by publication date then id."""
        for row in self.conn.execute("SELECT analysis FROM documents ORDER BY published, id"):
            yield json.loads(row["analysis"])

    def count(self, table: str = "documents") -> int:
        """Number of rows of one of the ledger's tables."""
        allowed = {"documents", "removed", "entities", "mentions", "timexes", "quotes", "quote_modes", "events", "framing",
                   "framing_summary", "failures", "geo_places"}
        if table not in allowed:
            raise ValueError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def failures(self) -> list[dict[str, Any]]:
        """The recorded per-document failures."""
        return [dict(r) for r in self.conn.execute("SELECT source, message, at FROM failures ORDER BY at, source")]

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over document text and titles and over quotes (see ``ledger/search.py``)."""
        from newsledger.ledger.filters import Filters
        from newsledger.ledger.search import search

        out = search(self.conn, Filters(q=query, limit=limit, offset=offset), ("documents", "quotes"), with_facets=False)
        hits = [SearchHit(h["doc_id"], "document", h["title"], h["outlet"], h["published"], _bracketed(h["snippet_parts"]))
                for h in out["documents"]["items"]]
        hits += [SearchHit(h["doc_id"], "quote", h["title"], h["outlet"], h["published"], _bracketed(h["snippet_parts"]),
                           h["quote_id"], h["speaker"]) for h in out["quotes"]["items"]]
        return hits


def _bracketed(parts: list[dict[str, Any]]) -> str:
    """A snippet with its matches in [brackets] (plain text for terminals and logs)."""
    return "".join(f"[{p['text']}]" if p["match"] else p["text"] for p in parts)


