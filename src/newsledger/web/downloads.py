"""CSV and JSONL downloads of exactly a filtered list view (every matching row, streamed)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsledger.ledger.csvsafe import safe_row
from newsledger.ledger.filters import Filters
from newsledger.web import queries as Q

# Rows written per chunk of the response body.
CHUNK_ROWS = 500


def _name(role: dict[str, Any] | None) -> str | None:
    return role["name"] if role else None


def _field(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.get(key)


# CSV columns per list: (header, how to read it from the record the list returns).
COLUMNS: dict[str, list[tuple[str, Callable[[dict[str, Any]], Any]]]] = {
    "documents": [(k, _field(k)) for k in ("id", "title", "outlet", "url", "published", "chars")],
    "events": [
        ("doc_id", lambda r: r["doc_id"]), ("event_id", lambda r: r["id"]), ("type", lambda r: r["type"]),
        ("modality", lambda r: r["modality"]), ("date", lambda r: (r["when"] or {}).get("value")),
        ("precision", lambda r: (r["when"] or {}).get("precision")), ("actor", lambda r: _name(r["actor"])),
        ("target", lambda r: _name(r["target"])), ("place", lambda r: _name(r["where"])),
        ("claimed_by", lambda r: _name(r["claimed_by"])), ("trigger", lambda r: r["trigger"]["text"]),
        ("start", lambda r: r["trigger"]["start"]), ("end", lambda r: r["trigger"]["end"]),
        ("summary", lambda r: r["summary"]), ("outlet", lambda r: r["outlet"]), ("published", lambda r: r["published"]),
        ("cluster_id", lambda r: r["cluster_id"]),
    ],
    "quotes": [
        ("doc_id", lambda r: r["doc_id"]), ("quote_id", lambda r: r["id"]), ("kind", lambda r: r["kind"]),
        ("mode", lambda r: r["mode"]), ("speaker", lambda r: _name(r["speaker"])),
        ("speaker_canonical", lambda r: r["speaker_canonical"]), ("content", lambda r: r["content"]["text"]),
        ("start", lambda r: r["content"]["start"]), ("end", lambda r: r["content"]["end"]),
        ("cue", lambda r: (r["cue"] or {}).get("text")), ("date", lambda r: r["when"]), ("outlet", lambda r: r["outlet"]),
        ("published", lambda r: r["published"]),
    ],
    "clusters": [(k, _field(k)) for k in (
        "id", "type", "label", "date_value", "date_label", "date_precision", "place", "n_events", "n_documents",
        "n_outlets", "corroboration")] + [("conflicts", lambda r: ";".join(c["kind"] for c in r["conflicts"]))],
    "entities": [(k, _field(k)) for k in ("id", "name", "type", "class", "external_id", "n_docs", "n_mentions")],
}
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _open(path: Path) -> sqlite3.Connection:
    """A connection of the download's own (the stream outlives the request's thread)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    return conn


def stream(db_path: Path, kind: str, fmt: str, f: Filters, **extra: Any) -> Iterator[bytes]:
    """The body of a download: a CSV with a header row (cells escaped against formulas) or one JSON object a line."""
    conn = _open(db_path)
    try:
        rows = Q.iter_rows(conn, kind, f, **extra)
        if fmt == "jsonl":
            lines: list[str] = []
            for r in rows:
                lines.append(json.dumps(r, ensure_ascii=False, default=str))
                if len(lines) >= CHUNK_ROWS:
                    yield ("\n".join(lines) + "\n").encode("utf-8")
                    lines = []
            if lines:
                yield ("\n".join(lines) + "\n").encode("utf-8")
            return
        cols = COLUMNS[kind]
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([c for c, _ in cols])
        for n, r in enumerate(rows, 1):
            writer.writerow(safe_row([get(r) for _, get in cols]))
            if n % CHUNK_ROWS == 0:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue().encode("utf-8")
    finally:
        conn.close()


def filename(kind: str, fmt: str, f: Filters) -> str:
    """A download's file name naming its filters, e.g. events-type-ASSAULT.csv (only safe characters)."""
    parts = [kind] + [f"{k}-{v}" for k, v in sorted(f.params().items())]
    name = "-".join(parts)
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in name)[:120]
    return f"{safe}.{fmt}"
