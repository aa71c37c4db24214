"""Map and chart views of the geocoded ledger: events by place and by week, filterable by type, actor, outlet, date.

Pages ``/map`` and ``/charts`` render the filter form and a table server-side (autoescaped); ``static/map.js``
and ``static/charts.js`` draw the SVG from ``/api/geo/places`` and ``/api/geo/weekly`` over the offline base
map ``static/world-110m.json`` (Natural Earth via npm world-atlas; no tiles, no network). Every name reaches
the SVG through ``textContent`` only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.ledger import geo_stats as G
from newsledger.web.api import DateFrom, DateTo, Outlet, conn_of

api = APIRouter()
pages = APIRouter(include_in_schema=False)
Type = Annotated[str | None, Query(max_length=40, description="Only this event type (PLOVER).")]
Actor = Annotated[str | None, Query(max_length=200, description="Only events whose actor or target name contains this.")]
# Rows of the server-rendered place table on the map page.
TABLE_ROWS = 50


def _filters(type: str | None, actor: str | None, outlet: str | None, date_from: str | None, date_to: str | None) -> G.MapFilters:
    return G.MapFilters(type or None, actor or None, outlet or None, date_from or None, date_to or None)


@api.get("/geo/places", summary="Events by geocoded place (factual events), filterable by type, actor, outlet and date")
async def geo_places(request: Request, type: Type = None, actor: Actor = None, outlet: Outlet = None,
                     date_from: DateFrom = None, date_to: DateTo = None) -> dict[str, Any]:
    items = G.places(conn_of(request), _filters(type, actor, outlet, date_from, date_to))
    return {"items": items, "total": len(items)}


@api.get("/geo/weekly", summary="Events per ISO week by type (factual events), filterable by type, actor, outlet and date")
async def geo_weekly(request: Request, type: Type = None, actor: Actor = None, outlet: Outlet = None,
                     date_from: DateFrom = None, date_to: DateTo = None) -> dict[str, Any]:
    return G.weekly(conn_of(request), _filters(type, actor, outlet, date_from, date_to))


def _page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx)  # type: ignore[no-any-return]


def _form(request: Request, f: G.MapFilters) -> dict[str, Any]:
    return {"options": G.filter_options(conn_of(request)), "f": f}


@pages.get("/map", response_class=HTMLResponse)
async def map_page(request: Request, type: Type = None, actor: Actor = None, outlet: Outlet = None,
                   date_from: DateFrom = None, date_to: DateTo = None) -> HTMLResponse:
    """Events by place on an offline world map."""
    f = _filters(type, actor, outlet, date_from, date_to)
    items = G.places(conn_of(request), f)
    return _page(request, "map.html", items=items[:TABLE_ROWS], total=len(items), **_form(request, f))


@pages.get("/charts", response_class=HTMLResponse)
async def charts_page(request: Request, type: Type = None, actor: Actor = None, outlet: Outlet = None,
                      date_from: DateFrom = None, date_to: DateTo = None) -> HTMLResponse:
    """Events per week by type."""
    f = _filters(type, actor, outlet, date_from, date_to)
    data = G.weekly(conn_of(request), f)
    return _page(request, "charts.html", data=data, **_form(request, f))
