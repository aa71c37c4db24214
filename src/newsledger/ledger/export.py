"""Exports: events and clusters (plain, ACLED, GDELT 2.0, POLECAT-style layouts), quotes and entities; JSONL, CSV, Parquet."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from newsledger.ledger.csvsafe import safe_cell
from newsledger.ledger.export_rows import cluster_records, event_records
from newsledger.ledger.layouts import COLUMNS, layout_rows
from newsledger.ledger.sources import outlet_name
from newsledger.sanitize import dumps

WHATS = ("events", "clusters", "quotes", "entities")
LAYOUTS = ("plain", "acled", "gdelt", "polecat")
FORMATS = ("jsonl", "csv", "parquet")


def quote_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """One row per quote record, with its speaker's canonical id and its mode (speech, belief, knowledge)."""
    sql = (
        "SELECT q.*, d.outlet, d.url, d.published, l.canonical_id, coalesce(m.mode, 'speech') AS mode"
        " FROM quotes q JOIN documents d ON d.id = q.doc_id"
        " LEFT JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity"
        " LEFT JOIN quote_modes m ON m.doc_id = q.doc_id AND m.quote_id = q.id ORDER BY d.published, q.doc_id, q.content_start"
    )
    for r in conn.execute(sql):
        yield {
            "doc_id": r["doc_id"], "quote_id": r["id"], "kind": r["kind"], "speaker": r["speaker_name"],
            "speaker_canonical": r["canonical_id"], "cue": r["cue_text"], "content": r["content_text"],
            "content_start": r["content_start"], "content_end": r["content_end"], "when": r["when_value"],
            "outlet": outlet_name(r["outlet"], r["url"], r["doc_id"]), "published": r["published"], "mode": r["mode"],
        }


def entity_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for r in conn.execute("SELECT * FROM canonical_entities ORDER BY n_docs DESC, id"):
        variants = sorted({s[0] for s in conn.execute(
            "SELECT DISTINCT m.text FROM entity_links l JOIN mentions m ON m.doc_id = l.doc_id AND m.entity_id = l.entity_id"
            " WHERE l.canonical_id = ? AND coalesce(m.kind, 'name') IN ('name', 'alias', 'acronym')", (r["id"],))})
        yield {"id": r["id"], "name": r["name"], "type": r["type"], "class": r["class"], "external_id": r["external_id"],
               "n_docs": r["n_docs"], "n_mentions": r["n_mentions"], "variants": "|".join(variants)}


def rows(conn: sqlite3.Connection, what: str, layout: str = "plain") -> Iterator[dict[str, Any]]:
    """The rows of one export (what x layout); the ACLED, GDELT and POLECAT layouts exist for events and clusters."""
    if layout != "plain" and what not in ("events", "clusters"):
        raise ValueError(f"the {layout} layout is for events and clusters; use --layout plain for {what}")
    if what in ("events", "clusters"):
        records = event_records(conn) if what == "events" else cluster_records(conn)
        return records if layout == "plain" else layout_rows(records, layout)
    return {"quotes": quote_rows, "entities": entity_rows}[what](conn)


def escape_cell(value: Any) -> Any:
    """A CSV cell: lists joined, booleans as 0/1, formula-like text quoted (``csvsafe.safe_cell``)."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = int(value)
    return safe_cell(value)


_ARROW = {"str": "string", "int": "int64", "float": "float64", "date": "date32", "bool": "bool_"}


def _arrow_table(data: list[dict[str, Any]], layout: str | None) -> Any:
    import pyarrow as pa

    if layout not in COLUMNS:
        return pa.Table.from_pylist(data)
    spec = COLUMNS[layout]
    dates = [n for n, k in spec if k == "date"]
    data = [{**r, **{d: date.fromisoformat(str(r[d])[:10]) if r.get(d) else None for d in dates}} for r in data]
    schema = pa.schema([pa.field(name, getattr(pa, _ARROW[kind])()) for name, kind in spec])
    return pa.Table.from_pylist(data, schema=schema)


def write(
    records: Iterator[dict[str, Any]], fmt: str, out: IO[str] | Path, layout: str | None = None, csv_escape: bool = True
) -> int:
    """Write rows as JSON lines, CSV (formula-safe cells unless ``csv_escape`` is False) or Parquet (typed by the layout's codebook); returns the count."""
    if fmt == "parquet":
        from newsledger.extras import require

        require("parquet", "Parquet export")
        import pyarrow.parquet as pq

        if not isinstance(out, Path):
            raise ValueError("parquet needs --out FILE")
        data = list(records)
        pq.write_table(_arrow_table(data, layout), str(out))
        return len(data)
    handle: IO[str] = out.open("w", encoding="utf-8", newline="") if isinstance(out, Path) else out
    n = 0
    try:
        writer: csv.DictWriter[str] | None = None
        for rec in records:
            if fmt == "jsonl":
                handle.write(dumps(rec) + "\n")
            else:
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(rec))
                    writer.writeheader()
                writer.writerow({k: escape_cell(v) for k, v in rec.items()} if csv_escape else rec)
            n += 1
    finally:
        if isinstance(out, Path):
            handle.close()
    return n
