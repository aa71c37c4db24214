"""What a list page shows around its rows: the filter form's values, removable filter chips, paging and downloads."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from pydantic import BaseModel

from newsledger.web.params import EventType, Modality, Precision

# Outlet names offered by the filter form (the most frequent first).
OUTLET_CHOICES = 300
_LABELS = {"q": "words", "date_from": "from", "date_to": "to", "type": "type", "modality": "modality",
           "precision": "precision", "outlet": "outlet", "actor": "actor", "target": "target", "entity": "entity",
           "cluster": "cluster", "min_corroboration": "sources ≥", "min_documents": "documents ≥"}
_ENTITY_PARAMS = ("actor", "target", "entity")


@dataclass
class Chip:
    label: str
    remove: str


@dataclass
class ListUI:
    """Template context of a filtered list page."""

    values: dict[str, Any]
    chips: list[Chip]
    noun: str
    offset: int = 0
    nouns: str = ""
    prev: str | None = None
    next: str | None = None
    csv: str = ""
    jsonl: str = ""
    api: str = ""
    outlets: list[str] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=lambda: [t.value for t in EventType])
    modalities: list[str] = field(default_factory=lambda: [m.value for m in Modality])
    precisions: list[str] = field(default_factory=lambda: [p.value for p in Precision])


def _value(v: Any) -> Any:
    return v.value if hasattr(v, "value") else v


def params_of(query: BaseModel, drop: tuple[str, ...] = ("limit", "offset")) -> list[tuple[str, str]]:
    """The parameters that differ from their defaults, as (name, value) pairs."""
    out = []
    for name, info in type(query).model_fields.items():
        v = _value(getattr(query, name))
        if name in drop or v is None or v == info.default:
            continue
        out.append((name, str(v).lower() if isinstance(v, bool) else str(v)))
    return out


def entity_names(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in conn.execute(f"SELECT id, name FROM canonical_entities WHERE id IN ({marks})", ids)}


@lru_cache(maxsize=8)
def _outlets(uri: str, documents: int) -> list[str]:
    conn = sqlite3.connect(uri, uri=True)
    try:
        return [r[0] for r in conn.execute(
            "SELECT outlet FROM search_docs WHERE outlet IS NOT NULL AND outlet != '' GROUP BY outlet ORDER BY count(*) DESC LIMIT ?",
            (OUTLET_CHOICES,))]
    finally:
        conn.close()


def outlet_choices(request: Request) -> list[str]:
    """Outlet names for the form (cached per ledger and number of documents)."""
    db = request.app.state.db
    return _outlets(db.uri, int(db.conn().execute("SELECT max(key) FROM search_docs").fetchone()[0] or 0))


def list_ui(request: Request, query: BaseModel, noun: str, api_path: str | None, total: int = 0,
            download: str | None = None) -> ListUI:
    """Chips, paging links, form values and download links of one list page."""
    conn = request.app.state.db.conn()
    paged = params_of(query, ("offset",))
    pairs = [p for p in paged if p[0] != "limit"]
    names = entity_names(conn, [int(v) for k, v in pairs if k in _ENTITY_PARAMS])
    path = request.url.path
    chips = []
    for k, v in pairs:
        label = f"{_LABELS.get(k, k)}: {names.get(int(v), '#' + v) if k in _ENTITY_PARAMS else v}"
        chips.append(Chip(label, path + ("?" + urlencode([p for p in pairs if p[0] != k]) if len(pairs) > 1 else "")))
    limit, offset = getattr(query, "limit", 0), getattr(query, "offset", 0)
    ui = ListUI({k: _value(getattr(query, k)) for k in type(query).model_fields}, chips, noun, offset,
                "entities" if noun == "entity" else noun + "s")
    if limit:
        if offset > 0:
            ui.prev = path + "?" + urlencode([*paged, ("offset", str(max(0, offset - limit)))])
        if offset + limit < total:
            ui.next = path + "?" + urlencode([*paged, ("offset", str(offset + limit))])
    query_string = urlencode(pairs)
    if download:
        filters = [p for p in pairs if p[0] not in ("kind", "facets")]
        ui.csv = f"/api/{download}.csv?{urlencode(filters)}"
        ui.jsonl = f"/api/{download}.jsonl?{urlencode(filters)}"
    if api_path:
        ui.api = f"{api_path}?{query_string}" if query_string else api_path
    ui.outlets = outlet_choices(request)
    return ui
