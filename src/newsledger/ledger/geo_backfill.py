"""Geocode the places of documents already in a ledger (made before the geo stage, or before a gazetteer update)."""

from __future__ import annotations

import json
import sqlite3

from newsledger.document import analysis_from_dict
from newsledger.geo.resolve import geocode_analysis
from newsledger.ledger.store import _geo_rows


def regeocode(conn: sqlite3.Connection, only_missing: bool = False) -> int:
    """Re-run geocoding on the stored contract records (and table geo_places); returns the documents updated.

    No spaCy pass is needed: geocoding reads the stored entities, their mentions and the text. Clusters of
    documents that are already linked are not recomputed (the ledger never rebuilds what exists).
    """
    done = conn.execute("SELECT DISTINCT doc_id FROM geo_places").fetchall() if only_missing else []
    skip = {r[0] for r in done}
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id") if r[0] not in skip]
    n = 0
    for doc_id in ids:
        row = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
        a = analysis_from_dict(json.loads(row[0]))
        geocode_analysis(a)
        with conn:
            conn.execute("UPDATE documents SET analysis = ? WHERE id = ?", (json.dumps(a.to_dict(), ensure_ascii=False, default=str), doc_id))
            conn.execute("DELETE FROM geo_places WHERE doc_id = ?", (doc_id,))
            conn.executemany("INSERT OR REPLACE INTO geo_places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", _geo_rows(a))
        n += 1
    return n
