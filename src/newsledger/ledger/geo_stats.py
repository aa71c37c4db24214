"""Events by place and by week for the map and chart pages, filtered by type, actor, outlet and date.

Only factual events (asserted, reported) count unless ``factual_only`` is off. An event's place is its
geocoded ``where`` (table geo_places, migration 006); its date is its own date when the text gives one, else
the publication date. All SQL is parameterised.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

# At most this many places are returned (the most reported first).
MAX_PLACES = 1000
# The weekly chart shows at most this many of the most frequent types; the rest are summed as "other".
MAX_SERIES = 8


@dataclass
class MapFilters:
    """Filters of the map and chart pages (dates: YYYY, YYYY-MM or YYYY-MM-DD prefixes)."""

    type: str | None = None
    actor: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    factual_only: bool = True


def _where(f: MapFilters) -> tuple[str, list[Any]]:
    sql = " WHERE 1 = 1"
    args: list[Any] = []
    if f.factual_only:
        sql += " AND e.modality IN ('asserted', 'reported')"
    if f.type:
        sql += " AND e.type = ?"
        args.append(f.type.upper())
    if f.actor:
        sql += " AND (lower(e.actor_name) LIKE ? ESCAPE '\\' OR lower(e.target_name) LIKE ? ESCAPE '\\')"
        pattern = "%" + f.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args += [pattern, pattern]
    if f.outlet:
        sql += " AND d.outlet = ?"
        args.append(f.outlet)
    day = "coalesce(CASE WHEN length(e.when_value) >= 4 THEN e.when_value END, d.published)"
    for bound, op in ((f.date_from, ">="), (f.date_to, "<=")):
        if bound:
            n = f"min(length({day}), length(?))"
            sql += f" AND substr({day}, 1, {n}) {op} substr(?, 1, {n})"
            args += [bound, bound, bound]
    return sql, args


_FROM = " FROM events e JOIN documents d ON d.id = e.doc_id"


def places(conn: sqlite3.Connection, f: MapFilters) -> list[dict[str, Any]]:
    """Places with their number of events, clusters and documents, and the types seen there."""
    where, args = _where(f)
    rows = conn.execute(
        "SELECT g.name, g.lat, g.lon, g.country, g.country_iso3, g.admin1_name, g.precision, count(*) AS n_events,"
        " count(DISTINCT m.cluster_id) AS n_clusters, count(DISTINCT e.doc_id) AS n_documents, group_concat(DISTINCT e.type) AS types"
        + _FROM + " JOIN geo_places g ON g.doc_id = e.doc_id AND g.record = 'event' AND g.record_id = e.id"
        " LEFT JOIN cluster_members m ON m.doc_id = e.doc_id AND m.event_id = e.id" + where
        + " GROUP BY g.name, round(g.lat, 2), round(g.lon, 2) ORDER BY n_events DESC, g.name LIMIT ?",
        [*args, MAX_PLACES],
    )
    return [{**dict(r), "types": sorted((r["types"] or "").split(","))} for r in rows]


def _week(day: str | None) -> str | None:
    if not day or len(day) < 10:
        return None
    try:
        y, w, _ = date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{y}-W{w:02d}"


def weekly(conn: sqlite3.Connection, f: MapFilters) -> dict[str, Any]:
    """Events per ISO week, one series per type (the most frequent MAX_SERIES types, the rest as "other")."""
    where, args = _where(f)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for r in conn.execute(
        "SELECT e.type, CASE WHEN length(e.when_value) >= 10 THEN e.when_value ELSE d.published END AS day" + _FROM + where, args
    ):
        week = _week(r["day"])
        if week:
            counts[week][r["type"]] += 1
            totals[r["type"]] += 1
    kept = [t for t, _ in sorted(totals.items(), key=lambda x: (-x[1], x[0]))[:MAX_SERIES]]
    weeks = sorted(counts)
    series = {t: [counts[w].get(t, 0) for w in weeks] for t in kept}
    other = [sum(n for t, n in counts[w].items() if t not in kept) for w in weeks]
    if any(other):
        series["other"] = other
    return {"weeks": weeks, "series": series, "total": sum(totals.values())}


def filter_options(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Values the filter form offers: event types and outlets present in the ledger."""
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    outlets = [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")]
    return {"types": types, "outlets": outlets}
