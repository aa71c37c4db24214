"""Error responses: one JSON shape under /api, small HTML pages for the UI, never a bare 500 for bad input.

The JSON shape (every 4xx/5xx under ``/api`` and ``/openapi.json``)::

    {"status": 422, "title": "Unprocessable Content", "detail": "one line saying what to do",
     "errors": [{"loc": ["query", "limit"], "msg": "..."}]}

``errors`` lists the invalid parameters of a validation error and is empty otherwise. Numbers too large
for SQLite (>= 2**63) give 400, a request whose SQLite work ran past its time limit 503, anything
unexpected 500 (with the same shape; the traceback goes to the server log only).
"""

from __future__ import annotations

import logging
import sqlite3
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.sanitize import dumps, json_safe, one_line

log = logging.getLogger(__name__)
API_PREFIXES = ("/api/", "/openapi.json")


def is_api(path: str) -> bool:
    """True for paths answered in JSON."""
    return path == "/api" or path.startswith(API_PREFIXES)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"status": status, "title": _title(status), "detail": one_line(detail), "errors": errors or []}


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & written as \\u escapes: article text stays inert even if a client pastes it into HTML.

    Strict JSON: NaN and infinities (which JSON has no words for) are written as null."""

    def render(self, content: Any) -> bytes:
        body = dumps(content, separators=(",", ":")).encode("utf-8")
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


def respond(request: Request, status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> Response:
    """A JSON error under /api, an HTML error page elsewhere."""
    if is_api(request.url.path):
        return SafeJSONResponse(error_body(status, detail, errors), status_code=status)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": _title(status),  # type: ignore[no-any-return]
                                                              "detail": one_line(detail)}, status_code=status)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        out.append({"loc": [str(x) for x in e.get("loc", ())], "msg": one_line(str(e.get("msg", "")))})
    return json_safe(out)  # type: ignore[no-any-return]


def install(app: FastAPI) -> None:
    """Register the error handlers on the app."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such page; the API is listed at /docs"
        return respond(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        return respond(request, 422, f"{'.'.join(first['loc'][1:]) or 'request'}: {first['msg']}", errors)

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
