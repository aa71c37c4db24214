"""REST API (JSON): documents, entities, events, clusters, quotes, search, timeline, framing, and downloads.

Every route has a typed response model; lists return ``{items, total, limit, offset, next}`` and take the
shared filters of ``web/params.py``. Routes are plain functions, so FastAPI runs their SQLite work in its
thread pool, off the event loop.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse

from newsledger.ledger import framing_stats as FS
from newsledger.ledger import timeline as T
from newsledger.ledger.datelabel import date_label
from newsledger.ledger.filters import Filters
from newsledger.ledger.search import search as run_search
from newsledger.sanitize import json_safe
from newsledger.stages.framing.summary import FramingSummary
from newsledger.web import downloads
from newsledger.web import models as M
from newsledger.web import queries as Q
from newsledger.web.errors import ERROR_RESPONSES, SafeJSONResponse
from newsledger.web.params import (
    MAX_ID,
    ClusterDownloadQuery,
    ClusterQuery,
    DownloadQuery,
    EntityDownloadQuery,
    EntityListQuery,
    EntityPageQuery,
    EventDownloadQuery,
    EventQuery,
    ListQuery,
    OutletQuery,
    SearchQuery,
    TimelineQuery,
    single_values,
)
from newsledger.web.schemas import DocumentRecord

router = APIRouter(responses=ERROR_RESPONSES, dependencies=[Depends(single_values)])
write_router = APIRouter(responses=ERROR_RESPONSES, dependencies=[Depends(single_values)])

DocId = Annotated[str, Path(min_length=1, max_length=500, description="Document id.", examples=["harbor-1"])]
IntId = Annotated[int, Path(ge=0, le=MAX_ID, description="Numeric id.")]
# Items a query timeline reads at most (the events of its best-matching documents and the matching quotes).
TIMELINE_CAP = 2000


def conn_of(request: Request) -> sqlite3.Connection:
    return request.app.state.db.conn()  # type: ignore[no-any-return]


def next_url(request: Request, total: int, limit: int, offset: int) -> str | None:
    """The URL of the next page (same path and parameters, offset moved on), or None on the last page."""
    if offset + limit >= total:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return f"{request.url.path}?{urlencode([*params, ('offset', str(offset + limit))])}"


def page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_url(request, total, limit, offset)}


@router.get("/documents", summary="List documents", response_model=M.DocumentPage)
def documents(request: Request, query: Annotated[ListQuery, Query()]) -> dict[str, Any]:
    items, total = Q.list_documents(conn_of(request), query.filters())
    return page(request, items, total, query.limit, query.offset)


@router.get("/documents/{doc_id:path}", summary="One document as its contract record, with cross-document links",
            response_model=DocumentRecord)
def document(request: Request, doc_id: DocId) -> dict[str, Any]:
    record = Q.get_document(conn_of(request), doc_id)
    if record is None:
        raise HTTPException(404, "no such document; list them at /api/documents")
    return record


@router.get("/entities", summary="List canonical entities", response_model=M.EntityPage)
def entities(request: Request, query: Annotated[EntityListQuery, Query()]) -> dict[str, Any]:
    items, total = Q.list_entities(conn_of(request), query.filters())
    return page(request, items, total, query.limit, query.offset)


@router.get("/entities/{entity_id}", summary="One canonical entity: name variants and the documents mentioning it (filtered)",
            response_model=M.EntityDetail)
def entity(request: Request, entity_id: IntId, query: Annotated[EntityPageQuery, Query()]) -> dict[str, Any]:
    out = Q.get_entity(conn_of(request), entity_id, query.filters())
    if out is None:
        raise HTTPException(404, "no such entity; list them at /api/entities")
    return out


@router.get("/events", summary="List events (contract event records)", response_model=M.EventPage)
def events(request: Request, query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    items, total = Q.list_events(conn_of(request), query.filters(), query.cluster)
    return page(request, items, total, query.limit, query.offset)


@router.get("/clusters", summary="List event clusters with corroboration and conflicts", response_model=M.ClusterPage)
def clusters(request: Request, query: Annotated[ClusterQuery, Query()]) -> dict[str, Any]:
    items, total = Q.list_clusters(conn_of(request), query.filters(), query.min_corroboration)
    return page(request, items, total, query.limit, query.offset)


@router.get("/clusters/{cluster_id}", summary="One cluster: reports with their evidence, independent sources, conflicts, timeline",
            response_model=M.ClusterDetail)
def cluster(request: Request, cluster_id: IntId) -> dict[str, Any]:
    out = Q.get_cluster(conn_of(request), cluster_id)
    if out is None:
        raise HTTPException(404, "no such cluster; list them at /api/clusters")
    return out


@router.get("/quotes", summary="List quotes (contract quote records)", response_model=M.QuotePage)
def quotes(request: Request, query: Annotated[ListQuery, Query()]) -> dict[str, Any]:
    items, total = Q.list_quotes(conn_of(request), query.filters())
    return page(request, items, total, query.limit, query.offset)


def _url(request: Request, drop: set[str], add: list[tuple[str, str]]) -> str:
    """This request's URL without the ``drop`` parameters and with ``add`` (the kept part encoded once per request
    and ``drop``: a search page links every facet value)."""
    kept: dict[frozenset[str], str] | None = getattr(request.state, "kept_params", None)
    if kept is None:
        kept = request.state.kept_params = {}
    key = frozenset(drop)
    if key not in kept:
        kept[key] = urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in drop])
    return f"{request.url.path}?{'&'.join(x for x in (kept[key], urlencode(add)) if x)}"


KINDS = ("documents", "quotes", "events", "entities", "clusters")


def search_results(request: Request, query: SearchQuery) -> dict[str, Any]:
    """Run a search and add what a client needs to page and refine it (next links, facet links, date labels)."""
    kinds = (query.kind.value,) if query.kind else KINDS
    conn = conn_of(request)
    index = request.app.state.facet_index.get(conn) if query.facets else None
    f = query.to_filters(query.limit, query.offset)
    records = request.app.state.search_index.get(conn)  # filters and the cluster list in memory (ledger/searchindex.py)
    out = run_search(conn, f, kinds, with_facets=query.facets, index=index, records=records)
    following = [("offset", str(query.offset + query.limit))]
    for kind in KINDS:
        more = kind in kinds and query.offset + query.limit < out[kind]["total"]
        out[kind]["next"] = _url(request, {"offset", "kind"}, [("kind", kind), *following]) if more else None
    out["total"] = sum(out[k]["total"] for k in kinds)
    out["next"] = next_url(request, max(out[k]["total"] for k in kinds), query.limit, query.offset)
    for hit in out["events"]["items"]:
        hit["when_label"] = date_label(hit["when"]) if hit["when"] else None
    for hit in out["clusters"]["items"]:
        hit["date_label"] = date_label(hit["date_value"]) if hit["date_value"] else None
    for name, values in out["facets"].items():
        for v in values:
            params = ("date_from", "date_to") if name == "date" else (name,)
            add = [] if v["selected"] else [(p, v["value"]) for p in params]
            v["href"] = _url(request, {"offset", *params}, add)
    head = {k: out.pop(k) for k in ("query", "match", "total", "next")}
    return {**head, **out}  # the keys in the order of the response model (models.SearchResults)


@router.get("/search", summary="Ranked full-text search (stemmed) of articles, quotes, events, entities and clusters, with facets",
            response_model=M.SearchResults)
def search(request: Request, query: Annotated[SearchQuery, Query()]) -> Response:
    # Built in the model's shape and encoded once: validating and re-serialising every hit through the model
    # held the GIL for about a millisecond a search (tests/web/test_schema.py checks the answers against it).
    return SafeJSONResponse(search_results(request, query))


@router.get("/timeline", summary="Timeline of an entity, a cluster or a query, ordered by event date", response_model=M.Timeline)
def timeline(request: Request, query: Annotated[TimelineQuery, Query()]) -> dict[str, Any]:
    conn = conn_of(request)
    end = query.offset + query.limit
    if query.entity is not None:
        items = T.entity_timeline(conn, query.entity, end)[query.offset:]
        total = T.entity_total(conn, query.entity)
    elif query.cluster is not None:
        every = T.cluster_timeline(conn, query.cluster)
        items, total = every[query.offset:end], len(every)
    elif query.q:
        every = T.query_timeline(conn, query.q, TIMELINE_CAP)
        items, total = every[query.offset:end], len(every)
    else:
        raise HTTPException(422, "give one of entity=ID, cluster=ID or q=WORDS")
    return page(request, [i.to_dict() for i in items], total, query.limit, query.offset)


@router.get("/framing/outlets", summary="Framing per outlet: share of narrator sentences with loaded wording, techniques, contested terms",
            response_model=M.OutletFramingList)
def framing_outlets(request: Request, query: Annotated[OutletQuery, Query()]) -> dict[str, Any]:
    items = [o for o in FS.outlet_summaries(conn_of(request), query.outlet) if o["documents"] >= query.min_documents]
    out = page(request, items[query.offset: query.offset + query.limit], len(items), query.limit, query.offset)
    return {**out, "min_documents": query.min_documents}


@router.get("/framing/documents/{doc_id:path}", summary="Framing summary of one document (narrator's loaded sentences)",
            response_model=FramingSummary)
def framing_document(request: Request, doc_id: DocId) -> dict[str, Any]:
    summary = FS.document_summary(conn_of(request), doc_id)
    if summary is None:
        raise HTTPException(404, "no such document")
    return summary


def _download(request: Request, kind: str, fmt: str, query: DownloadQuery, **extra: Any) -> StreamingResponse:
    return _stream(request, kind, fmt, query.to_filters(), **extra)


def _stream(request: Request, kind: str, fmt: str, f: Filters, **extra: Any) -> StreamingResponse:
    name = downloads.filename(kind, fmt, f)
    return StreamingResponse(downloads.stream(request.app.state.db_path, kind, fmt, f, **extra), media_type=downloads.MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _download_routes(fmt: str) -> None:
    """GET /api/{list}.csv or .jsonl for every list, with exactly the list's filters."""
    describe = {"csv": "CSV with a header row; text cells starting with = + - @ tab or CR are prefixed with a single quote.",
                "jsonl": "JSON Lines: one record a line, shaped as the list's items."}
    media = downloads.MEDIA[fmt].split(";")[0]
    opts: dict[str, Any] = {"response_class": StreamingResponse,
                            "responses": {200: {"content": {media: {"schema": {"type": "string"}}}, "description": describe[fmt]}}}

    @router.get(f"/documents.{fmt}", summary=f"Every document of the filtered list as {fmt.upper()}", **opts)
    def download_documents(request: Request, query: Annotated[DownloadQuery, Query()]) -> StreamingResponse:
        return _download(request, "documents", fmt, query)

    @router.get(f"/events.{fmt}", summary=f"Every event of the filtered list as {fmt.upper()}", **opts)
    def download_events(request: Request, query: Annotated[EventDownloadQuery, Query()]) -> StreamingResponse:
        return _download(request, "events", fmt, query, cluster=query.cluster)

    @router.get(f"/clusters.{fmt}", summary=f"Every event cluster of the filtered list as {fmt.upper()}", **opts)
    def download_clusters(request: Request, query: Annotated[ClusterDownloadQuery, Query()]) -> StreamingResponse:
        return _download(request, "clusters", fmt, query, min_corroboration=query.min_corroboration)

    @router.get(f"/quotes.{fmt}", summary=f"Every quote of the filtered list as {fmt.upper()}", **opts)
    def download_quotes(request: Request, query: Annotated[DownloadQuery, Query()]) -> StreamingResponse:
        return _download(request, "quotes", fmt, query)

    @router.get(f"/entities.{fmt}", summary=f"Every canonical entity of the filtered list as {fmt.upper()}", **opts)
    def download_entities(request: Request, query: Annotated[EntityDownloadQuery, Query()]) -> StreamingResponse:
        return _stream(request, "entities", fmt, query.filters())


for _fmt in ("csv", "jsonl"):
    _download_routes(_fmt)


@write_router.post("/documents", status_code=201, summary="Store one contract record (only with `serve --allow-writes`)",
                   response_model=M.StoredDocument)
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
