"""Framing summaries in the ledger: stored per document, pooled per outlet, backfilled by the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Framing, Quote, Speaker, TextSpan
from newsledger.ledger import Ledger
from newsledger.ledger.framing_stats import document_summary, outlet_summaries


def _analysis(doc_id: str, outlet: str | None, text: str, loaded: list[tuple[str, str, bool]],
              quoted: str | None = None) -> Analysis:
    """An analysis whose framing spans are the given (word, voice, contested) and one optional quote."""
    a = Analysis(Document(id=doc_id, text=text, outlet=outlet))
    for word, voice, contested in loaded:
        s = text.index(word)
        a.framing.append(Framing(s, s + len(word), word, "Loaded_Language", voice, contested=contested))
    if quoted:
        s = text.index(quoted)
        speaker = Speaker("Mayor Lind", None, None, None)
        a.quotes.append(Quote("q1", "direct", speaker, None, TextSpan(s, s + len(quoted), quoted)))
    return a


TEXT_A = "The heroic defenders held the bridge. Rain fell on Tuesday. \"We will never retreat,\" the mayor said."
TEXT_B = "Officials met on Monday. The liberation of the town was announced. Talks go on."


def _ledger(tmp_path: Path) -> Ledger:
    ledger = Ledger(tmp_path / "l.sqlite")
    ledger.store_many([
        _analysis("a", "Daily Trumpet", TEXT_A, [("heroic", "outlet", False), ("never retreat", "Mayor Lind", False)],
                  quoted="We will never retreat,"),
        _analysis("b", "Daily Trumpet", TEXT_B, [("liberation", "outlet", True)]),
        _analysis("c", None, "Nothing loaded here. Just facts.", []),
    ])
    return ledger


def test_document_summary_counts_narrator_sentences(tmp_path: Path) -> None:
    with _ledger(tmp_path) as ledger:
        s = document_summary(ledger.conn, "a")
        assert s is not None
        # three sentences; the quoted one is the mayor's, so two are the narrator's and one of them is loaded
        assert (s["sentences"], s["narrator_sentences"], s["loaded_narrator"]) == (3, 2, 1)
        assert (s["outlet_spans"], s["quoted_spans"]) == (1, 1)
        assert document_summary(ledger.conn, "missing") is None


def test_outlet_summaries_pool_documents(tmp_path: Path) -> None:
    with _ledger(tmp_path) as ledger:
        items = {o["outlet"]: o for o in outlet_summaries(ledger.conn)}
        trumpet = items["Daily Trumpet"]
        assert trumpet["documents"] == 2
        assert (trumpet["narrator_sentences"], trumpet["loaded_narrator"]) == (5, 2)
        assert trumpet["narrator_share"] == 0.4
        assert trumpet["by_technique"] == [{"name": "Loaded_Language", "n": 3}]
        assert trumpet["contested_terms"] == [{"name": "liberation", "n": 1}]
        assert items["unknown"]["narrator_share"] == 0.0
        assert [o["outlet"] for o in outlet_summaries(ledger.conn, "unknown")] == ["unknown"]


def test_reanalysis_and_delete_keep_one_row(tmp_path: Path) -> None:
    with _ledger(tmp_path) as ledger:
        ledger.store(_analysis("b", "Daily Trumpet", TEXT_B, []))
        assert document_summary(ledger.conn, "b")["spans"] == 0  # type: ignore[index]
        ledger.delete("b")
        assert ledger.conn.execute("SELECT count(*) FROM framing_summary").fetchone()[0] == 2


def test_migration_backfills_stored_summaries(tmp_path: Path) -> None:
    """A ledger made before migration 004 gets the summaries its stored analyses carry."""
    path = tmp_path / "old.sqlite"
    with _ledger(tmp_path) as ledger:
        ledger.conn.execute("UPDATE documents SET analysis = json_set(analysis, '$.extras.framing_summary', json(?))"
                            " WHERE id = 'a'", ('{"sentences": 9, "narrator_sentences": 8, "loaded_narrator": 4, "spans": 4,'
                                                 ' "outlet_spans": 4, "quoted_spans": 0, "contested": 0}',))
        ledger.conn.commit()
        ledger.conn.execute("VACUUM INTO ?", (str(path),))
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE framing_summary; DELETE FROM schema_migrations WHERE number = 4;")
    conn.close()
    with Ledger(path) as ledger:
        rows = ledger.conn.execute("SELECT doc_id, narrator_sentences FROM framing_summary").fetchall()
        assert [tuple(r) for r in rows] == [("a", 8)]  # only documents whose analysis has a summary


@pytest.mark.parametrize(("counts", "merged"), [
    ([("provocation", 3), ("provocations", 2)], [("provocation", 5)]),
    ([("Provocations", 4), ("provocation", 1), ("regime", 2)], [("Provocations", 5), ("regime", 2)]),
    ([("atrocities", 1), ("atrocity", 1)], [("atrocities", 2)]),
    ([("crisis", 2), ("press", 1)], [("crisis", 2), ("press", 1)]),
])
def test_contested_terms_merge_their_forms(counts: list[tuple[str, int]], merged: list[tuple[str, int]]) -> None:
    from newsledger.ledger.framing_stats import merge_forms

    got = merge_forms([{"name": n, "n": k} for n, k in counts])
    assert [(c["name"], c["n"]) for c in got] == merged
