"""Event clusters: compatibility rules, corroboration by independent sources, conflicts, incremental updates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Event, Role, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import (
    EventFeatures,
    date_relation,
    same_trigger,
    score,
    types_compatible,
    update,
)
from newsledger.ledger.event_features import lemma
from tests.ledger.corpus import corpus


@pytest.mark.parametrize(("trigger", "expected"), [("attacked", "attack"), ("attacks", "attack"), ("checks into", "check"),
                                                    ("launched", "launch"), ("firing", "fir"), ("fired", "fir")])
def test_lemma(trigger: str, expected: str) -> None:
    assert lemma(trigger) == expected


@pytest.mark.parametrize(("a", "b", "same"), [("died", "killed", True), ("quake", "earthquake", True), ("bombing", "attack", True),
                                              ("visit", "attack", False), ("arrest", "shooting", False)])
def test_same_trigger(a: str, b: str, same: bool) -> None:
    assert same_trigger(lemma(a), lemma(b)) is same


@pytest.mark.parametrize(("a", "b", "ok"), [("ASSAULT", "ASSAULT", True), ("ASSAULT", "FIGHT", True), ("ASSAULT", "AID", False),
                                            ("", "AID", True), ("ASSAULT.aerial", "ASSAULT", True)])
def test_types_compatible(a: str, b: str, ok: bool) -> None:
    assert types_compatible(a, b) is ok


@pytest.mark.parametrize(("value", "members", "relation"), [
    ("2025-04-26", ["2025-04"], "compatible"), ("2025-04-26", ["2025-04-27"], "conflict"),
    ("2025-04-26", ["2025-06-01"], "far"), (None, ["2025-04"], "unknown"), ("2025", [], "unknown")])
def test_date_relation(value: str | None, members: list[str], relation: str) -> None:
    assert date_relation(value, members)[0] == relation


BASE = EventFeatures("d1", "v1", "ASSAULT", "attack", ["c1", "c2"], "c9", "2025-04-26", place_key="eastport", published="2025-04-27")


@pytest.mark.parametrize(("change", "merges"), [
    ({}, True),
    ({"doc_id": "d2", "date": "2025-04"}, True),                      # coarser but compatible date
    ({"doc_id": "d2", "participants": ["c1"]}, True),                  # partial actor overlap
    ({"doc_id": "d2", "date": "2025-05-20"}, False),                   # a different month
    ({"doc_id": "d2", "type": "AID"}, False),                          # incompatible type
    ({"doc_id": "d2", "participants": ["c7"], "lemma": "visit"}, True),   # same type, place and day
    ({"doc_id": "d2", "participants": ["c7"], "lemma": "visit", "type": ""}, False),  # untyped: place and day only
    ({"doc_id": "d2", "lemma": "visit", "type": ""}, True),  # untyped: participants, place and day all agree
    ({"doc_id": "d2", "lemma": "earthquak"}, True),  # compound head
    ({"doc_id": "d2", "participants": ["c7"], "lemma": "visit", "date": None}, False),  # same type, one context
    ({"doc_id": "d2", "participants": ["c7"], "lemma": "visit", "date": None, "type": ""}, False),  # the place alone
    ({"doc_id": "d2", "lemma": "visit", "type": "", "place": None, "date": None}, False),  # the same people alone
    ({"doc_id": "d2", "lemma": "visit", "type": "", "place": None, "date": "2025"}, False),  # ... in the same year
    ({"doc_id": "d2", "participants": ["c7"]}, True),                  # same trigger, place and day
    ({"doc_id": "d2", "lemma": "meet", "participants": ["c1", "c5"], "place": None, "date": None}, False),  # "X met" twice
    ({"doc_id": "d2", "date": None, "published": "2025-09-01"}, False),  # undated, published months later
    ({"doc_id": "d2", "participants": ["c7"], "place": "c8", "place_key": "westport"}, False),  # another place
    ({"doc_id": "d2", "participants": ["c7"], "place": "c8", "place_key": "port of eastport"}, True),  # a variant
])
def test_score_rule(change: dict[str, object], merges: bool) -> None:
    other = replace(BASE, **change)  # type: ignore[arg-type]
    assert (score(other, [BASE]) > 0) is merges


def test_corpus_clusters_corroboration_and_conflicts(linked: Ledger) -> None:
    rows = {r["id"]: r for r in linked.conn.execute("SELECT * FROM clusters")}
    members = {(r[0], r[1]): r[2] for r in linked.conn.execute("SELECT doc_id, event_id, cluster_id FROM cluster_members")}
    launch = members[("harbor-1", "v1")]
    assert members[("meridian-1", "v1")] == launch and members[("bulletin-1", "v1")] == launch
    assert members[("hostile-1", "v1")] != launch
    c = rows[launch]
    assert (c["n_events"], c["n_documents"], c["n_outlets"], c["corroboration"]) == (4, 4, 4, 3)  # the copy counts once
    kinds = {x["kind"] for x in json.loads(c["conflicts"])}
    assert kinds == {"numbers", "denial"}
    assert c["date_value"] == "2025-04-26" and c["date_precision"] == "day"


def _event_doc(doc_id: str, outlet: str, text: str, when: str) -> Analysis:
    s = text.index("struck")
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army"), where=Role("Eastport"), when=When(when, "day"))
    return Analysis(Document(doc_id, text, outlet=outlet), events=[ev])


def test_incremental_update_and_restore(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_event_doc("a", "Outlet A", "The Northland army struck Eastport.", "2025-01-05"))
        first = update(ledger.conn)
        assert (first.documents, first.new_clusters) == (1, 1)
        ledger.store(_event_doc("b", "Outlet B", "Eastport was struck by the Northland army.", "2025-01-06"))
        second = update(ledger.conn)
        assert (second.documents, second.events) == (1, 1)  # only the new document was processed
        cid, corr, conflicts = ledger.conn.execute("SELECT id, corroboration, conflicts FROM clusters").fetchone()
        assert corr == 2 and json.loads(conflicts)[0]["kind"] == "date"  # one day apart: same event, flagged
        ledger.delete("b")
        update(ledger.conn)
        assert tuple(ledger.conn.execute("SELECT corroboration, n_events FROM clusters WHERE id = ?", (cid,)).fetchone()) == (1, 1)


def test_duplicate_links_count_once(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        # what branch clean's migration provides, in whatever table: a duplicate_of column
        ledger.conn.execute("CREATE TABLE near_duplicates (doc_id TEXT, duplicate_of TEXT)")
        ledger.store(_event_doc("a", "Wire", "The Northland army struck Eastport.", "2025-01-05"))
        ledger.store(_event_doc("b", "Reprinter", "The Northland army struck Eastport, the wire said.", "2025-01-05"))
        ledger.store(_event_doc("c", "Own Reporter", "Our reporter saw the Northland army as it struck Eastport.", "2025-01-05"))
        with ledger.conn:
            ledger.conn.execute("INSERT INTO near_duplicates VALUES ('b', 'a')")
        update(ledger.conn)
        assert tuple(ledger.conn.execute("SELECT corroboration, n_outlets FROM clusters").fetchone()) == (2, 3)


def test_update_is_idempotent(linked: Ledger) -> None:
    before = [tuple(r) for r in linked.conn.execute("SELECT cluster_id, doc_id, event_id FROM cluster_members ORDER BY 2, 3")]
    assert update(linked.conn).documents == 0
    linked.store(corpus()[0])  # re-storing a document re-links only that document
    assert update(linked.conn).documents == 1
    after = [tuple(r) for r in linked.conn.execute("SELECT cluster_id, doc_id, event_id FROM cluster_members ORDER BY 2, 3")]
    assert [x[1:] for x in after] == [x[1:] for x in before]
