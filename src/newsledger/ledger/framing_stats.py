"""Framing summaries read from the ledger: per document and pooled per outlet."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# Contested terms listed per outlet on the outlets page and in the API (the most frequent first).
TOP_TERMS = 10


def document_summary(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """The stored FramingSummary of one document as a dict, or None."""
    row = conn.execute("SELECT summary FROM framing_summary WHERE doc_id = ?", (doc_id,)).fetchone()
    return json.loads(row[0]) if row else None


def outlet_summaries(conn: sqlite3.Connection, outlet: str | None = None) -> list[dict[str, Any]]:
    """Per outlet: documents, narrator sentences, loaded narrator sentences and their share, spans by voice,
    spans by technique and the most used contested terms; outlets with the highest share first."""
    where, args = ("WHERE COALESCE(outlet, 'unknown') = ?", [outlet]) if outlet else ("", [])
    rows = conn.execute(
        "SELECT COALESCE(outlet, 'unknown') AS outlet, count(*) AS documents, sum(sentences) AS sentences,"
        " sum(narrator_sentences) AS narrator_sentences, sum(loaded_narrator) AS loaded_narrator,"
        " sum(spans) AS spans, sum(outlet_spans) AS outlet_spans, sum(quoted_spans) AS quoted_spans,"
        f" sum(contested) AS contested FROM framing_summary {where} GROUP BY 1",
        args,
    ).fetchall()
    techniques = _counts(conn, "$.by_technique", True, outlet)
    terms = _counts(conn, "$.contested_terms", False, outlet)
    out = []
    for r in rows:
        item = dict(r)
        item["narrator_share"] = round(r["loaded_narrator"] / r["narrator_sentences"], 4) if r["narrator_sentences"] else 0.0
        item["by_technique"] = techniques.get(r["outlet"], [])
        item["contested_terms"] = merge_forms(terms.get(r["outlet"], []))[:TOP_TERMS]
        out.append(item)
    return sorted(out, key=lambda o: (-o["narrator_share"], o["outlet"]))


def _counts(conn: sqlite3.Connection, path: str, keyed: bool, outlet: str | None) -> dict[str, list[dict[str, Any]]]:
    """Per outlet, a JSON object's counts summed (keyed) or a JSON list's items counted, most first: one pass
    over the summaries for every outlet (one query per outlet read the whole table once per outlet)."""
    value = "sum(j.value)" if keyed else "count(*)"
    name = "j.key" if keyed else "j.value"
    where, args = ("WHERE COALESCE(f.outlet, 'unknown') = ?", [outlet]) if outlet else ("", [])
    rows = conn.execute(
        f"SELECT COALESCE(f.outlet, 'unknown') AS outlet, {name} AS name, {value} AS n"
        f" FROM framing_summary f, json_each(f.summary, ?) j {where} GROUP BY 1, 2",
        [path, *args],
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (-r["n"], r["name"])):
        out.setdefault(r["outlet"], []).append({"name": r["name"], "n": r["n"]})
    return out


def term_key(term: str) -> str:
    """One key for the forms of a term: letter case and a plural ending do not make another term."""
    t = " ".join(term.lower().split())
    if t.endswith("ies") and len(t) > 4:
        return t[:-3] + "y"
    if t.endswith(("ches", "shes", "sses", "xes", "zes")):
        return t[:-2]
    if t.endswith("s") and not t.endswith(("ss", "us", "is")) and len(t) > 3:
        return t[:-1]
    return t


def merge_forms(counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts of terms with their forms added up ("provocation" 3 + "provocations" 2 = "provocation" 5), named
    by their most frequent form; the most frequent first."""
    groups: dict[str, dict[str, Any]] = {}
    for c in counts:
        g = groups.setdefault(term_key(c["name"]), {"name": c["name"], "n": 0, "top": -1})
        if c["n"] > g["top"]:
            g["name"], g["top"] = c["name"], c["n"]
        g["n"] += c["n"]
    return sorted(({"name": g["name"], "n": g["n"]} for g in groups.values()), key=lambda c: (-c["n"], c["name"]))
