"""Quote scoring: a wrong *named* speaker is a resolved name, never a flagged unresolved phrase."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Document, Quote, Speaker, TextSpan
from newsledger.evaluate.gold import score_document
from newsledger.evaluate.round_gold import gold_from_record

TEXT = 'Mara Lind met Tom Avery. "The bridge stays shut," he said.'


@pytest.mark.parametrize(("name", "entity", "kind", "speaker_ok", "wrong_named"), [
    ("Tom Avery", "E2", "entity", True, False),    # right
    ("Mara Lind", "E1", "entity", False, True),    # a wrong real person: words in her mouth
    ("he", None, "unresolved", False, False),      # flagged unresolved: a miss, not a wrong name
    ("he", None, None, False, True),               # the bare phrase without the flag still counts as named
])
def test_wrong_named_speaker(name: str, entity: str | None, kind: str | None, speaker_ok: bool, wrong_named: bool) -> None:
    doc = Document(id="x:1", text=TEXT)
    a, b = TEXT.index('"The'), TEXT.index(' he said')
    he = TEXT.index("he said")
    rec = {"doc": "x:1", "removed": [], "events": [],
           "entities": [{"name": "Mara Lind", "type": "PERSON", "mentions": [[0, 9]]},
                        {"name": "Tom Avery", "type": "PERSON", "mentions": [[14, 23], [he, he + 2]]}],
           "quotes": [{"kind": "direct", "speaker": "Tom Avery", "content": [a, b], "cue": [he + 3, he + 7],
                       "source": [he, he + 2]}]}
    quote = Quote("Q1", "direct", Speaker(name, entity, he, he + 2, kind), TextSpan(he + 3, he + 7, "said"),
                  TextSpan(a, b, TEXT[a:b]))
    scores = score_document(Analysis(document=doc, quotes=[quote]), gold_from_record(rec, doc))["quotes"]
    assert (scores.acc["speaker"].ok, scores.acc["speaker"].n) == (int(speaker_ok), 1)
    assert (scores.acc["wrong_named_speaker_share"].ok, scores.acc["wrong_named_speaker_share"].n) == (int(wrong_named), 1)
