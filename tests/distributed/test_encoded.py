"""Workers serialise their analyses: the JSON lines and ledger rows equal what the parent would have made."""

from __future__ import annotations

import dataclasses
import json
from collections import namedtuple
from datetime import date
from typing import Any

import pytest

from newsledger.distributed.batch import PipelineSpec, Runner, start_method
from newsledger.distributed.encoded import Encoded, Want
from newsledger.document import (
    Analysis,
    ClaimedBy,
    Document,
    Event,
    Framing,
    Quote,
    Role,
    Speaker,
    TextSpan,
    When,
    _plain,
)
from newsledger.ingest.text import make_document
from newsledger.ledger.rows import analysis_rows
from newsledger.pipeline import Failure
from tests.articles import article

BLANK = PipelineSpec(model="blank:en", stages=())


def _docs(n: int) -> list[Document]:
    docs = [make_document(a["text"], id=a["id"], published=a["published"], outlet=a["outlet"]) for a in map(article, range(n))]
    # a text spaCy cannot take (a lone surrogate, built without make_document): it fails alone
    docs.insert(2, Document(id="bad-text", text="A text with a lone \ud83d surrogate."))
    return docs


def _comparable(rows: Any) -> Any:
    return {t: rs for t, rs in rows.rows.items() if t != "documents"}


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_encoded_results_match_the_analyses(method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_START_METHOD", method)
    assert start_method() == method
    docs = _docs(19)
    plain = list(Runner(BLANK, workers=1, batch_size=4).run(docs))
    runner = Runner(BLANK, workers=2, batch_size=4)
    encoded = list(runner.run_encoded(docs, Want(json=True, rows=True)))
    assert [type(r) for r in encoded] == [Failure if isinstance(p, Failure) else Encoded for p in plain]
    for p, e in zip(plain, encoded, strict=True):
        if isinstance(p, Analysis):
            assert isinstance(e, Encoded) and e.document is docs[plain.index(p)]
            assert e.json == p.to_json() and e.analysis is None
            assert e.rows is not None and _comparable(e.rows) == _comparable(analysis_rows(p))
            assert json.loads(e.rows.rows["documents"][0][8]) == p.to_dict()
    assert runner.stats.analysed == 19 and runner.stats.failed == 1
    assert 1 <= len(runner.stats.peak_rss) <= 2


def test_in_process_encoding_keeps_the_analysis_when_asked() -> None:
    docs = _docs(3)
    out = list(Runner(BLANK, workers=1).run_encoded(docs, Want(json=False, analysis=True)))
    kept = [r for r in out if isinstance(r, Encoded)]
    assert [r.json for r in kept] == [None, None, None]
    assert [r.analysis.document.id for r in kept if r.analysis] == [d.id for d in docs if d.id != "bad-text"]


Pair = namedtuple("Pair", "left right")


@dataclasses.dataclass
class Odd:
    """A record with values the contract records do not use, to hold _plain to asdict's rules."""

    pair: tuple[int, list[int]]
    named: Pair
    day: date
    nested: dict[str, Any]


@pytest.mark.parametrize("record", [
    Event("e1", "ASSAULT", TextSpan(4, 9, "shell"), actor=Role("army", "E2", "military"), when=When("2026-03", "month"),
          claimed_by=ClaimedBy("Mira Holt", "Q1")),
    Quote("Q1", "mixed", Speaker("Mira Holt", None, 0, 9), TextSpan(10, 14, "said"), TextSpan(16, 30, "a quoted line"),
          mode="knowledge"),
    Framing(3, 8, "thugs", "Name_Calling", "outlet", contested=True, score=0.75),
    Odd((1, [2, 3]), Pair(1, [4]), date(2026, 1, 2), {"k": [Role("port")], "t": (5, 6)}),
], ids=["event", "quote", "framing", "odd values"])
def test_plain_is_asdict(record: Any) -> None:
    assert repr(_plain(record)) == repr(dataclasses.asdict(record))
