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
