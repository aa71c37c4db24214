"""Filtered search with the in-memory index (ledger/searchindex.py) gives the SQL filters' answer, page by page."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsledger.document import Analysis, Document
from newsledger.ledger import Ledger
from newsledger.ledger.facets import FacetIndex
from newsledger.ledger.filters import Filters
from newsledger.ledger.search import search
from newsledger.ledger.searchindex import SearchIndex, date_passes
from tests.ledger.corpus import linked_ledger
from tests.web.workbench import OUTLETS, PATTERNS, START, workbench_corpus

N = 30


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return linked_ledger(tmp_path_factory.mktemp("searchindex") / "ledger.sqlite", workbench_corpus(N))


def _conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


@pytest.mark.parametrize(("value", "date_from", "date_to", "passes"), [
    ("2017-03-04", "2017", None, True),
    ("2017-03-04", "2017-03-05", None, False),
    ("2017-03", "2017-03-05", "2017-03-05", True),  # a month overlaps each of its days
    ("2016-12-31", "2017", None, False),
    ("2017-03-04", None, "2017-02", False),
    ("2017", "2017-06", "2017-06", True),
    (None, "2017", None, False),  # no date never passes a date filter
    ("", "2017", None, True),  # as SQL's substr: an empty date compares at zero characters
])
def test_date_passes_as_the_sql_date_range(value: str | None, date_from: str | None, date_to: str | None, passes: bool) -> None:
    assert date_passes(value, Filters(date_from=date_from, date_to=date_to)) is passes
    conn = sqlite3.connect(":memory:")
    n = "min(length(?), length(?))"
    sql = [f"substr(?, 1, {n}) {op} substr(?, 1, {n})" for b, op in ((date_from, ">="), (date_to, "<=")) if b]
    args = [x for b in (date_from, date_to) if b for x in (value, value, b, b, value, b)]
    assert bool(conn.execute(f"SELECT coalesce(({' AND '.join(sql)}), 0)", args).fetchone()[0]) is passes


# (query, filters): every filter the index applies, alone and together, plus ones nothing passes.
FILTERED = [
    ("harbour", {"outlet": OUTLETS[1]}),
    ("harbour", {"outlet": "No Such Outlet"}),
    ("harbour", {"type": "SANCTION"}),
    ("harbour", {"type": "PROTEST", "outlet": OUTLETS[0]}),
    ("Delmar", {"type": "SANCTION", "modality": "hypothetical"}),
    ("Delmar", {"precision": "day", "date_from": "2017-02"}),
    ("port open", {"date_from": "2016-12", "date_to": "2017-01-15"}),
    ("sanctions", {"date_to": "2016"}),
    ("harbour -lease", {"outlet": OUTLETS[2], "date_from": "2017"}),
    ("talks OR lease", {"type": "CONSULT", "date_from": "2017-03", "date_to": "2017-03"}),
    ("harbour", {"type": "NOTATYPE"}),
    ("Eld", {"modality": "reported"}),
    ("port open", {"outlet": OUTLETS[0], "type": "SANCTION"}),
    ("Varna", {}),  # no filter: the cluster list still comes from the index
]


def _both(conn: sqlite3.Connection, f: Filters) -> tuple[dict[str, Any], dict[str, Any]]:
    index = FacetIndex.load(conn)
    return search(conn, f, index=index, records=SearchIndex.load(conn)), search(conn, f, index=index)


@pytest.mark.parametrize(("q", "filters"), FILTERED)
def test_filtered_search_gives_the_sql_answer(path: Path, q: str, filters: dict[str, Any]) -> None:
    conn = _conn(path)
    fast, plain = _both(conn, Filters(q=q, limit=100, **filters))
    assert fast == plain
    # the SQL answer, counted by hand: the events that match the text and pass every filter
    sql = ["(e.doc_id, e.id) IN (SELECT doc_id, event_id FROM events_fts WHERE events_fts MATCH ?)"]
    from newsledger.ledger.ftsquery import fts_query

    args: list[Any] = [fts_query(q)]
    for name, column in (("outlet", "d.outlet"), ("type", "e.type"), ("modality", "e.modality"), ("precision", "e.when_precision")):
        if name in filters:
            sql.append(f"{column} = ?")
            args.append(filters[name])
    ids = {(r[0], r[1], r[2]) for r in conn.execute(f"SELECT e.doc_id, e.id, coalesce(e.when_value, d.published) FROM events e"
                                                     f" JOIN search_docs d ON d.id = e.doc_id WHERE {' AND '.join(sql)}", args)}
    ids = {(d, e) for d, e, when in ids if not ({"date_from", "date_to"} & set(filters))
           or date_passes(when, Filters(date_from=filters.get("date_from"), date_to=filters.get("date_to")))}
    assert {(e["doc_id"], e["event_id"]) for e in fast["events"]["items"]} == ids
    assert fast["events"]["total"] == len(ids)


@pytest.mark.parametrize("way", ["few pass", "best rows", "best rows read twice"])
@pytest.mark.parametrize(("q", "filters"), [FILTERED[0], FILTERED[2], FILTERED[6], FILTERED[4]])
def test_every_page_of_a_filtered_search_is_the_sql_page(path: Path, q: str, filters: dict[str, Any], way: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.ledger import searchindex

    monkeypatch.setattr(searchindex, "FEW_PASS", 1 if way == "few pass" else 10**6)  # how ranked_page reads the ranks
    if way == "best rows read twice":  # too few rows read at first: all of them are read again
        monkeypatch.setattr(searchindex, "PAGE_MARGIN", 0)
        monkeypatch.setattr(searchindex, "MIN_READ", 1)
    conn = _conn(path)
    records, index = SearchIndex.load(conn), FacetIndex.load(conn)
    whole = search(conn, Filters(q=q, limit=100, **filters), index=index)
    for offset in range(0, whole["documents"]["total"] + 4, 4):
        f = Filters(q=q, limit=4, offset=offset, **filters)
        got = search(conn, f, index=index, records=records)
        for kind in ("documents", "quotes", "events", "clusters"):
            assert got[kind]["items"] == whole[kind]["items"][offset:offset + 4]
            assert got[kind]["total"] == whole[kind]["total"]
    empty = search(conn, Filters(q=q, limit=0, **filters), index=index, records=records)
    assert [empty[k]["items"] for k in ("documents", "quotes", "events")] == [[], [], []]
    assert empty["documents"]["total"] == whole["documents"]["total"]


@pytest.mark.parametrize(("q", "filters"), [("Delmar", {}), ("Delmar", {"type": "SANCTION"}), ("Delmar", {"date_from": "2017-02"}),
                                          ("Delmar", {"type": "PROTEST", "date_to": "2016-12"}), ("Delmar", {"outlet": OUTLETS[0]}),
                                          ("Delmar", {"outlet": OUTLETS[1], "type": "SANCTION"}), ("Delmar", {"outlet": "No Such Outlet"})])
def test_the_cluster_list_is_the_sql_list(path: Path, q: str, filters: dict[str, Any]) -> None:
    conn = _conn(path)
    records = SearchIndex.load(conn)
    f = Filters(q=q, limit=100, **filters)
    from newsledger.ledger.filters import cluster_where

    w = cluster_where(f)
    expected = [r[0] for r in conn.execute(f"SELECT c.id FROM clusters c WHERE {w.sql} ORDER BY c.corroboration DESC,"
                                           " c.n_events DESC, c.id", w.values)]
    got = search(conn, f, records=records)["clusters"]
    assert [c["id"] for c in got["items"]] == expected and got["total"] == len(expected)
    assert expected or "type" in filters or "No Such" in str(filters)  # not empty unless a type or outlet no cluster has


def test_entity_filters_are_left_to_sql(path: Path) -> None:
    conn = _conn(path)
    entity = conn.execute("SELECT id FROM canonical_entities WHERE name = 'Mara Eld'").fetchone()[0]
    assert not SearchIndex.handles(Filters(entity=entity)) and SearchIndex.handles(Filters(type="PROTEST", outlet="x"))
    fast, plain = _both(conn, Filters(q="port", entity=entity, type="PROTEST"))
    assert fast == plain and fast["quotes"]["total"] == len([i for i in range(N) if i % len(PATTERNS) == 2])


def test_an_index_older_than_the_ledger_is_not_trusted(path: Path, tmp_path: Path) -> None:
    own = tmp_path / "ledger.sqlite"
    own.write_bytes(path.read_bytes())
    conn = _conn(own)
    old = SearchIndex.load(conn)
    with Ledger(own) as ledger:
        ledger.store(Analysis(Document("wb-late", "A late harbour report from the pilots.", START, "Pilot News", None, "Late")))
    out = search(conn, Filters(q="pilots", outlet="Pilot News"), records=old)
    assert out["documents"]["total"] == 1 and out["documents"]["items"][0]["doc_id"] == "wb-late"


@pytest.mark.parametrize(("config", "expected"), [
    ("bm25(4.0, 1.0)", "bm25(t, 4.0, 1.0)"),
    ("bm25( 0.0 ,2 )", "bm25(t, 0.0 ,2)"),
    ("bm25()", "bm25(t)"),
    (None, "bm25(t)"),  # no configuration: FTS5's default rank
    ("bm25(1.0)) OR (1", "rank"),  # anything but numeric weights is never written into SQL
    ("other(2.0)", "rank"),
])
def test_rank_order_is_the_configured_bm25(config: str | None, expected: str) -> None:
    from newsledger.ledger.searchindex import rank_order

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
    if config is not None:
        conn.execute("INSERT OR REPLACE INTO t_config (k, v) VALUES ('rank', ?)", [config])
    assert rank_order(conn, "t") == expected


@pytest.mark.parametrize("table", ["documents_fts", "events_fts", "quotes_fts"])
def test_explicit_bm25_orders_as_rank_ties_included(path: Path, table: str) -> None:
    from newsledger.ledger.searchindex import rank_order

    conn = _conn(path)
    for q in ('"harbour"', '"Delmar"', '"port" OR "sanctions"', '"Eld"'):
        by_rank = conn.execute(f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank", [q]).fetchall()
        explicit = conn.execute(f"SELECT rowid, {rank_order(conn, table)} FROM {table} WHERE {table} MATCH ? ORDER BY 2", [q]).fetchall()
        assert [tuple(r) for r in explicit] == [tuple(r) for r in by_rank]
    assert rank_order(conn, table).startswith(f"bm25({table}, ")
