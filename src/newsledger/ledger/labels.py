"""A cluster's label from the names of its canonical entities, never from raw tokens ("ISIS 08:24\\n\\nObama")."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence

from newsledger.ledger.canonical import clean_name
from newsledger.ledger.datelabel import date_label
from newsledger.ledger.event_features import EventFeatures


def _names(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    ids = sorted({int(k[1:]) for k in keys if k.startswith("c") and k[1:].isdigit()})
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, name FROM canonical_entities WHERE id IN ({marks})", ids)
    return {f"c{r[0]}": name for r in rows if (name := clean_name(r[1]))}


def _most_common(keys: list[str | None], names: dict[str, str]) -> str:
    counts = Counter(k for k in keys if k and k in names)
    return names[counts.most_common(1)[0][0]] if counts else "?"


def cluster_label(conn: sqlite3.Connection, members: list[EventFeatures], ctype: str | None,
                  date: str | None) -> tuple[str, str | None]:
    """("actor – TYPE – target – place – date" with a human date label, place): the members' most frequent canonical actor, target, place."""
    keys = [k for m in members for k in (m.actor, m.target, m.place) if k]
    names = _names(conn, keys)
    places = [m.place for m in members if not m.place_inferred] or [m.place for m in members]
    place = _most_common(places, names)
    label = " – ".join((_most_common([m.actor for m in members], names), ctype or "?",
                        _most_common([m.target for m in members], names), place, date_label(date) if date else "undated"))
    return label, None if place == "?" else place
