"""Timelines: ordered by event date within precision, each item pointing at its evidence."""

from __future__ import annotations

from newsledger.ledger import Ledger
from newsledger.ledger.timeline import cluster_timeline, entity_timeline, query_timeline


def _kim(ledger: Ledger) -> int:
    return int(ledger.conn.execute("SELECT id FROM canonical_entities WHERE name = 'Kim Jong Un'").fetchone()[0])


def test_entity_timeline_orders_by_event_date_not_publication(linked: Ledger) -> None:
    items = entity_timeline(linked.conn, _kim(linked))
    assert [(i.kind, i.date) for i in items][:3] == [("event", "2025-04"), ("event", "2025-04-26"), ("event", "2025-04-26")]
    quotes = [i for i in items if i.kind == "quote"]
    assert quotes and all(q.date_source == "publication" for q in quotes)  # quotes carry no date of their own here
    for i in items:  # every item points at the exact evidence text
        text = linked.get(i.doc_id)["text"]  # type: ignore[index]
        assert text[i.evidence["start"] : i.evidence["end"]] == i.evidence["text"]


def test_cluster_timeline_lists_every_report(linked: Ledger) -> None:
    cid = linked.conn.execute("SELECT cluster_id FROM cluster_members WHERE doc_id = 'harbor-1'").fetchone()[0]
    items = cluster_timeline(linked.conn, cid)
    assert sorted(i.doc_id for i in items) == ["courier-1", "harbor-1", "meridian-1"]
    assert items[0].precision == "month"  # 2025-04 starts before 2025-04-26
    assert {i.modality for i in items} == {"asserted", "reported"}  # the denial is not part of the cluster


def test_query_timeline(linked: Ledger) -> None:
    items = query_timeline(linked.conn, "Valencia")
    assert [(i.kind, i.doc_id, i.date) for i in items] == [("event", "hostile-1", "2025-03-03")]
    assert {i.kind for i in query_timeline(linked.conn, "readiness")} == {"event", "quote"}
    assert query_timeline(linked.conn, "!!!") == []


def test_entity_total_counts_the_whole_timeline(linked: Ledger) -> None:
    from newsledger.ledger.timeline import entity_total

    for (cid,) in linked.conn.execute("SELECT id FROM canonical_entities"):
        whole = entity_timeline(linked.conn, cid, limit=10_000)
        assert entity_total(linked.conn, cid) == len(whole)
        assert len(entity_timeline(linked.conn, cid, limit=1)) == min(1, len(whole))
