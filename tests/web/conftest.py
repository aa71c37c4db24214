"""Fixtures of the web tests: a linked ledger file from the hand-written corpus and a test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.web.app import create_app
from tests.ledger.corpus import corpus


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "ledger.sqlite"
    with Ledger(path) as ledger:
        ledger.store_many(corpus())
        update(ledger.conn)
    return path


@pytest.fixture(scope="module")
def client(ledger_path: Path) -> TestClient:
    return TestClient(create_app(ledger_path))


@pytest.fixture(scope="module")
def wb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linked ledger of the 30 harbour reports (tests/web/workbench.py)."""
    from tests.web.workbench import workbench_corpus

    path = tmp_path_factory.mktemp("workbench") / "ledger.sqlite"
    with Ledger(path) as ledger:
        ledger.store_many(workbench_corpus())
        update(ledger.conn)
    return path


@pytest.fixture(scope="module")
def wb(wb_path: Path) -> TestClient:
    return TestClient(create_app(wb_path))
