"""The FastAPI application: read-only ledger connections, security headers, local static files, /docs."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsledger.errors import LedgerError

# Every response forbids inline/remote scripts and styles, framing and MIME sniffing: even if some text
# slipped through unescaped, a browser would not run it.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & written as \\u escapes: article text stays inert even if a client pastes it into HTML."""

    def render(self, content: Any) -> bytes:
        body = super().render(content)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


# Bytes of the ledger file each connection maps into memory (address space, not resident memory).
MMAP_BYTES = 1 << 30


class ReadOnlyDB:
    """One read-only SQLite connection per server thread (SQLite connections are not shared)."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise LedgerError(f"no ledger at {path}; build one with `newsledger analyze ... --db {path}`")
        self.uri = path.resolve().as_uri() + "?mode=ro"
        self.local = threading.local()
        upgrade(path, self.uri)

    def conn(self) -> sqlite3.Connection:
        c = getattr(self.local, "conn", None)
        if c is None:
            c = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA query_only = ON")
            # Every server thread has its own connection and page cache; reading the file through a memory map
            # shares the operating system's cache between them (no read() per page, no cold caches per thread).
            c.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self.local.conn = c
        return c


def upgrade(path: Path, uri: str) -> None:
    """Apply the migrations a ledger lacks (e.g. the stemming search tables) before serving it read-only."""
    from newsledger.ledger.store import Ledger, _migrations

    latest = max(n for n, _, _ in _migrations())
    conn = sqlite3.connect(uri, uri=True)
    try:
        have = conn.execute("SELECT max(number) FROM schema_migrations").fetchone()[0]
    except sqlite3.Error:
        have = None
    finally:
        conn.close()
    if have is None or int(have) < latest:
        try:
            Ledger(path).close()
        except (LedgerError, sqlite3.Error) as exc:
            raise LedgerError(f"ledger {path} needs an upgrade that could not be applied ({exc}); open it once with"
                              " `newsledger link --db ...` where it is writable") from exc


def _package_dir(name: str) -> str:
    return str(resources.files("newsledger").joinpath(f"web/{name}"))


def templates() -> Jinja2Templates:
    """Jinja2 templates with autoescaping on for every template (.html and anything else)."""
    from newsledger.ledger.datelabel import date_label, plural

    t = Jinja2Templates(directory=_package_dir("templates"))
    t.env.autoescape = True
    t.env.filters["plural"] = plural
    t.env.filters["datelabel"] = date_label
    return t


def create_app(db_path: Path, allow_writes: bool = False) -> FastAPI:
    """Build the app over one ledger; write endpoints exist only when ``allow_writes`` is set."""
    from newsledger.web import api, errors, geo, views

    app = FastAPI(
        title="newsledger",
        description="What happened, who says so, and where each piece of evidence sits in the source.",
        version="1",
        docs_url=None,  # FastAPI's /docs loads Swagger UI from a CDN; ours is rendered locally (views.py)
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.state.db = ReadOnlyDB(db_path)
    app.state.db_path = db_path
    app.state.allow_writes = allow_writes
    app.state.write_lock = threading.Lock()
    app.state.templates = templates()

    errors.install(app, SafeJSONResponse)
    app.include_router(api.router, prefix="/api")
    app.include_router(geo.api, prefix="/api")
    if allow_writes:
        app.include_router(api.write_router, prefix="/api")
    app.include_router(views.router)
    app.include_router(geo.pages)
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """Pure ASGI middleware adding SECURITY_HEADERS to every HTTP response (cheaper than BaseHTTPMiddleware)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.headers if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def get_conn(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: this thread's read-only connection."""
    db: Any = request.app.state.db
    yield db.conn()


def app_from_env() -> FastAPI:
    """Factory for multi-worker serving (`serve --workers N`): the ledger path comes from the environment."""
    import os

    return create_app(Path(os.environ["NEWSLEDGER_SERVE_DB"]), bool(os.environ.get("NEWSLEDGER_SERVE_WRITES")))
