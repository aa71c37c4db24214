"""HTML pages: search, document with records in place, entity with timeline chart, cluster, outlets, API docs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from newsledger.ledger import framing_stats as FS
from newsledger.ledger import timeline as T
from newsledger.web import chart, highlight
from newsledger.web import queries as Q
from newsledger.web.api import conn_of, snippet_parts

router = APIRouter(include_in_schema=False)
# Items listed on the HTML list pages.
PAGE_SIZE = 50


def _render(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx)  # type: ignore[no-any-return]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: str = "") -> HTMLResponse:
    conn = conn_of(request)
    results = Q.search(conn, q, limit=PAGE_SIZE) if q.strip() else None
    if results:
        for hit in results["documents"] + results["quotes"]:
            hit["parts"] = snippet_parts(hit["snippet"])
    recent, total = Q.list_documents(conn, Q.Filters(limit=20))
    top, _ = Q.list_clusters(conn, Q.Filters(limit=10))
    timeline = [i.to_dict() for i in T.query_timeline(conn, q, limit=200)] if q.strip() else []
    return _render(request, "search.html", q=q, results=results, recent=recent, total=total, clusters=top,
                   chart=chart.build(timeline) if timeline else None)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    record = Q.get_document(conn_of(request), doc_id)
    if record is None:
        raise HTTPException(404, "no such document")
    lay = highlight.layout(record)
    speakers = {q["id"]: lay.speakers.get((q.get("speaker") or {}).get("entity") or (q.get("speaker") or {}).get("name") or "?", "spk-0")
                for q in record.get("quotes", [])}
    return _render(request, "document.html", r=record, layout=lay, speakers=speakers, anchor=highlight.anchor,
                   fs=FS.document_summary(conn_of(request), doc_id))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: str = "", offset: int = 0) -> HTMLResponse:
    items, total = Q.list_entities(conn_of(request), Q.Filters(limit=PAGE_SIZE, offset=max(offset, 0)), q or None)
    return _render(request, "entities.html", items=items, total=total, q=q, offset=offset, size=PAGE_SIZE)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: int) -> HTMLResponse:
    conn = conn_of(request)
    ent = Q.get_entity(conn, entity_id)
    if ent is None:
        raise HTTPException(404, "no such entity")
    items = [i.to_dict() for i in T.entity_timeline(conn, entity_id)]
    quotes, nq = Q.list_quotes(conn, Q.Filters(entity=entity_id, limit=100))
    clusters, _ = Q.list_clusters(conn, Q.Filters(entity=entity_id, limit=20))
    return _render(request, "entity.html", e=ent, items=items, chart=chart.build(items), quotes=quotes, n_quotes=nq,
                   clusters=clusters, anchor=highlight.anchor)


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, offset: int = 0, min_corroboration: int = 0) -> HTMLResponse:
    f = Q.Filters(limit=PAGE_SIZE, offset=max(offset, 0))
    items, total = Q.list_clusters(conn_of(request), f, min_corroboration)
    return _render(request, "clusters.html", items=items, total=total, offset=offset, size=PAGE_SIZE)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: int) -> HTMLResponse:
    c = Q.get_cluster(conn_of(request), cluster_id)
    if c is None:
        raise HTTPException(404, "no such cluster")
    return _render(request, "cluster.html", c=c, chart=chart.build(c["timeline"]), anchor=highlight.anchor)


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> HTMLResponse:
    """Per-outlet framing: how much of each outlet's own narration carries loaded wording."""
    return _render(request, "outlets.html", items=FS.outlet_summaries(conn_of(request)))


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
