"""Event clusters: compatibility rules, corroboration by independent sources, conflicts, incremental updates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Event, Mention, Role, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import score, update
from newsledger.ledger.event_features import EventFeatures, is_campaign, is_tally, lemma
from newsledger.ledger.match import date_relation, same_trigger, types_compatible
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


BASE = EventFeatures("d1", "v1", "ASSAULT", "attack", ["c1", "c2"], "c9", "2025-04-26", place_key="eastport",
                     published="2025-04-27", actor="c1", target="c2", figures=[12.0], place_geo=[39.15, 127.44])


@pytest.mark.parametrize(("change", "merges"), [
    ({}, True),
    ({"doc_id": "d2", "date": "2025-04"}, True),                      # coarser but compatible date
    ({"doc_id": "d2", "participants": ["c1"], "target": None}, True),  # partial participant overlap
    ({"doc_id": "d2", "date": "2025-05-20"}, False),                   # a different month
    ({"doc_id": "d2", "date": "2025-04-27"}, False),                   # the next day: a different day, no merge
    ({"doc_id": "d2", "date": "2024-04-26"}, False),                   # never across years
    ({"doc_id": "d2", "type": "AID"}, False),                          # incompatible type
    ({"doc_id": "d2", "type": "FIGHT", "lemma": "clash"}, True),       # documented neighbour types, place and day
    ({"doc_id": "d2", "modality": "planned"}, False),                  # only factual reports cluster
    ({"doc_id": "d2", "modality": "reported"}, True),
    ({"doc_id": "d2", "modality": "denied"}, False),
    ({"doc_id": "d2", "participants": ["c7"], "actor": "c7", "target": None}, False),  # nobody in common
    ({"doc_id": "d2", "participants": ["c1", "c3"], "target": "c3"}, False),  # the same actor against someone else
    ({"doc_id": "d2", "participants": ["c1", "c2"], "actor": "c2", "target": "c1"}, False),  # B attacked A
    ({"doc_id": "d2", "actor_country": "USA"}, True),                 # one country known: nothing against it
    ({"doc_id": "d2", "specific": False}, False),                      # a generic or unrealised mention
    ({"doc_id": "d2", "aggregate": True}, False),                      # a tally of many happenings
    ({"doc_id": "d2", "lemma": "visit", "type": ""}, False),            # untyped and named differently
    ({"doc_id": "d2", "lemma": "earthquak"}, True),                    # compound head
    ({"doc_id": "d2", "lemma": "strike"}, True),                       # same type, two shared people, place and day
    ({"doc_id": "d2", "lemma": "strike", "participants": ["c1"], "target": None, "place": None, "date": None}, False),
    ({"doc_id": "d2", "place": None, "date": None}, False),           # the same people and trigger, nothing else
    ({"event_id": "v2", "place": None, "date": None}, True),           # ... in the same article: named again
    ({"event_id": "v2", "place": None, "date": None, "lemma": "strike"}, False),  # ... with another word
    ({"doc_id": "d2", "date": None, "published": "2025-09-01"}, False),  # undated, published months later
    ({"doc_id": "d2", "place": "c8", "place_key": "westport", "place_geo": [35.0, 129.0]}, False),  # another place
    ({"doc_id": "d2", "place": "c8", "place_key": "port of eastport"}, True),  # a name variant
    ({"doc_id": "d2", "place": "c8", "place_key": "coast", "place_geo": [39.2, 127.5]}, True),  # geocoded nearby
    ({"doc_id": "d2", "figures": [30.0]}, False),                      # another death toll: a merge may not conflict
    ({"doc_id": "d2", "figures": []}, True),
    ({"doc_id": "d2", "date": None, "place_named": False}, False),   # "across the country" is no place
])
def test_score_rule(change: dict[str, object], merges: bool) -> None:
    other = replace(BASE, **change)  # type: ignore[arg-type]
    assert (score(other, [BASE]) > 0) is merges


@pytest.mark.parametrize(("change", "merges"), [
    ({"published": "2025-04-27"}, True),                                   # same specific place, same news days
    ({"published": "2025-05-09"}, False),                                  # an undated report weeks later
    ({"place": None, "place_key": None, "place_geo": None}, False),        # no place, no date: nothing but names
    ({"place": "c8", "place_key": "north korea", "place_geo": [40.0, 127.0], "place_precision": "country"}, False),
])
def test_undated_reports_need_a_specific_place(change: dict[str, object], merges: bool) -> None:
    first = replace(BASE, date=None)
    other = replace(first, doc_id="d2", **change)  # type: ignore[arg-type]
    assert (score(other, [first]) > 0) is merges


@pytest.mark.parametrize(("text", "trigger", "tally"), [
    ("The jets have carried out 90 airstrikes near the dam.", "airstrikes", True),
    ("Dozens of U.S. raids hit the valley.", "raids", True),
    ("The airstrikes began on Friday.", "airstrikes", False),
    ("After the 2014 talks the sides met again.", "talks", False),
    ("Two more strikes hit the port.", "strikes", True),
    ("Posted 6 : 15 PM\nProtests spread across the capital.", "Protests", False),  # a clock on the line above
    ("story / 5512093\nRamos defeats the champion in the final.", "defeats", False),  # a page id above the headline
    ("The air force flew\n40 sorties over the coast.", "sorties", True),  # the count on the trigger's own line
])
def test_tallies_are_not_events(text: str, trigger: str, tally: bool) -> None:
    s = text.index(trigger)
    assert is_tally(text, s, s + len(trigger)) is tally


@pytest.mark.parametrize(("text", "trigger", "campaign"), [
    ("U.S.-led airstrikes are aimed at the oil fields.", "airstrikes", True),
    ("Israeli raids hit the camp overnight.", "raids", True),
    ("Israel strikes Gaza after rocket fire.", "strikes", False),   # a verb: one event
    ("Obama meets Putin in Beijing.", "meets", False),
    ("The airstrikes began on Friday.", "airstrikes", True),          # a campaign unless its own clause dates it
])
def test_campaign_nouns(text: str, trigger: str, campaign: bool) -> None:
    s = text.index(trigger)
    assert is_campaign(text, s, s + len(trigger)) is campaign


def test_corpus_clusters_corroboration_and_conflicts(linked: Ledger) -> None:
    rows = {r["id"]: r for r in linked.conn.execute("SELECT * FROM clusters")}
    members = {(r[0], r[1]): r[2] for r in linked.conn.execute("SELECT doc_id, event_id, cluster_id FROM cluster_members")}
    launch = members[("harbor-1", "v1")]
    assert members[("meridian-1", "v1")] == launch
    assert ("bulletin-1", "v1") not in members  # a denial is listed with its document, never clustered or counted
    assert members[("hostile-1", "v1")] != launch
    c = rows[launch]
    assert (c["n_events"], c["n_documents"], c["n_outlets"], c["corroboration"]) == (3, 3, 3, 2)  # the copy counts once
    assert json.loads(c["conflicts"]) == []  # a merge may not create a conflict
    assert c["date_value"] == "2025-04-26" and c["date_precision"] == "day"
    groups = dict(linked.conn.execute("SELECT doc_id, source_group FROM cluster_evidence WHERE doc_id IN ('harbor-1', 'courier-1')"))
    assert groups["harbor-1"] == groups["courier-1"]


def _event_doc(doc_id: str, outlet: str, text: str, when: str) -> Analysis:
    s = text.index("struck")
    a = text.index("Northland army")
    army = Entity("E1", "Northland army", "ORG", [Mention(a, a + 14, "Northland army")])
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army", "E1"), where=Role("Eastport"),
               when=When(when, "day"))
    return Analysis(Document(doc_id, text, outlet=outlet), entities=[army], events=[ev])


def test_incremental_update_and_restore(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_event_doc("a", "Outlet A", "The Northland army struck Eastport.", "2025-01-05"))
        first = update(ledger.conn)
        assert (first.documents, first.new_clusters) == (1, 1)
        ledger.store(_event_doc("b", "Outlet B", "Eastport was struck by the Northland army.", "2025-01-05"))
        ledger.store(_event_doc("c", "Outlet C", "Eastport was struck by the Northland army again.", "2025-01-06"))
        second = update(ledger.conn)
        assert (second.documents, second.events) == (2, 2)  # only the new documents were processed
        cid, corr, conflicts = ledger.conn.execute("SELECT id, corroboration, conflicts FROM clusters ORDER BY id").fetchone()
        assert corr == 2 and json.loads(conflicts) == []  # the next day is another strike: not merged, no conflict
        assert ledger.conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 2
        ledger.delete("b")
        update(ledger.conn)
        assert tuple(ledger.conn.execute("SELECT corroboration, n_events FROM clusters WHERE id = ?", (cid,)).fetchone()) == (1, 1)


def test_duplicate_links_count_once(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        # an older layout: some table with a duplicate_of column
        ledger.conn.execute("CREATE TABLE near_duplicates (doc_id TEXT, duplicate_of TEXT)")
        ledger.store(_event_doc("a", "Wire", "The Northland army struck Eastport.", "2025-01-05"))
        ledger.store(_event_doc("b", "Reprinter", "The Northland army struck Eastport, the wire said.", "2025-01-05"))
        ledger.store(_event_doc("c", "Own Reporter", "Our reporter saw the Northland army as it struck Eastport.", "2025-01-05"))
        ledger.store(_event_doc("d", "Syndicator", "In the morning the Northland army struck Eastport, a wire copy said.", "2025-01-05"))
        with ledger.conn:
            ledger.conn.execute("INSERT INTO near_duplicates VALUES ('b', 'a')")
            # newsledger dedup's MinHash links (migration 002)
            ledger.conn.execute("INSERT INTO duplicates VALUES ('d', 'c', 0.9, 'minhash-lsh', '2025-01-06')")
        update(ledger.conn)
        assert tuple(ledger.conn.execute("SELECT corroboration, n_outlets FROM clusters").fetchone()) == (2, 4)


def test_the_same_wire_sentence_counts_once(tmp_path: Path) -> None:
    wire = "The Northland army struck the port of Eastport at dawn on Sunday, destroying two warehouses, officials said."
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_event_doc("a", "Paper A", wire + " Paper A adds its own reporting here.", "2025-01-05"))
        ledger.store(_event_doc("b", "Paper B", "Background first. " + wire, "2025-01-05"))
        ledger.store(_event_doc("c", "Paper C", "The Northland army struck Eastport, our reporter saw.", "2025-01-05"))
        update(ledger.conn)
        assert tuple(ledger.conn.execute("SELECT corroboration, n_outlets FROM clusters").fetchone()) == (2, 3)


def test_update_is_idempotent(linked: Ledger) -> None:
    before = [tuple(r) for r in linked.conn.execute("SELECT cluster_id, doc_id, event_id FROM cluster_members ORDER BY 2, 3")]
    assert update(linked.conn).documents == 0
    linked.store(corpus()[0])  # re-storing a document re-links only that document
    assert update(linked.conn).documents == 1
    after = [tuple(r) for r in linked.conn.execute("SELECT cluster_id, doc_id, event_id FROM cluster_members ORDER BY 2, 3")]
    assert [x[1:] for x in after] == [x[1:] for x in before]


MEETING = EventFeatures("d1", "v1", "CONSULT", "meet", ["c1", "c2"], "c9", "2025-04-26", place_key="eastport",
                        published="2025-04-27", actor="c1", target="c2")


@pytest.mark.parametrize(("first", "second", "merges"), [
    ({}, {"actor": "c2", "target": "c1"}, True),  # "A met B" and "B met A": a meeting has no direction
    ({"type": "ASSAULT", "lemma": "attack", "actor_country": "USA"},
     {"type": "ASSAULT", "lemma": "attack", "actor_country": "AFG"}, False),  # attackers of two countries
    ({"type": "FIGHT", "lemma": "fight", "actor_country": "UKR", "target_country": "RUS"},
     {"type": "FIGHT", "lemma": "fight", "actor_country": "RUS", "target_country": "UKR"}, True),  # either side first
    # nobody named on either side: the same word and place are not enough without the same day
    ({"type": "COERCE", "lemma": "arrest", "participants": [], "actor": None, "target": None, "date": None},
     {"type": "COERCE", "lemma": "arrest", "participants": [], "actor": None, "target": None, "date": None}, False),
    ({"type": "COERCE", "lemma": "arrest", "participants": [], "actor": None, "target": None},
     {"type": "COERCE", "lemma": "arrest", "participants": [], "actor": None, "target": None}, True),
    # only a target in common and the place is the articles' setting: two investigations of one death
    ({"type": "INVESTIGATE", "lemma": "investigation", "participants": ["c2"], "actor": None, "date": None,
      "place_inferred": True}, {"type": "INVESTIGATE", "lemma": "investigation", "participants": ["c2"], "actor": None,
                                "place_inferred": True}, False),
    # a person is killed once: the same victim, no setting needed when one report dates it
    ({"type": "ASSAULT", "lemma": "kill", "participants": ["c2"], "actor": None, "target_person": True, "place": None,
      "date": "2025-W17", "date_source": "clause"},
     {"type": "ASSAULT", "lemma": "death", "participants": ["c2"], "actor": None, "target_person": True, "place": None,
      "date": None}, True),
    ({"type": "ASSAULT", "lemma": "kill", "participants": ["c2"], "actor": None, "target_person": True, "place": None,
      "date": None}, {"type": "ASSAULT", "lemma": "kill", "participants": ["c2"], "actor": None, "target_person": True,
                      "place": None, "date": None}, False),  # neither dates it: "the advantage of killing X"
    # the same actor and word, both dated by their own clauses to one week ("last week" / "on Thursday")
    ({"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-W17", "date_source": "clause"},
     {"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-04-24", "date_source": "clause"}, True),
    ({"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-W17-WE", "date_source": "clause"},
     {"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-04-24", "date_source": "clause"}, False),
    ({"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-W17", "date_source": "publication"},
     {"type": "ASSAULT", "lemma": "airstrik", "place": None, "date": "2025-04-24", "date_source": "clause"}, False),
])
def test_role_rules(first: dict[str, object], second: dict[str, object], merges: bool) -> None:
    a = replace(MEETING, **first)  # type: ignore[arg-type]
    b = replace(MEETING, doc_id="d2", **second)  # type: ignore[arg-type]
    assert (score(b, [a]) > 0) is merges
