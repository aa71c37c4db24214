"""The SQLite ledger: migrations, idempotent storage, search, failures."""

from __future__ import annotations

from pathlib import Path

from newsledger.document import Analysis, Document, Entity, Mention, Quote, Speaker, TextSpan
from newsledger.ledger import Ledger
from newsledger.ledger.store import fts_query


def _analysis(doc_id: str, text: str, quote: str | None = None) -> Analysis:
    a = Analysis(document=Document(id=doc_id, text=text, outlet="Daily Test", title=f"News {doc_id}"))
    a.entities = [Entity("E1", "Anne Morel", "PERSON", [Mention(0, 10, text[0:10])])]
    if quote:
        s = text.index(quote)
        a.quotes = [Quote("Q1", "direct", Speaker("Anne Morel", "E1", 0, 10), None, TextSpan(s, s + len(quote), quote))]
    return a


def test_store_is_idempotent_and_replaces_records(tmp_path: Path) -> None:
    db = tmp_path / "l.sqlite"
    text = 'Anne Morel said: "The old bridge reopens on Monday."'
    with Ledger(db) as ledger:
        assert ledger.version >= 1
        ledger.store(_analysis("d1", text, "The old bridge reopens on Monday."))
        ledger.store(_analysis("d1", text, "The old bridge reopens on Monday."))
        assert ledger.count("documents") == 1
        assert ledger.count("quotes") == 1
        assert ledger.count("mentions") == 1
        ledger.store(_analysis("d1", text))  # re-analysis without the quote replaces records
        assert ledger.count("quotes") == 0
        assert ledger.get("d1")["id"] == "d1"  # type: ignore[index]
    with Ledger(db) as again:  # reopening does not re-run migrations or lose data
        assert again.count("documents") == 1


def test_search_documents_and_quotes(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_analysis("d1", 'Anne Morel said: "The old bridge reopens on Monday."', "The old bridge reopens on Monday."))
        ledger.store(_analysis("d2", "Anne Morel visited the harbour."))
        hits = ledger.search("bridge")
        kinds = {(h.doc_id, h.kind) for h in hits}
        assert ("d1", "document") in kinds and ("d1", "quote") in kinds
        assert all(h.doc_id != "d2" for h in hits)
        assert ledger.search('harbour" --')[0].doc_id == "d2"  # quote marks and operators are neutralised
        assert ledger.search("x'); DROP TABLE documents; --") == []
        assert ledger.count("documents") == 2
        assert ledger.search("   ") == []


def test_failures_are_recorded_once(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.record_failure("bad.txt", "empty input")
        ledger.record_failure("bad.txt", "empty input")
        assert [f["source"] for f in ledger.failures()] == ["bad.txt"]


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('Kim "Jong" Un') == '"Kim" "Jong" "Un"'
    assert fts_query("NEAR(a b)") == '"NEAR" "a" "b"'


def test_migrations_are_tracked_by_number(tmp_path: Path) -> None:
    from newsledger.ledger.store import _migrations

    with Ledger(tmp_path / "l.sqlite") as ledger:
        numbers = [n for n, _, _ in _migrations()]
        applied = [r[0] for r in ledger.conn.execute("SELECT number FROM schema_migrations ORDER BY number")]
        assert applied == numbers
        assert ledger.version == max(numbers)
        ledger.conn.execute("DELETE FROM schema_migrations WHERE number = ?", (numbers[-1],))
        ledger.conn.commit()
    # a migration that arrived later than a higher-numbered one (not in the table) is applied on open
    with Ledger(tmp_path / "l.sqlite") as again:
        applied = [r[0] for r in again.conn.execute("SELECT number FROM schema_migrations ORDER BY number")]
        assert applied == numbers


def test_quote_mode_is_stored_and_listed(tmp_path: Path) -> None:
    from newsledger.web.queries import Filters, list_quotes

    text = "Anne Morel believes the old bridge will reopen soon."
    a = _analysis("d1", text)
    s = text.index("the old")
    a.quotes = [Quote("Q1", "indirect", Speaker("Anne Morel", "E1", 0, 10), TextSpan(11, 19, "believes"),
                      TextSpan(s, len(text) - 1, text[s:-1]), mode="belief")]
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(a)
        ledger.store(a)  # stored again: one mode row, not two
        assert ledger.count("quote_modes") == 1
        quotes, _n = list_quotes(ledger.conn, Filters())
        assert [q["mode"] for q in quotes] == ["belief"]
        assert ledger.get("d1")["quotes"][0]["mode"] == "belief"  # type: ignore[index]
        ledger.store(_analysis("d1", text, "the old bridge"))  # re-analysed as speech: the mode row goes
        assert ledger.count("quote_modes") == 0
        assert [q["mode"] for q in list_quotes(ledger.conn, Filters())[0]] == ["speech"]


def test_places_of_stored_documents_can_be_geocoded_again(tmp_path: Path) -> None:
    from newsledger.ledger.geo_backfill import regeocode
    from tests.ledger.corpus import corpus

    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many(corpus())  # built by hand: no geo yet
        assert ledger.count("geo_places") == 0
        assert regeocode(ledger.conn) == 5
        rows = {r[0]: r[1] for r in ledger.conn.execute("SELECT name, country_iso3 FROM geo_places WHERE record = 'entity'")}
        assert rows.get("Seoul") == "KOR"
        stored = ledger.get("harbor-1")
        assert stored is not None and stored["events"][0]["where"]["geo"]["country_iso3"] == "PRK"
        assert regeocode(ledger.conn, only_missing=True) == 0
