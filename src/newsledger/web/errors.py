"""One error shape under /api (``{"error": {status, code, message, details}}``) and HTML error pages elsewhere."""

from __future__ import annotations

import logging
import sqlite3
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("newsledger.web")
# Machine-readable codes of the statuses the API returns.
CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 422: "invalid_parameter",
         429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


class ErrorBody(BaseModel):
    status: int = Field(examples=[422])
    code: str = Field(description="Stable machine-readable code.", examples=["invalid_parameter"])
    message: str = Field(examples=["date_from: not a real date: month must be in 1..12"])
    details: list[dict[str, Any]] = Field([], description="One entry per invalid parameter: {loc, msg, type}.")


class ErrorResponse(BaseModel):
    """Every error under /api has this shape."""

    error: ErrorBody


# `responses=` for routers: the documented error bodies.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such record."},
    422: {"model": ErrorResponse, "description": "An invalid or unknown parameter."},
}


def wants_json(request: Request) -> bool:
    """Errors of the API and of the OpenAPI document are JSON; the UI's pages get HTML."""
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_")),
                      "message": message, "details": details or []}}


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        if e.get("type") == "extra_forbidden":
            msg = "unknown parameter"
        out.append({"loc": ".".join(loc) or "request", "msg": msg, "type": str(e.get("type", ""))})
    return out


def _page(request: Request, status: int, message: str) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "title": HTTPStatus(status).phrase,
                                                              "message": message}, status_code=status)


def install(app: FastAPI, json_response: type[Response]) -> None:
    """Register the handlers: HTTP errors, invalid parameters and unexpected failures."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page"
        if wants_json(request):
            return json_response(error_body(exc.status_code, message), status_code=exc.status_code, headers=exc.headers)
        return _page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = jsonable_encoder(_validation_details(exc))
        message = "; ".join(f"{d['loc']}: {d['msg']}" for d in details[:5]) or "invalid request"
        if wants_json(request):
            return json_response(error_body(422, message, details), status_code=422)
        return _page(request, 422, message)

    @app.exception_handler(OverflowError)
    async def too_large(request: Request, exc: OverflowError) -> Response:
        message = "a number in the request is too large (the largest is 9223372036854775807)"
        if wants_json(request):
            return json_response(error_body(400, message), status_code=400)
        return _page(request, 400, message)

    @app.exception_handler(sqlite3.OperationalError)
    async def ledger_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        status, message = ((503, "the query took too long and was stopped; narrow it (rarer words, a date range)")
                           if "interrupted" in str(exc) else (500, "the ledger could not answer this request"))
        log.error("SQLite error on %s: %s", request.url.path, exc)
        if wants_json(request):
            return json_response(error_body(status, message), status_code=status)
        return _page(request, status, message)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        message = "internal error; the server log has the details"
        if wants_json(request):
            return json_response(error_body(500, message), status_code=500)
        return HTMLResponse(f"<!doctype html><title>500</title><h1>500</h1><p>{message}</p>", status_code=500)
