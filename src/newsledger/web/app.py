"""The FastAPI application: read-only ledger connections, the security guard and error pages, local static files, /docs."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsledger.errors import LedgerError
from newsledger.ledger.access import require_ledger
from newsledger.ledger.facets import FacetIndex
from newsledger.ledger.searchindex import SearchIndex
from newsledger.web import errors
from newsledger.web.cache import DEFAULT_CACHE_MB, Generation, PerGeneration, ResponseCache
from newsledger.web.errors import SafeJSONResponse
from newsledger.web.lane import Lane, LaneRouter
from newsledger.web.security import QUERY_TIMEOUT_MS, SECURITY_HEADERS, Guard, host_allow_list
from newsledger.web.security import ReadOnlyDB as _TimedDB

__all__ = ["SECURITY_HEADERS", "LedgerApp", "ReadOnlyDB", "SafeJSONResponse", "app_from_env", "create_app", "get_conn", "warm"]


class ReadOnlyDB(_TimedDB):
    """One read-only SQLite connection per server thread (SQLite connections are not shared); each request's
    SQLite work stops after ``timeout_ms`` (web/security.py)."""

    def __init__(self, path: Path, timeout_ms: int = QUERY_TIMEOUT_MS) -> None:
        require_ledger(path)
        upgrade(path)
        super().__init__(path.resolve().as_uri() + "?mode=ro", timeout_ms)


class LedgerApp(FastAPI):
    """FastAPI whose middleware stack sits inside the Guard (so even Starlette's own 500 page gets the headers),
    behind the cache of repeated answers (web/cache.py) and, when there is one, the costly lane (web/lane.py)."""

    def build_middleware_stack(self) -> Any:
        stack = super().build_middleware_stack()
        if self.state.lane is not None:
            stack = LaneRouter(stack, self.state.lane)
        cached = ResponseCache(stack, self.state.generation, self.state.cache_bytes)
        self.state.cache = cached
        return Guard(cached, self.state.allowed_hosts)


def upgrade(path: Path) -> None:
    """Apply the migrations a ledger lacks (e.g. the stemming search tables) before serving it read-only."""
    from newsledger.ledger.store import Ledger, _migrations

    latest = max(n for n, _, _ in _migrations())
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
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


def create_app(db_path: Path, allow_writes: bool = False, allowed_hosts: Iterable[str] | None = None,
               bind: str | None = None, query_timeout_ms: int = QUERY_TIMEOUT_MS, cache_mb: int = DEFAULT_CACHE_MB,
               costly_lane: bool = False) -> FastAPI:
    """Build the app over one ledger; write endpoints exist only when ``allow_writes`` is set.

    The app answers only to the Host names of ``web.security.host_allow_list`` (localhost names, ``bind``,
    ``allowed_hosts``; ``"*"`` among them turns the check off). Repeated GETs are answered from a cache of
    ``cache_mb`` megabytes until the ledger changes (0 turns it off). With ``costly_lane`` (as `serve` runs
    it), searches with many words run in a separate lower-priority process (web/lane.py)."""
    from newsledger.web import api, geo, views

    app = LedgerApp(
        title="newsledger",
        description="What happened, who says so, and where each piece of evidence sits in the source.",
        version="1",
        docs_url=None,  # FastAPI's /docs loads Swagger UI from a CDN; ours is rendered locally (views.py)
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.state.db = ReadOnlyDB(db_path, query_timeout_ms)
    app.state.generation = Generation(app.state.db.uri)
    app.state.cache_bytes = max(0, cache_mb) << 20
    # Search facets (ledger/facets.py) and filters (ledger/searchindex.py), read on their own connection.
    app.state.facet_index = PerGeneration(app.state.generation, FacetIndex.load, app.state.db.uri)
    app.state.search_index = PerGeneration(app.state.generation, SearchIndex.load, app.state.db.uri)
    extra = list(allowed_hosts or ())
    app.state.allowed_hosts = None if "*" in extra else host_allow_list(bind, extra)
    app.state.db_path = db_path
    app.state.lane = Lane(lane_app, db_path, query_timeout_ms) if costly_lane else None
    app.state.allow_writes = allow_writes
    app.state.write_lock = threading.Lock()
    app.state.templates = templates()

    errors.install(app)
    app.include_router(api.router, prefix="/api")
    app.include_router(geo.api, prefix="/api")
    if allow_writes:
        app.include_router(api.write_router, prefix="/api")
    app.include_router(views.router)
    app.include_router(geo.pages)
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    return app


def lane_app(db_path: Path, query_timeout_ms: int) -> FastAPI:
    """The app the costly lane's process serves (web/lane.py): the same routes, no cache, no Host check (the
    server checked it)."""
    return create_app(db_path, allowed_hosts=["*"], query_timeout_ms=query_timeout_ms, cache_mb=0)


def get_conn(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: this thread's read-only connection."""
    db: Any = request.app.state.db
    yield db.conn()


def app_from_env() -> FastAPI:
    """Factory for multi-worker serving (`serve --workers N`): the ledger path comes from the environment."""
    import os

    from newsledger.distributed.lifeline import tie_to_parent

    # A worker never outlives `serve`, even one killed with SIGKILL (uvicorn's workers would go on serving);
    # the watchdog only: the death signal follows the parent's thread that started the worker.
    tie_to_parent(deathsig=False)

    hosts = [h for h in os.environ.get("NEWSLEDGER_SERVE_HOSTS", "").split(",") if h]
    timeout = int(os.environ.get("NEWSLEDGER_SERVE_TIMEOUT_MS") or QUERY_TIMEOUT_MS)
    cache_mb = int(os.environ.get("NEWSLEDGER_SERVE_CACHE_MB") or DEFAULT_CACHE_MB)
    app = create_app(Path(os.environ["NEWSLEDGER_SERVE_DB"]), bool(os.environ.get("NEWSLEDGER_SERVE_WRITES")), hosts,
                     os.environ.get("NEWSLEDGER_SERVE_BIND") or None, timeout, cache_mb,
                     os.environ.get("NEWSLEDGER_SERVE_LANE", "1") == "1")
    app.router.on_startup.append(lambda: warm(app))
    lane = app.state.lane
    if lane is not None:  # each worker has its own lane, ready before the worker takes requests, gone with it
        app.router.on_startup.append(lane.start)
        app.router.on_shutdown.append(lane.close)
    return app


def warm(app: FastAPI) -> None:
    """Read the search's facet and filter indexes now, so that the first search does not wait for them (if it
    fails, the first search reads them)."""
    conn = app.state.db.conn()
    try:
        app.state.facet_index.get(conn)
        app.state.search_index.get(conn)
    except sqlite3.Error as exc:
        logging.getLogger(__name__).warning("search indexes not read before serving: %s", exc)
