"""Fixtures of the web tests: a linked ledger file from the hand-written corpus and a test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsledger.geo.resolve import geocode_analysis
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.web.app import create_app
from tests.ledger.corpus import corpus

HOSTILE_PLACE = '<img src=x onerror=alert(5)>Valencia'



@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "ledger.sqlite"
    docs = corpus()
    for a in docs:
        geocode_analysis(a)  # what the geo stage does in the pipeline
    hostile = next(a for a in docs if a.document.id == "hostile-1")
    where = hostile.events[0].where
    assert where is not None and where.geo is not None
    where.geo.name = HOSTILE_PLACE  # a poisoned gazetteer name must stay text on the map
    with Ledger(path) as ledger:
        ledger.store_many(docs)
        update(ledger.conn)
    return path


@pytest.fixture(scope="module")
def client(ledger_path: Path) -> TestClient:
    return TestClient(create_app(ledger_path), base_url="http://localhost")
