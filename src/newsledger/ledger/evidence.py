"""What backs a cluster: each reporting outlet by name and title, with the sentence of each report and its offsets."""

from __future__ import annotations

import sqlite3
from typing import Any

from newsledger.ledger.sources import outlet_name


def cluster_evidence(conn: sqlite3.Connection, cluster_id: int) -> list[dict[str, Any]]:
    """Every report of one cluster: outlet, title, publication, the evidence sentence with offsets, its source group.

    Reports are ordered by publication; ``source_group`` is shared by the reports that count as one independent
    source (one outlet, copies, near-duplicates, the same wire sentence).
    """
    rows = conn.execute(
        "SELECT m.doc_id, m.event_id, d.outlet, d.url, d.title, d.published, e.type, e.trigger_text, e.trigger_start,"
        " e.trigger_end, e.modality, x.evidence_start, x.evidence_end, x.source_group,"
        " substr(d.text, x.evidence_start + 1, x.evidence_end - x.evidence_start) AS sentence"
        " FROM cluster_members m JOIN documents d ON d.id = m.doc_id"
        " JOIN events e ON e.doc_id = m.doc_id AND e.id = m.event_id"
        " LEFT JOIN cluster_evidence x ON x.doc_id = m.doc_id AND x.event_id = m.event_id"
        " WHERE m.cluster_id = ? ORDER BY d.published, m.doc_id, e.trigger_start",
        (cluster_id,),
    )
    return [
        {"doc_id": r["doc_id"], "event_id": r["event_id"], "outlet": outlet_name(r["outlet"], r["url"], r["doc_id"]),
         "title": r["title"], "url": r["url"], "published": r["published"], "type": r["type"],
         "trigger": {"text": r["trigger_text"], "start": r["trigger_start"], "end": r["trigger_end"]},
         "modality": r["modality"], "source_group": r["source_group"] or r["doc_id"],
         "evidence": {"text": r["sentence"], "start": r["evidence_start"], "end": r["evidence_end"]}
         if r["evidence_start"] is not None else None}
        for r in rows
    ]


def top_clusters(conn: sqlite3.Connection, n: int = 20) -> list[dict[str, Any]]:
    """The n most corroborated clusters (independent sources, then reports), each with its evidence."""
    out = []
    for c in conn.execute(
        "SELECT id, type, label, date_value, date_precision, place, corroboration, n_outlets, n_documents FROM clusters"
        " ORDER BY corroboration DESC, n_documents DESC, id LIMIT ?", (n,)):
        out.append({"cluster_id": c["id"], "type": c["type"], "label": c["label"], "date": c["date_value"],
                    "date_precision": c["date_precision"], "place": c["place"], "independent_sources": c["corroboration"],
                    "outlets": c["n_outlets"], "reports": c["n_documents"], "members": cluster_evidence(conn, c["id"])})
    return out
