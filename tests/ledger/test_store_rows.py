"""Batched storing: one transaction and one statement per table give the same ledger as storing one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Framing, Mention, Quote, Speaker, TextSpan, Timex
from newsledger.ledger import Ledger
from newsledger.ledger.rows import INSERTS, analysis_rows

TABLES = ("documents", "removed", "entities", "mentions", "timexes", "quotes", "quote_modes", "events", "framing",
          "framing_summary", "failures")


def _analysis(doc_id: str, text: str, quoted: str | None = None, source: str | None = None) -> Analysis:
    meta = {"source": source} if source else {}
    a = Analysis(document=Document(id=doc_id, text=text, outlet="Harbour Courier", title=f"Story {doc_id}", meta=meta))
    name = text.split(" said")[0]
    a.entities = [Entity("E1", name, "PERSON", [Mention(0, len(name), name)])]
    a.timexes = [Timex(0, 1, text[0], "DATE", "2026-03-01")]
    a.framing = [Framing(0, 3, text[:3], "Loaded_Language", "outlet")]
    if quoted:
        s = text.index(quoted)
        a.quotes = [Quote("Q1", "direct", Speaker(name, "E1", 0, len(name)), None, TextSpan(s, s + len(quoted), quoted),
                          mode="belief")]
    return a


def _dump(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in insertion order, without time stamps (rowids of replaced rows may be reused)."""
    out: dict[str, list[tuple[object, ...]]] = {}
    for table in TABLES:
        rows = [dict(r) for r in ledger.conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid")]
        out[table] = [tuple(v for k, v in r.items() if k not in ("rowid", "analyzed_at", "at")) for r in rows]
    for table in ("documents_fts", "quotes_fts"):
        out[table] = [tuple(r) for r in ledger.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    return out


BATCH = [
    _analysis("a", 'Mira Holt said "the ferry runs again" on Monday.', "the ferry runs again", source="in.jsonl:1"),
    _analysis("b", "Jon Aske said nothing about the tolls.", source="in.jsonl:2"),
    _analysis("c", 'Ula Brand said "we will rebuild the pier" today.', "we will rebuild the pier", source="in.jsonl:3"),
]


@pytest.mark.parametrize("old", [[], [BATCH[1]], [_analysis("c", "Old Name said the old text.")]],
                         ids=["new ids", "one id stored before", "changed text stored before"])
def test_batch_equals_one_by_one(tmp_path: Path, old: list[Analysis]) -> None:
    with Ledger(tmp_path / "one.sqlite") as one, Ledger(tmp_path / "many.sqlite") as many:
        for ledger in (one, many):
            ledger.record_failure("in.jsonl:2", "earlier failure")
            for a in old:
                ledger.store(a)
        for a in BATCH:
            one.store(a)
        many.store_many(BATCH)
        assert _dump(one) == _dump(many)
        assert many.count("documents") == 3 and many.count("quote_modes") == 2
        assert many.failures() == []  # storing a document clears its source's failure
        assert {h.doc_id for h in many.search("rebuild pier")} == {"c"}
        assert many.search("old text") == []  # the replaced text left the full-text index


def test_repeated_id_in_one_batch_keeps_the_last(tmp_path: Path) -> None:
    first, last = _analysis("d", "Ana Ruiz said the bridge shuts."), _analysis("d", "Ana Ruiz said the bridge opens.")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many([first, BATCH[0], last])
        assert ledger.count("documents") == 2
        assert ledger.get("d")["text"] == last.document.text  # type: ignore[index]
        assert [h.doc_id for h in ledger.search("opens")] == ["d"] and ledger.search("shuts") == []


def test_rows_cover_every_insert_and_bind_hostile_text(tmp_path: Path) -> None:
    hostile = "Rob Tables said \"'); DROP TABLE documents; --\" twice."
    rows = analysis_rows(_analysis("x'; --", hostile, "'); DROP TABLE documents; --"))
    assert set(rows.rows) == set(INSERTS)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_rows([rows])
        assert ledger.get("x'; --")["text"] == hostile  # type: ignore[index]
        assert ledger.count("quotes") == 1
