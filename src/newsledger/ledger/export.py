"""Exports of events, quotes and entities as rows: plain layouts, and GDELT-like / ACLED-like event tables."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from newsledger.ledger import when as W
from newsledger.ledger.sources import outlet_name
from newsledger.sanitize import dumps

WHATS = ("events", "quotes", "entities")
LAYOUTS = ("plain", "gdelt", "acled")
FORMATS = ("jsonl", "csv", "parquet")
# ACLED's time_precision codes: 1 = the exact day is known, 2 = the week, 3 = only the month or coarser.
ACLED_PRECISION = {"time": 1, "day": 1, "week": 2}
# First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def event_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """One row per reported event (a mention in one document), with canonical ids and cluster."""
    sql = (
        "SELECT e.*, d.outlet, d.url, d.published, m.cluster_id, la.canonical_id AS actor_canonical,"
        " lt.canonical_id AS target_canonical, lw.canonical_id AS where_canonical"
        " FROM events e JOIN documents d ON d.id = e.doc_id"
        " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id"
        " LEFT JOIN entity_links la ON la.doc_id = e.doc_id AND la.entity_id = e.actor_entity"
        " LEFT JOIN entity_links lt ON lt.doc_id = e.doc_id AND lt.entity_id = e.target_entity"
        " LEFT JOIN entity_links lw ON lw.doc_id = e.doc_id AND lw.entity_id = e.where_entity"
        " ORDER BY d.published, e.doc_id, e.trigger_start"
    )
    for r in conn.execute(sql):
        yield {
            "doc_id": r["doc_id"], "event_id": r["id"], "type": r["type"], "trigger": r["trigger_text"],
            "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"],
            "actor": r["actor_name"], "actor_canonical": r["actor_canonical"],
            "target": r["target_name"], "target_canonical": r["target_canonical"],
            "where": r["where_name"], "where_canonical": r["where_canonical"],
            "when": r["when_value"], "when_precision": r["when_precision"], "modality": r["modality"],
            "claimed_by": r["claimed_by_name"], "summary": r["summary"],
            "outlet": outlet_name(r["outlet"], r["url"], r["doc_id"]), "published": r["published"], "url": r["url"],
            "cluster_id": r["cluster_id"],
        }


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


def _cluster_events(conn: sqlite3.Connection) -> Iterator[tuple[sqlite3.Row, list[dict[str, Any]]]]:
    by_cluster: dict[int, list[dict[str, Any]]] = {}
    for row in event_rows(conn):
        if row["cluster_id"] is not None:
            by_cluster.setdefault(row["cluster_id"], []).append(row)
    for c in conn.execute("SELECT * FROM clusters ORDER BY date_start, id"):
        yield c, by_cluster.get(c["id"], [])


def _most_common(values: list[Any]) -> Any:
    vals = [v for v in values if v]
    return Counter(vals).most_common(1)[0][0] if vals else None


def _event_date(c: sqlite3.Row, members: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    if c["date_start"]:
        return c["date_start"], c["date_precision"]
    pubs = sorted(m["published"] for m in members if m["published"])
    return (pubs[0], "publication") if pubs else (None, None)


def gdelt_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """One row per event cluster in GDELT 2.0 event-table column names (EventCode holds the PLOVER type, not CAMEO)."""
    for c, members in _cluster_events(conn):
        day, precision = _event_date(c, members)
        d = day.replace("-", "") if day else ""
        yield {
            "GLOBALEVENTID": c["id"], "SQLDATE": d, "MonthYear": d[:6], "Year": d[:4],
            "Actor1Name": _most_common([m["actor"] for m in members]), "Actor2Name": _most_common([m["target"] for m in members]),
            "EventCode": c["type"], "NumMentions": c["n_events"], "NumSources": c["corroboration"], "NumArticles": c["n_documents"],
            "ActionGeo_FullName": c["place"], "DATEADDED": c["updated_at"].replace("-", "").replace(":", "").replace("T", "")[:14],
            "SOURCEURL": _most_common([m["url"] for m in members]),
            "DatePrecision": precision, "Conflicts": ";".join(x["kind"] for x in json.loads(c["conflicts"] or "[]")),
        }


def acled_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """One row per event cluster in ACLED column names (event_type holds the PLOVER type)."""
    for c, members in _cluster_events(conn):
        day, precision = _event_date(c, members)
        iv = W.interval(day)
        yield {
            "event_id_cnty": f"NL{c['id']}", "event_date": day or "", "year": day[:4] if day else "",
            "time_precision": ACLED_PRECISION.get(precision or "", 3), "event_type": c["type"] or "",
            "sub_event_type": _most_common([m["modality"] for m in members]) or "",
            "actor1": _most_common([m["actor"] for m in members]) or "", "actor2": _most_common([m["target"] for m in members]) or "",
            "location": c["place"] or "", "source": "; ".join(sorted({m["outlet"] for m in members})),
            "source_count": c["corroboration"], "notes": c["label"],
            "tags": ";".join(x["kind"] for x in json.loads(c["conflicts"] or "[]")),
            "timestamp": int(datetime.fromisoformat(c["updated_at"]).timestamp()) if c["updated_at"] else "",
            "date_interval_end": iv.end.isoformat() if iv else "",
        }


def rows(conn: sqlite3.Connection, what: str, layout: str = "plain") -> Iterator[dict[str, Any]]:
    """The rows of one export (what x layout); GDELT and ACLED layouts exist for events only."""
    if layout != "plain" and what != "events":
        raise ValueError(f"the {layout} layout is for events; use --layout plain for {what}")
    if what == "events":
        return {"plain": event_rows, "gdelt": gdelt_rows, "acled": acled_rows}[layout](conn)
    return {"quotes": quote_rows, "entities": entity_rows}[what](conn)


def escape_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet program will not run: text starting with = + - @ tab or CR gets a leading
    single quote (OWASP's advice against CSV/formula injection); numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(records: Iterator[dict[str, Any]], fmt: str, out: IO[str] | Path, csv_escape: bool = True) -> int:
    """Write rows as JSON lines, CSV or Parquet (Parquet needs a file path); returns the row count.

    CSV cells are escaped against formula injection (``escape_cell``) unless ``csv_escape`` is False."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not isinstance(out, Path):
            raise ValueError("parquet needs --out FILE")
        data = list(records)
        pq.write_table(pa.Table.from_pylist(data), str(out))
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
