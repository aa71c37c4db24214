"""Error responses: one JSON shape under /api, small HTML pages for the UI, never a bare 500 for bad input.

The JSON shape (every 4xx/5xx under ``/api`` and ``/openapi.json``)::

    {"error": {"status": 422, "code": "invalid_parameter", "message": "date_from: not a real date: month 13 (1..12)",
               "details": [{"loc": "date_from", "msg": "...", "type": "value_error"}]}}

``details`` lists the invalid parameters of a validation error and is empty otherwise. Numbers too large
for SQLite (>= 2**63) give 400, a request whose SQLite work ran past its time limit 503, anything
unexpected 500 (with the same shape; the traceback goes to the server log only).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.sanitize import dumps, json_safe, one_line

log = logging.getLogger(__name__)
API_PREFIXES = ("/api/", "/openapi.json")
# Machine-readable codes of the statuses the API returns.
CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 414: "uri_too_long",
         422: "invalid_parameter", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


class ErrorBody(BaseModel):
    status: int = Field(examples=[422])
    code: str = Field(description="Stable machine-readable code.", examples=["invalid_parameter"])
    message: str = Field(examples=["date_from: not a real date: month 13 (1..12)"])
    details: list[dict[str, Any]] = Field([], description="One entry per invalid parameter: {loc, msg, type}.")


class ErrorResponse(BaseModel):
    """Every error under /api has this shape."""

    error: ErrorBody


# `responses=` for routers: the documented error bodies.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Refused by the guard: a search with too many words (web/security.py)."},
    404: {"model": ErrorResponse, "description": "No such record."},
    414: {"model": ErrorResponse, "description": "A query string longer than the guard allows."},
    422: {"model": ErrorResponse, "description": "An invalid or unknown parameter."},
    503: {"model": ErrorResponse, "description": "The query ran past its time limit and was stopped."},
}


def is_api(path: str) -> bool:
    """True for paths answered in JSON."""
    return path == "/api" or path.startswith(API_PREFIXES)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    code = CODES.get(status) or _title(status).lower().replace(" ", "_")
    return {"error": {"status": status, "code": code, "message": one_line(message), "details": details or []}}


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & written as \\u escapes: article text stays inert even if a client pastes it into HTML.

    Strict JSON: NaN and infinities (which JSON has no words for) are written as null."""

    def render(self, content: Any) -> bytes:
        body = dumps(content, separators=(",", ":")).encode("utf-8")
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


def respond(request: Request, status: int, message: str, details: list[dict[str, Any]] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """A JSON error under /api, an HTML error page elsewhere."""
    if is_api(request.url.path):
        return SafeJSONResponse(error_body(status, message, details), status_code=status, headers=headers)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": _title(status),  # type: ignore[no-any-return]
                                                              "message": one_line(message)}, status_code=status)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        msg = one_line(str(e.get("msg", "invalid")).removeprefix("Value error, "))
        if e.get("type") == "extra_forbidden":
            msg = "unknown parameter"
        out.append({"loc": ".".join(loc) or "request", "msg": msg, "type": str(e.get("type", ""))})
    return json_safe(out)  # type: ignore[no-any-return]


def install(app: FastAPI) -> None:
    """Register the error handlers on the app."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page; the API is listed at /docs"
        return respond(request, exc.status_code, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        message = "; ".join(f"{d['loc']}: {d['msg']}" for d in details[:5]) or "invalid request"
        return respond(request, 422, message, details)

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Response:
        return respond(request, 400, "a number in the request is too large (the largest is 9223372036854775807)")

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        if "interrupted" in str(exc):
            return respond(request, 503, "the query took too long and was stopped; narrow it (fewer or rarer words,"
                           " a date range)")
        log.error("SQLite error on %s: %s", request.url.path, exc)
        return respond(request, 500, "the ledger could not answer this request")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return respond(request, 500, "unexpected server error; see the server log")
