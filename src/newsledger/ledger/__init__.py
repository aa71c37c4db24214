"""The ledger: SQLite storage of analyses, search, and the cross-document layer."""

from newsledger.ledger.store import DEFAULT_DB, Ledger, default_db_path

__all__ = ["DEFAULT_DB", "Ledger", "default_db_path"]
