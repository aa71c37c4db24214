"""Annotation rounds: stored offsets become gold dicts whose items carry their exact spans."""

from __future__ import annotations

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.evaluate.gold import score_document
from newsledger.evaluate.round_gold import gold_from_record

TEXT = "He met her. Then he left the city he loved."


def test_record_becomes_gold_with_spans_and_sliced_strings() -> None:
    he2 = TEXT.index("he left")
    rec = {"doc": "x:1", "entities": [{"name": "Sam Roe", "type": "PERSON", "mentions": [[0, 2], [he2, he2 + 2]]}],
           "quotes": [], "removed": [{"kind": "boilerplate", "start": 12, "end": 16}],
           "events": [{"type": "CONSULT", "trigger": [3, 6], "actor": "Sam Roe", "modality": "asserted", "optional": False}]}
    gold = gold_from_record(rec, Document(id="x:1", text=TEXT))
    assert gold["entities"][0]["mentions"] == ["He", "he"]
    assert gold["events"][0]["trigger"] == "met" and gold["events"][0]["spans"] == [(3, 6)]
    assert gold["removed"] == [{"kind": "boilerplate", "span": (12, 16)}]


def test_exact_mention_spans_do_not_count_every_occurrence_of_a_pronoun() -> None:
    he2 = TEXT.index("he left")
    rec = {"doc": "x:1", "entities": [{"name": "Sam Roe", "type": "PERSON", "mentions": [[he2, he2 + 2]]}],
           "quotes": [], "removed": [], "events": []}
    doc = Document(id="x:1", text=TEXT)
    found = Analysis(document=doc, entities=[Entity("E1", "Sam Roe", "PERSON", [Mention(he2, he2 + 2, "he")])])
    scores = score_document(found, gold_from_record(rec, doc))["entities"]
    assert (scores.prf.n_gold, scores.prf.tp_gold) == (1, 1)  # "he loved" is not a gold mention


def test_several_rounds_are_scored_together(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from newsledger.evaluate import round_gold as rg

    docs = {name: Document(id=f"x:{name}", text=TEXT) for name in ("a", "b")}
    rec = {"entities": [{"name": "Sam Roe", "type": "PERSON", "mentions": [[0, 2]]}], "quotes": [], "removed": [],
           "events": []}
    seen: list[str] = []

    def fake_round_gold(round_dir, splits, shared, strata=None):  # type: ignore[no-untyped-def]
        seen.append(round_dir.name)
        doc = docs[round_dir.name]
        return [(doc, gold_from_record({"doc": doc.id, **rec}, doc))]

    class Found:
        def analyze_many(self, documents):  # type: ignore[no-untyped-def]
            return [Analysis(document=d, entities=[Entity("E1", "Sam Roe", "PERSON", [Mention(0, 2, "He")])])
                    for d in documents]

    monkeypatch.setattr(rg, "round_gold", fake_round_gold)
    report = rg.evaluate_round([Path("r/a"), Path("r/b")], ["test"], Path("shared"), Found())  # type: ignore[arg-type]
    assert seen == ["a", "b"] and sorted(report.documents) == ["x:a", "x:b"]
    assert rg.evaluate_round(Path("r/a"), ["test"], Path("shared"), Found()).documents.keys() == {"x:a"}  # type: ignore[arg-type]
