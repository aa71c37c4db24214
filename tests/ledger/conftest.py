"""Fixtures of the ledger tests: a ledger built from the hand-written corpus and linked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from tests.ledger.corpus import corpus


@pytest.fixture()
def linked(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        ledger.store_many(corpus())
        update(ledger.conn)
        yield ledger
