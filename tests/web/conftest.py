"""Fixtures of the web tests: a linked ledger file from the hand-written corpus and a test client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsledger.document import Analysis
from newsledger.geo.resolve import geocode_analysis
from newsledger.web.app import create_app
from tests.ledger.corpus import corpus, linked_ledger
from tests.web.browser import ARGS, CHROMIUM, SCREENSHOTS

HOSTILE_PLACE = '<img src=x onerror=alert(5)>Valencia'


def geocoded_corpus() -> list[Analysis]:
    """The hand-written corpus geocoded as the geo stage would, with a poisoned gazetteer name on the hostile article."""
    docs = corpus()
    for a in docs:
        geocode_analysis(a)  # what the geo stage does in the pipeline
    hostile = next(a for a in docs if a.document.id == "hostile-1")
    where = hostile.events[0].where
    assert where is not None and where.geo is not None
    where.geo.name = HOSTILE_PLACE  # a poisoned gazetteer name must stay text on the map
    return docs


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_ledger(tmp_path_factory.mktemp("web") / "ledger.sqlite", geocoded_corpus())


@pytest.fixture(scope="module")
def client(ledger_path: Path) -> TestClient:
    return TestClient(create_app(ledger_path), base_url="http://localhost")


@pytest.fixture(scope="module")
def wb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linked ledger of the 30 harbour reports (tests/web/workbench.py)."""
    from tests.web.workbench import workbench_corpus

    return linked_ledger(tmp_path_factory.mktemp("workbench") / "ledger.sqlite", workbench_corpus())


@pytest.fixture(scope="module")
def wb(wb_path: Path) -> TestClient:
    return TestClient(create_app(wb_path), base_url="http://localhost")


@pytest.fixture(scope="module")
def browser_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five hand-written articles (geocoded) plus the 30 harbour reports, linked."""
    from tests.web.workbench import workbench_corpus

    return linked_ledger(tmp_path_factory.mktemp("browser") / "ledger.sqlite", geocoded_corpus() + workbench_corpus())


@pytest.fixture(scope="module")
def base_url(browser_ledger: Path) -> Iterator[str]:
    import uvicorn

    from newsledger.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(browser_ledger), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        external: list[str] = []
        pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
        pg.external = external  # type: ignore[attr-defined]
        yield pg
        browser.close()
