"""Search facets counted with numpy over the matching keys (ledger/facets.py) against counts made by hand."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document
from newsledger.ledger import Ledger
from newsledger.ledger.facets import FacetIndex
from newsledger.ledger.filters import Filters
from newsledger.ledger.search import search
from tests.ledger.corpus import linked_ledger
from tests.web.workbench import OUTLETS, PATTERNS, START, workbench_corpus

N = 30


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_ledger(tmp_path_factory.mktemp("facets") / "ledger.sqlite", workbench_corpus(N))


def _conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


# (query, filters, the pattern numbers (i % 5) of the reports it finds); every report mentions the harbour.
CASES = [
    ("harbour", {}, {0, 1, 2, 3, 4}),
    ("sanctions", {}, {0, 1, 3}),  # sanctions, sanctioned, sanction: one stem
    ("protested", {"outlet": OUTLETS[1]}, {2}),
    ("harbour", {"type": "SANCTION"}, {0, 1, 3}),
    ("harbour", {"date_from": "2017", "date_to": "2017"}, {0, 1, 2, 3, 4}),
    ("harbour -lease", {"outlet": OUTLETS[0], "date_from": "2016-12"}, {0, 1, 2, 3}),
]


def _expected(conn: sqlite3.Connection, patterns: set[int], filters: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    docs = [a for i, a in enumerate(workbench_corpus(N)) if i % len(PATTERNS) in patterns]
    docs = [a for a in docs if a.document.outlet == filters.get("outlet", a.document.outlet)]
    docs = [a for a in docs if filters.get("type") in (None, *(e.type for e in a.events))]
    published = {a.document.id: str(a.document.published) for a in docs}
    docs = [a for a in docs if published[a.document.id][:len(filters.get("date_from", ""))] >= filters.get("date_from", "")
            and published[a.document.id][:len(filters.get("date_to", ""))] <= filters.get("date_to", "")]
    years = Counter(published[a.document.id][:4] for a in docs)
    dates = years if len(years) != 1 else Counter(published[a.document.id][:7] for a in docs)
    canonical = {r[0]: r[1] for r in conn.execute("SELECT doc_id || '/' || entity_id, c.name FROM entity_links l"
                                                   " JOIN canonical_entities c ON c.id = l.canonical_id")}
    entities = Counter(n for a in docs for n in {canonical[f"{a.document.id}/{e.id}"] for e in a.entities})
    return {
        "outlet": sorted(Counter(a.document.outlet for a in docs).items(), key=lambda kv: (-kv[1], kv[0])),
        "date": sorted(dates.items()),
        "type": sorted(Counter(t for a in docs for t in {e.type for e in a.events}).items(), key=lambda kv: (-kv[1], kv[0])),
        "entity": sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])),
    }


@pytest.mark.parametrize(("q", "filters", "patterns"), CASES)
def test_facets_count_the_matching_documents(path: Path, q: str, filters: dict[str, str], patterns: set[int]) -> None:
    conn = _conn(path)
    out = search(conn, Filters(q=q, **filters), index=FacetIndex.load(conn))  # type: ignore[arg-type]
    got = {name: [(v["label"], v["count"]) for v in values] for name, values in out["facets"].items()}
    expected = _expected(conn, patterns, filters)
    assert got == expected
    assert out["documents"]["total"] == sum(n for _, n in expected["outlet"]) > 0
    assert sum(v["selected"] for v in out["facets"]["outlet"]) == ("outlet" in filters)


def test_an_index_older_than_the_ledger_is_read_again(path: Path, tmp_path: Path) -> None:
    own = tmp_path / "ledger.sqlite"
    own.write_bytes(path.read_bytes())
    conn = _conn(own)
    old = FacetIndex.load(conn)
    with Ledger(own) as ledger:
        ledger.store(Analysis(Document("wb-new", "A late harbour report from the pilots.", START, "Pilot News", None, "Late")))
    out = search(conn, Filters(q="pilots"), index=old)
    assert out["facets"]["outlet"] == [{"value": "Pilot News", "label": "Pilot News", "count": 1, "selected": False}]
    assert out["facets"]["date"] == [{"value": str(date(2016, 11, 20))[:7], "label": "2016-11", "count": 1, "selected": False}]


def test_type_filter_on_the_event_index_matches_the_events_table(path: Path) -> None:
    conn = _conn(path)
    for etype in ("SANCTION", "PROTEST", "CONSULT"):
        out = search(conn, Filters(q="Delmar", type=etype, limit=100))  # every event names its target
        expected = conn.execute("SELECT count(*) FROM events WHERE type = ?", [etype]).fetchone()[0]
        assert out["events"]["total"] == len(out["events"]["items"]) == expected > 0
        assert {e["type"] for e in out["events"]["items"]} == {etype}
    out = search(conn, Filters(q="Delmar", type="SANCTION", modality="hypothetical"))
    assert [e["modality"] for e in out["events"]["items"]] == ["hypothetical"] * out["events"]["total"]
    assert out["events"]["total"] == len([i for i in range(N) if i % len(PATTERNS) == 3])
