"""Map and chart views of the geocoded ledger: events by place and by week, filterable by type, actor, outlet, date.

Pages ``/map`` and ``/charts`` render the filter form and a table server-side (autoescaped); ``static/map.js``
and ``static/charts.js`` draw the SVG from ``/api/geo/places`` and ``/api/geo/weekly`` over the offline base
map ``static/world-110m.json`` (Natural Earth via npm world-atlas; no tiles, no network). Every name reaches
the SVG through ``textContent`` only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.ledger import geo_stats as G
from newsledger.web import models as M
from newsledger.web.api import conn_of
from newsledger.web.errors import ERROR_RESPONSES
from newsledger.web.params import GeoForm, GeoQuery, single_values

api = APIRouter(responses=ERROR_RESPONSES, dependencies=[Depends(single_values)])
pages = APIRouter(include_in_schema=False)
# Rows of the server-rendered place table on the map page.
TABLE_ROWS = 50


def _filters(q: GeoQuery) -> G.MapFilters:
    return G.MapFilters(q.type.value if q.type else None, q.actor or None, q.outlet or None, q.date_from, q.date_to)


@api.get("/geo/places", summary="Events by geocoded place (factual events), filterable by type, actor, outlet and date",
         response_model=M.GeoPlaces)
def geo_places(request: Request, query: Annotated[GeoQuery, Query()]) -> dict[str, Any]:
    items = G.places(conn_of(request), _filters(query))
    return {"items": items, "total": len(items)}


@api.get("/geo/weekly", summary="Events per ISO week by type (factual events), filterable by type, actor, outlet and date",
         response_model=M.GeoWeekly)
def geo_weekly(request: Request, query: Annotated[GeoQuery, Query()]) -> dict[str, Any]:
    return G.weekly(conn_of(request), _filters(query))


def _page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, ctx)  # type: ignore[no-any-return]


def _form(request: Request, f: G.MapFilters) -> dict[str, Any]:
    return {"options": G.filter_options(conn_of(request)), "f": f}


@pages.get("/map", response_class=HTMLResponse)
def map_page(request: Request, query: Annotated[GeoForm, Query()]) -> HTMLResponse:
    """Events by place on an offline world map."""
    f = _filters(query)
    items = G.places(conn_of(request), f)
    return _page(request, "map.html", items=items[:TABLE_ROWS], total=len(items), **_form(request, f))


@pages.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, query: Annotated[GeoForm, Query()]) -> HTMLResponse:
    """Events per week by type."""
    f = _filters(query)
    data = G.weekly(conn_of(request), f)
    return _page(request, "charts.html", data=data, **_form(request, f))
