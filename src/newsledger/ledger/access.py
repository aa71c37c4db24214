"""Read commands need an existing ledger: a missing or non-SQLite ``--db`` is an error, never a new empty ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsledger.errors import LedgerError
from newsledger.sanitize import terminal_safe

SQLITE_MAGIC = b"SQLite format 3\x00"


def require_ledger(path: str | Path) -> Path:
    """``path`` when it is a newsledger ledger; otherwise LedgerError saying what is wrong and what to do."""
    path = Path(path)
    shown = terminal_safe(path)
    if not path.exists():
        raise LedgerError(f"no ledger at {shown}; build one with `newsledger analyze FILES --db {shown}`"
                          " or give the right --db (or $NEWSLEDGER_DB)")
    if path.is_dir():
        raise LedgerError(f"{shown} is a folder, not a ledger; give the .sqlite file with --db")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise LedgerError(f"cannot read {shown}: {exc.strerror or exc}") from None
    if head != SQLITE_MAGIC:
        raise LedgerError(f"{shown} is not a SQLite database (so not a newsledger ledger); check --db")
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise LedgerError(f"cannot open {shown}: {exc}") from None
    if found is None:
        raise LedgerError(f"{shown} is a SQLite database but not a newsledger ledger (no documents table); check --db")
    return path
