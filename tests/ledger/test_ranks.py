"""Ranked matches kept per search text (ledger/ranks.py): the same order, pages and totals as FTS5 itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsledger.ledger.filters import Filters
from newsledger.ledger.ftsquery import fts_query
from newsledger.ledger.ranks import RankCache, rank_all
from newsledger.ledger.search import search
from tests.ledger.corpus import linked_ledger
from tests.web.workbench import OUTLETS, workbench_corpus


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = linked_ledger(tmp_path_factory.mktemp("ranks") / "ledger.sqlite", workbench_corpus(30))
    c = sqlite3.connect(path, check_same_thread=False)
    c.row_factory = sqlite3.Row
    return c


@pytest.mark.parametrize(("table", "words", "where"), [
    ("documents_fts", "harbour", ""),
    ("documents_fts", "sanctions OR protested", ""),
    ("documents_fts", "harbour -lease", ""),
    ("quotes_fts", "port open", ""),
    ("events_fts", "Delmar", ""),
    ("events_fts", "Delmar", " AND type = 'SANCTION'"),
])
def test_the_ranked_list_is_fts5_order_with_ties_by_rowid(conn: sqlite3.Connection, table: str, words: str, where: str) -> None:
    match = fts_query(words)
    expected = conn.execute(f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ?{where} ORDER BY rank, rowid", [match]).fetchall()
    got = rank_all(conn, table, match, "SANCTION" if where else None)
    assert len(expected) > 0 and len(got) == len(expected)
    assert got.keys.tolist() == [r[0] for r in expected]
    assert got.ranks.tolist() == pytest.approx([r[1] for r in expected])
    assert got.page(3, 2) == list(zip(got.keys[2:5].tolist(), got.ranks[2:5].tolist(), strict=True))


def test_a_match_with_nothing_is_an_empty_list(conn: sqlite3.Connection) -> None:
    got = rank_all(conn, "documents_fts", fts_query("zeppelin"))
    assert len(got) == 0 and got.page(10, 0) == []


@pytest.mark.parametrize(("table", "type_"), [("nosuch_fts", None), ("documents_fts", "SANCTION")])
def test_only_the_search_tables_and_their_own_columns(conn: sqlite3.Connection, table: str, type_: str | None) -> None:
    with pytest.raises(ValueError):
        rank_all(conn, table, fts_query("harbour"), type_)


def test_the_cache_keeps_answers_within_its_bounds(conn: sqlite3.Connection) -> None:
    cache = RankCache(max_entries=2)
    first = cache.get(conn, "documents_fts", fts_query("harbour"))
    assert cache.get(conn, "documents_fts", fts_query("harbour")) is first  # kept
    cache.get(conn, "quotes_fts", fts_query("port"))
    cache.get(conn, "events_fts", fts_query("Delmar"))
    assert len(cache.entries) == 2 and ("documents_fts", fts_query("harbour"), None, None) not in cache.entries
    small = RankCache(max_rows=len(first) - 1)
    small.get(conn, "documents_fts", fts_query("harbour"))
    assert small.entries == {} and small.rows == 0  # larger than the whole budget: answered, not kept


FILTERS = [
    Filters(q="harbour", limit=7),
    Filters(q="harbour", limit=7, offset=14),
    Filters(q="harbour", outlet=OUTLETS[1], limit=3),
    Filters(q="harbour", type="SANCTION", limit=4, offset=2),
    Filters(q="harbour -lease", date_from="2016-12", limit=5),
    Filters(q="port open", limit=2, offset=1),
    Filters(q="Delmar", type="SANCTION", modality="asserted", limit=3),
]


def test_a_shared_cache_gives_the_answers_of_a_fresh_search(conn: sqlite3.Connection) -> None:
    shared = RankCache()
    for _ in range(2):  # the second round is answered from the kept lists
        for f in FILTERS:
            assert search(conn, f, ranks=shared) == search(conn, f), f


def test_pages_walk_every_match_once(conn: sqlite3.Connection) -> None:
    shared, seen = RankCache(), []
    for offset in range(0, 30, 4):
        seen += [h["doc_id"] for h in search(conn, Filters(q="harbour", limit=4, offset=offset), ("documents",), ranks=shared)["documents"]["items"]]
    assert sorted(seen) == sorted(a.document.id for a in workbench_corpus(30))
