"""Story grouping: documents sharing rare salient entities within days form one story."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.stories import group


def _doc(doc_id: str, day: str, outlet: str, *names: str) -> Analysis:
    text = ". ".join(f"{n} again {n}" for n in names)
    ents = []
    for k, n in enumerate(names):
        first = text.index(n)
        second = text.index(n, first + len(n))
        ents.append(Entity(f"E{k}", n, "PERSON" if " " in n else "GPE", [Mention(first, first + len(n), n), Mention(second, second + len(n), n)]))
    return Analysis(Document(doc_id, text, date.fromisoformat(day), outlet), entities=ents)


def test_stories(tmp_path: Path) -> None:
    filler = [_doc(f"f{i}", "2025-01-01", f"O{i % 5}", f"Filler Person{i}", f"Town{i}") for i in range(40)]
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many(filler + [
            _doc("a", "2025-03-01", "Left Daily", "Mira Castell", "Velden", "Ostra"),
            _doc("b", "2025-03-02", "Right Post", "Mira Castell", "Velden"),
            _doc("c", "2025-03-20", "Left Daily", "Mira Castell", "Velden"),  # same people, weeks later: another story
            _doc("d", "2025-03-01", "Centre Wire", "Mira Castell", "Brask"),  # one shared name only
        ])
        update(ledger.conn)
        stories = group(ledger.conn)
    multi = [s for s in stories if len(s.documents) > 1]
    assert [s.documents for s in multi] == [["a", "b"]]
    assert multi[0].outlets == ["Left Daily", "Right Post"]


def _report(doc_id: str, day: str, outlet: str, text: str) -> Analysis:
    from newsledger.document import Event, Role, TextSpan, When

    s, a = text.index("struck"), text.index("Northland army")
    army = Entity("E1", "Northland army", "ORG", [Mention(a, a + 14, "Northland army")])
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army", "E1"), where=Role("Eastport"),
               when=When("2025-01-05", "day"))
    return Analysis(Document(doc_id, text, date.fromisoformat(day), outlet), entities=[army], events=[ev])


def test_a_shared_event_makes_one_story_only_within_days(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many([
            _report("a", "2025-01-05", "Left Daily", "The Northland army struck Eastport on Sunday."),
            _report("b", "2025-01-06", "Right Post", "The Northland army struck Eastport on Sunday, officials said."),
            # the same strike recalled in the lead of a story a month later: another story
            _report("c", "2025-02-04", "Centre Wire", "The Northland army struck Eastport on 5 January; now talks begin."),
        ])
        update(ledger.conn)
        assert ledger.conn.execute("SELECT n_documents FROM clusters").fetchone()[0] == 3
        multi = [s.documents for s in group(ledger.conn) if len(s.documents) > 1]
    assert multi == [["a", "b"]]
