"""HTML pages: search, filtered lists (documents, events, quotes, clusters, entities), records, outlets, API docs.

Each list page takes exactly the URL parameters of its JSON twin under /api and links to it and to its
CSV / JSONL download.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.ledger import framing_stats as FS
from newsledger.ledger import timeline as T
from newsledger.web import chart, highlight
from newsledger.web import queries as Q
from newsledger.web.api import KINDS, IntId, conn_of, search_results
from newsledger.web.params import (
    ClusterForm,
    EntityListForm,
    EntityPageForm,
    EventForm,
    ListForm,
    OutletForm,
    SearchForm,
)
from newsledger.web.ui import list_ui

router = APIRouter(include_in_schema=False)
# Items of each kind on the entity page (each list links to the whole filtered list).
ENTITY_ITEMS = 20
# Timeline items drawn on the entity page (the earliest by event date; the filters narrow them down).
ENTITY_TIMELINE = 200


def _render(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx)  # type: ignore[no-any-return]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, query: Annotated[SearchForm, Query()]) -> HTMLResponse:
    conn = conn_of(request)
    q = (query.q or "").strip()
    if not q:
        recent, total = Q.list_documents(conn, Q.Filters(limit=20))
        top, _ = Q.list_clusters(conn, Q.Filters(limit=10))
        return _render(request, "search.html", q="", results=None, recent=recent, total=total, clusters=top, chart=None, ui=None)
    results = search_results(request, query)
    timeline = [i.to_dict() for i in T.query_timeline(conn, q, limit=200)] if query.kind is None and query.offset == 0 else []
    ui = list_ui(request, query, "result", "/api/search")
    ui.chips = [c for c in ui.chips if not c.label.startswith(("words:", "kind:"))]
    keep = [(k, v) for k, v in request.query_params.multi_items() if k not in ("kind", "offset")]
    kinds = {k: "/?" + urlencode([*keep, *([("kind", k)] if k else [])]) for k in (None, *KINDS)}
    return _render(request, "search.html", q=q, results=results, kind=query.kind.value if query.kind else None, ui=ui,
                   chart=chart.build(timeline) if timeline else None, kinds=kinds)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, query: Annotated[ListForm, Query()]) -> HTMLResponse:
    items, total = Q.list_documents(conn_of(request), query.filters())
    ui = list_ui(request, query, "document", "/api/documents", total, download="documents")
    return _render(request, "documents.html", items=items, total=total, ui=ui)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: Annotated[str, Path(max_length=500)]) -> HTMLResponse:
    record = Q.get_document(conn_of(request), doc_id)
    if record is None:
        raise HTTPException(404, "no such document")
    lay = highlight.layout(record)
    speakers = {q["id"]: lay.speakers.get((q.get("speaker") or {}).get("entity") or (q.get("speaker") or {}).get("name") or "?", "spk-0")
                for q in record.get("quotes", [])}
    return _render(request, "document.html", r=record, layout=lay, speakers=speakers, anchor=highlight.anchor,
                   fs=FS.document_summary(conn_of(request), doc_id))


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, query: Annotated[EventForm, Query()]) -> HTMLResponse:
    items, total = Q.list_events(conn_of(request), query.filters(), query.cluster)
    ui = list_ui(request, query, "event", "/api/events", total, download="events")
    return _render(request, "events.html", items=items, total=total, ui=ui, anchor=highlight.anchor)


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, query: Annotated[ListForm, Query()]) -> HTMLResponse:
    items, total = Q.list_quotes(conn_of(request), query.filters())
    ui = list_ui(request, query, "quote", "/api/quotes", total, download="quotes")
    return _render(request, "quotes.html", items=items, total=total, ui=ui, anchor=highlight.anchor)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, query: Annotated[EntityListForm, Query()]) -> HTMLResponse:
    items, total = Q.list_entities(conn_of(request), query.filters())
    ui = list_ui(request, query, "entity", "/api/entities", total, download="entities")
    return _render(request, "entities.html", items=items, total=total, ui=ui)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: IntId, query: Annotated[EntityPageForm, Query()]) -> HTMLResponse:
    conn = conn_of(request)
    f = query.filters()
    ent = Q.get_entity(conn, entity_id, replace(f, limit=ENTITY_ITEMS))
    if ent is None:
        raise HTTPException(404, "no such entity")
    items = [i.to_dict() for i in T.entity_timeline(conn, entity_id, ENTITY_TIMELINE, f)]
    mine = replace(f, entity=entity_id, limit=ENTITY_ITEMS, offset=0)
    quotes, n_quotes = Q.list_quotes(conn, mine)
    clusters, n_clusters = Q.list_clusters(conn, mine)
    ui = list_ui(request, query, "document", f"/api/entities/{entity_id}", ent["documents_total"])
    return _render(request, "entity.html", e=ent, items=items, chart=chart.build(items), quotes=quotes, n_quotes=n_quotes,
                   clusters=clusters, n_clusters=n_clusters, anchor=highlight.anchor, ui=ui,
                   lists=_entity_lists(ui, entity_id))


def _entity_lists(ui: Any, entity_id: int) -> dict[str, str]:
    """Links from an entity page to the full lists filtered by the entity and the page's filters."""
    pairs = [(k, str(v)) for k, v in ui.values.items() if v not in (None, "") and k not in ("limit", "offset")]
    qs = urlencode([*pairs, ("entity", str(entity_id))])
    return {k: f"/{k}?{qs}" for k in ("documents", "events", "quotes", "clusters")}


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, query: Annotated[ClusterForm, Query()]) -> HTMLResponse:
    items, total = Q.list_clusters(conn_of(request), query.filters(), query.min_corroboration)
    ui = list_ui(request, query, "cluster", "/api/clusters", total, download="clusters")
    return _render(request, "clusters.html", items=items, total=total, ui=ui)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: IntId) -> HTMLResponse:
    c = Q.get_cluster(conn_of(request), cluster_id)
    if c is None:
        raise HTTPException(404, "no such cluster")
    names = {v["doc_id"]: v["outlet"] for v in c["evidence"]}
    return _render(request, "cluster.html", c=c, chart=chart.build(c["timeline"]), anchor=highlight.anchor, names=names)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, query: Annotated[OutletForm, Query()]) -> HTMLResponse:
    """Per-outlet framing: how much of each outlet's own narration carries loaded wording (outlets with enough documents)."""
    every = FS.outlet_summaries(conn_of(request), query.outlet)
    items = [o for o in every if o["documents"] >= query.min_documents]
    return _render(request, "outlets.html", items=items, hidden=len(every) - len(items), min_documents=query.min_documents)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description rendered locally (the JSON is at /openapi.json)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in", ""), p.get("description", ""), p.get("required", False)) for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params})
    return _render(request, "apidocs.html", ops=ops, title=spec["info"]["title"], writes=request.app.state.allow_writes)
