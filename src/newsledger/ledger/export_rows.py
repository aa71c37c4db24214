"""The full record of every stored event, and of every cluster, that the export layouts draw their columns from.

One ``event_records`` row per event of every document (factual or not, with its modality); one
``cluster_records`` row per event cluster (factual reports only). Both carry the evidence sentence with its
offsets into the document's text, the geocoded place, the roles' countries and sectors (from the stored
contract record), the current PLOVER type and mode, and the casualty figures the sentence states.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

from newsledger.ledger import when as W
from newsledger.ledger.casualties import casualties
from newsledger.ledger.codes import plover
from newsledger.ledger.event_features import sentence_span
from newsledger.ledger.sources import outlet_name

GEO_FIELDS = ("lat", "lon", "country_iso3", "country_iso2", "country", "admin1_code", "admin1_name", "admin2_name",
              "precision", "feature", "name", "geonames_id")


def _canonical(conn: sqlite3.Connection, doc_id: str) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in conn.execute("SELECT entity_id, canonical_id FROM entity_links WHERE doc_id = ?", (doc_id,))}


def _members(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    return {(str(r[0]), str(r[1])): int(r[2]) for r in conn.execute("SELECT doc_id, event_id, cluster_id FROM cluster_members")}


def _role(prefix: str, role: dict[str, Any] | None, canon: dict[str, int]) -> dict[str, Any]:
    role = role or {}
    return {f"{prefix}": role.get("name"), f"{prefix}_canonical": canon.get(role.get("entity") or ""),
            f"{prefix}_country": role.get("country"), f"{prefix}_sector": role.get("sector")}


def _place(ev: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    where = ev.get("where") or {}
    geo = where.get("geo") or (entities.get(where.get("entity") or "", {}).get("geo")) or {}
    out = {"where": where.get("name")}
    out.update({f"geo_{k}": geo.get(k) for k in GEO_FIELDS})
    return out


def event_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every event of every stored document, in publication order, with everything the layouts need."""
    members = _members(conn)
    rows = conn.execute("SELECT id, outlet, url, title, published, text, analysis FROM documents ORDER BY published, id")
    for doc in rows:
        data = json.loads(doc["analysis"])
        text = str(doc["text"])
        canon = _canonical(conn, doc["id"])
        entities = {e["id"]: e for e in data.get("entities", [])}
        for ev in sorted(data.get("events", []), key=lambda e: e["trigger"]["start"]):
            trig = ev["trigger"]
            s, e = sentence_span(text, trig["start"], trig["end"])
            when = ev.get("when") or {}
            iv = W.interval(when.get("value"))
            ptype, mode = plover(ev["type"], trig["text"], ev.get("plover"), ev.get("plover_mode"))
            c = casualties(text[s:e])
            claimed = ev.get("claimed_by") or {}
            rec = {
                "doc_id": doc["id"], "event_id": ev["id"], "type": ev["type"], "plover": ptype, "plover_mode": mode,
                "plover_context": ev.get("plover_context") or "", "trigger": trig["text"], "trigger_start": trig["start"],
                "trigger_end": trig["end"], "modality": ev.get("modality", "asserted"),
                "factual": ev.get("modality", "asserted") in ("asserted", "reported"),
                **_role("actor", ev.get("actor"), canon), **_role("target", ev.get("target"), canon),
                "claimed_by": claimed.get("name"), "when": when.get("value"), "when_precision": when.get("precision"),
                "when_source": when.get("source"), "event_date": iv.start.isoformat() if iv else None,
                **_place(ev, entities),
                "evidence": text[s:e], "evidence_start": s, "evidence_end": e, "killed": c.killed, "injured": c.injured,
                "summary": ev.get("summary", ""), "outlet": outlet_name(doc["outlet"], doc["url"], doc["id"]),
                "title": doc["title"], "url": doc["url"], "published": doc["published"],
                "cluster_id": members.get((doc["id"], ev["id"])),
            }
            yield rec


def _most_common(values: list[Any]) -> Any:
    vals = [v for v in values if v not in (None, "")]
    return Counter(vals).most_common(1)[0][0] if vals else None


def _best_place(members: list[dict[str, Any]]) -> dict[str, Any]:
    """The place most reports give, the most precise when they tie (place > admin1 > country)."""
    rank = {"place": 0, "admin1": 1, "country": 2}
    placed = [m for m in members if m.get("geo_lat") is not None]
    if not placed:
        return {k: None for k in ("where", *(f"geo_{f}" for f in GEO_FIELDS))}
    counts = Counter(m["geo_name"] for m in placed)
    best = min(placed, key=lambda m: (-counts[m["geo_name"]], rank.get(m["geo_precision"] or "", 3)))
    return {k: best[k] for k in ("where", *(f"geo_{f}" for f in GEO_FIELDS))}


def cluster_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """One record per event cluster: its most common roles and place, counts, and the first report's evidence."""
    by_cluster: dict[int, list[dict[str, Any]]] = {}
    for rec in event_records(conn):
        if rec["cluster_id"] is not None:
            by_cluster.setdefault(rec["cluster_id"], []).append(rec)
    for c in conn.execute("SELECT * FROM clusters ORDER BY date_start, id"):
        members = by_cluster.get(c["id"], [])
        if not members:
            continue
        first = min(members, key=lambda m: (m["published"] or "9999", m["doc_id"], m["trigger_start"]))
        day = c["date_start"] or (first["published"] if first["published"] else None)
        killed = [m["killed"] for m in members if m["killed"]]
        out = {
            "cluster_id": c["id"], "type": c["type"] or first["type"], "plover": _most_common([m["plover"] for m in members]) or "",
            "plover_mode": _most_common([m["plover_mode"] for m in members]) or "",
            "plover_context": _most_common([m["plover_context"] for m in members]) or "",
            "date": c["date_value"], "date_precision": c["date_precision"] or ("publication" if day else None),
            "event_date": day, "label": c["label"],
        }
        for role in ("actor", "target"):
            name = _most_common([m[role] for m in members])
            same = [m for m in members if m[role] == name]
            out[role] = name
            out[f"{role}_canonical"] = _most_common([m[f"{role}_canonical"] for m in same])
            out[f"{role}_country"] = _most_common([m[f"{role}_country"] for m in same])
            out[f"{role}_sector"] = _most_common([m[f"{role}_sector"] for m in same])
            out[f"{role}_others"] = sorted({m[role] for m in members if m[role] and m[role] != name})
        out.update(_best_place(members))
        out.update({
            "n_mentions": c["n_events"], "n_articles": c["n_documents"], "n_outlets": c["n_outlets"],
            "n_sources": c["corroboration"], "conflicts": [x["kind"] for x in json.loads(c["conflicts"] or "[]")],
            "outlets": sorted({m["outlet"] for m in members}), "killed": max(killed) if killed else None,
            "doc_id": first["doc_id"], "event_id": first["event_id"], "evidence": first["evidence"],
            "evidence_start": first["evidence_start"], "evidence_end": first["evidence_end"],
            "url": first["url"], "modality": first["modality"], "updated_at": c["updated_at"],
        })
        yield out
