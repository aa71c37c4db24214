"""Free text to FTS5, human date labels, evidence sentences, safe CSV cells, and the stemming migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.ledger.csvsafe import safe_cell
from newsledger.ledger.datelabel import date_label, plural
from newsledger.ledger.filters import Filters
from newsledger.ledger.ftsquery import fts_query
from newsledger.ledger.search import search
from newsledger.ledger.sentences import sentence_in
from tests.web.workbench import workbench_corpus


@pytest.mark.parametrize(("typed", "fts"), [
    ("grain corridor", '"grain" "corridor"'),
    ('"grain corridor" Odesa', '"grain corridor" "Odesa"'),
    ("strike OR attack", '("strike" OR "attack")'),
    ("port strike OR attack OR raid", '"port" ("strike" OR "attack" OR "raid")'),
    ("drills -missile", '"drills" NOT "missile"'),
    ("sanction*", '"sanction"*'),
    ("OR strike", '"strike"'),
    ("-only -negatives", ""),
    ('NEAR(a b) AND "x', '"NEAR" "a" "b" "AND" "x"'),
    ("Kim Jong-un", '"Kim" "Jong-un"'),
    ("", ""),
    ("*** ... ---", ""),
])
def test_fts_query(typed: str, fts: str) -> None:
    assert fts_query(typed) == fts


@pytest.mark.parametrize(("value", "label"), [
    ("2017-04-09", "9 April 2017"),
    ("2017-04-09TMO", "9 April 2017, morning"),
    ("2017-04-09T14:30", "9 April 2017, 14:30"),
    ("2017-04", "April 2017"),
    ("2017-W14", "week 14 of 2017"),
    ("2017-W14-WE", "weekend of week 14 of 2017"),
    ("2017-Q2", "Q2 2017"),
    ("2017-SU", "summer 2017"),
    ("2017-H1", "first half of 2017"),
    ("2017", "2017"),
    ("201", "the 2010s"),
    ("201X", "the 2010s"),
    ("19", "the 1900s"),
    ("PRESENT_REF", "now"),
    ("2017-02-30", "date unknown"),
    ("2017-13", "date unknown"),
    ("P3D", "date unknown"),
    (None, "undated"),
])
def test_date_label(value: str | None, label: str) -> None:
    assert date_label(value) == label


@pytest.mark.parametrize(("n", "text"), [(1, "1 report"), (11, "11 reports"), (0, "0 reports"), (1200, "1,200 reports")])
def test_plural(n: int, text: str) -> None:
    assert plural(n, "report") == text


@pytest.mark.parametrize(("text", "needle", "sentence"), [
    ("First one. The ship sank near the cape. Later more.", "sank", "The ship sank near the cape."),
    ("He said: \"They fired twice.\" Then silence.", "fired", "He said: \"They fired twice.\""),
    ("Title line\n\nThe dam broke on Monday", "broke", "The dam broke on Monday"),
    ("no end at all here and the flood rose", "flood", "no end at all here and the flood rose"),
])
def test_sentence_around_a_span(text: str, needle: str, sentence: str) -> None:
    start = text.index(needle)
    s = sentence_in(text, start, start + len(needle), offset=100)
    assert s.text == sentence
    assert s.text[start + 100 - s.start:][: len(needle)] == needle  # offsets inside the sentence still hold


@pytest.mark.parametrize(("value", "cell"), [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+33 1 23", "'+33 1 23"), ("-drop", "'-drop"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain text", "plain text"), ("a=b", "a=b"), (-3, -3), (2.5, 2.5),
    (None, None), (True, "true"),
])
def test_csv_cells_that_could_start_a_formula_are_quoted(value: object, cell: object) -> None:
    assert safe_cell(value) == cell


def _downgrade(path: Path) -> None:
    """Turn a ledger back into what schema 5 had: unstemmed FTS tables and no event or entity index."""
    conn = sqlite3.connect(path)
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    conn.executescript(
        "".join(f"DROP TRIGGER {t};" for t in triggers)
        + "DROP TABLE documents_fts; DROP TABLE events_fts; DROP TABLE entities_fts; DROP TABLE clusters_fts;"
        " DROP TABLE search_docs;"
        " CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2');"
        " INSERT INTO documents_fts (doc_id, title, text) SELECT id, coalesce(title, ''), text FROM documents;"
        " DELETE FROM schema_migrations WHERE number = 7;")
    conn.close()


def test_migration_rebuilds_the_search_tables_with_stemming(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Ledger(path) as ledger:
        ledger.store_many(workbench_corpus(10))
    _downgrade(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'text: sanction'").fetchone()[0] == 2  # only the exact word
    conn.close()
    with Ledger(path) as ledger:  # opening applies migration 007 again
        ledger.conn.row_factory = sqlite3.Row
        found = search(ledger.conn, Filters(q="sanction"))
        assert found["documents"]["total"] == 6 and found["events"]["total"] == 6
        ledger.delete("wb-00")
        assert search(ledger.conn, Filters(q="sanction"))["events"]["total"] == 5  # triggers keep the index in step
