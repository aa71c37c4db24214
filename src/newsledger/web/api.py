"""REST API (JSON): documents, entities, events, clusters, quotes, search, timeline, framing."""

from __future__ import annotations

import re
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request

from newsledger.ledger import framing_stats as FS
from newsledger.ledger import timeline as T
from newsledger.sanitize import json_safe
from newsledger.web import queries as Q

router = APIRouter()
write_router = APIRouter()

_ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=Q.MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
DateFrom = Annotated[str | None, Query(pattern=_ISO_PREFIX, description="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")]
DateTo = Annotated[str | None, Query(pattern=_ISO_PREFIX, description="Latest date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Outlet = Annotated[str | None, Query(description="Only this outlet.")]
EntityId = Annotated[int | None, Query(description="Only records involving this canonical entity id.")]
_MARK = re.compile("[\x02\x03]")


def conn_of(request: Request) -> sqlite3.Connection:
    return request.app.state.db.conn()  # type: ignore[no-any-return]


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """An FTS snippet (matches between \\x02 and \\x03) as [{text, match}] so no markup is ever built from it."""
    parts, match = [], False
    for piece in re.split("([\x02\x03])", snippet or ""):
        if piece == "\x02":
            match = True
        elif piece == "\x03":
            match = False
        elif piece:
            parts.append({"text": piece, "match": match})
    return parts


@router.get("/documents", summary="List documents")
def documents(request: Request, q: str | None = None, outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
              entity: EntityId = None, limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    f = Q.Filters(date_from, date_to, outlet, None, entity, limit, offset)
    items, total = Q.list_documents(conn_of(request), f, q)
    return page(items, total, limit, offset)


@router.get("/documents/{doc_id:path}", summary="One document as its contract record, with cross-document links")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    record = Q.get_document(conn_of(request), doc_id)
    if record is None:
        raise HTTPException(404, "no such document; list them at /api/documents")
    return record


@router.get("/entities", summary="List canonical entities")
def entities(request: Request, q: str | None = None, type: str | None = None, limit: Limit = Q.DEFAULT_LIMIT,
             offset: Offset = 0) -> dict[str, Any]:
    items, total = Q.list_entities(conn_of(request), Q.Filters(type=type, limit=limit, offset=offset), q)
    return page(items, total, limit, offset)


@router.get("/entities/{entity_id}", summary="One canonical entity with its name variants and documents")
def entity(request: Request, entity_id: int) -> dict[str, Any]:
    out = Q.get_entity(conn_of(request), entity_id)
    if out is None:
        raise HTTPException(404, "no such entity; list them at /api/entities")
    return out


@router.get("/events", summary="List events (contract event records)")
def events(request: Request, type: str | None = None, outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
           entity: EntityId = None, cluster: int | None = None, modality: str | None = None,
           limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    f = Q.Filters(date_from, date_to, outlet, type, entity, limit, offset)
    items, total = Q.list_events(conn_of(request), f, cluster, modality)
    return page(items, total, limit, offset)


@router.get("/clusters", summary="List event clusters with corroboration and conflicts")
def clusters(request: Request, type: str | None = None, outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
             entity: EntityId = None, min_corroboration: Annotated[int, Query(ge=0)] = 0,
             limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    f = Q.Filters(date_from, date_to, outlet, type, entity, limit, offset)
    items, total = Q.list_clusters(conn_of(request), f, min_corroboration)
    return page(items, total, limit, offset)


@router.get("/clusters/{cluster_id}", summary="One cluster: member events, independent sources, conflicts, timeline")
def cluster(request: Request, cluster_id: int) -> dict[str, Any]:
    out = Q.get_cluster(conn_of(request), cluster_id)
    if out is None:
        raise HTTPException(404, "no such cluster; list them at /api/clusters")
    return out


@router.get("/quotes", summary="List quotes (contract quote records)")
def quotes(request: Request, q: str | None = None, outlet: Outlet = None, date_from: DateFrom = None, date_to: DateTo = None,
           entity: EntityId = None, limit: Limit = Q.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    f = Q.Filters(date_from, date_to, outlet, None, entity, limit, offset)
    items, total = Q.list_quotes(conn_of(request), f, q)
    return page(items, total, limit, offset)


@router.get("/search", summary="Full-text search of documents and quotes, and entities by name")
def search(request: Request, q: Annotated[str, Query(min_length=1)], limit: Annotated[int, Query(ge=1, le=100)] = 20,
           offset: Offset = 0) -> dict[str, Any]:
    out = Q.search(conn_of(request), q, limit, offset)
    for hit in out["documents"] + out["quotes"]:
        hit["snippet_parts"] = snippet_parts(hit["snippet"])
        hit["snippet"] = _MARK.sub("", hit["snippet"])
    return out


@router.get("/timeline", summary="Timeline of an entity, a cluster or a query, ordered by event date")
def timeline(request: Request, entity: EntityId = None, cluster: int | None = None, q: str | None = None,
             limit: Limit = T.DEFAULT_ITEMS) -> dict[str, Any]:
    conn = conn_of(request)
    if entity is not None:
        items = T.entity_timeline(conn, entity, limit)
    elif cluster is not None:
        items = T.cluster_timeline(conn, cluster)[:limit]
    elif q:
        items = T.query_timeline(conn, q, limit)
    else:
        raise HTTPException(422, "give one of entity=ID, cluster=ID or q=WORDS")
    return {"items": [i.to_dict() for i in items], "total": len(items)}


@router.get("/framing/outlets", summary="Framing per outlet: share of narrator sentences with loaded wording, techniques, contested terms")
def framing_outlets(request: Request, outlet: Outlet = None) -> dict[str, Any]:
    items = FS.outlet_summaries(conn_of(request), outlet)
    return {"items": items, "total": len(items)}


@router.get("/framing/documents/{doc_id:path}", summary="Framing summary of one document (narrator's loaded sentences)")
def framing_document(request: Request, doc_id: str) -> dict[str, Any]:
    summary = FS.document_summary(conn_of(request), doc_id)
    if summary is None:
        raise HTTPException(404, "no such document")
    return summary


@write_router.post("/documents", status_code=201, summary="Store one contract record (only with `serve --allow-writes`)")
def store_document(request: Request, record: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    import jsonschema

    from newsledger.document import analysis_from_dict, validate
    from newsledger.ledger import Ledger
    from newsledger.ledger.cluster import update

    record = json_safe(record)  # lone surrogates and NaN from the JSON body never reach SQLite
    try:
        validate(record)
    except jsonschema.ValidationError as exc:
        raise HTTPException(422, f"not a newsledger/1 record: {exc.message}") from exc
    with request.app.state.write_lock, Ledger(request.app.state.db_path) as ledger:
        ledger.store(analysis_from_dict(record))
        stats = update(ledger.conn)
    return {"id": record["id"], "linked": stats.documents, "events": stats.events}
