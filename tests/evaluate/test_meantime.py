"""The MEANTIME scorer: CAT XML reading on a hand-written file, and a run on the real corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.evaluate.meantime import evaluate_dir, gold_timexes, read_cat
from newsledger.pipeline import Pipeline
from tests.conftest import shared_path

# A CAT document written for this test: "Chile praised Peru on Monday ." with one event, two
# participants and a time anchor.
CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="t" lang="en">
<token number="0" sentence="0" t_id="1">Chile</token>
<token number="1" sentence="0" t_id="2">praised</token>
<token number="2" sentence="0" t_id="3">Peru</token>
<token number="3" sentence="0" t_id="4">on</token>
<token number="4" sentence="0" t_id="5">Monday</token>
<token number="5" sentence="0" t_id="6">.</token>
<Markables>
<ENTITY_MENTION m_id="10"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="11"><token_anchor t_id="3"/></ENTITY_MENTION>
<EVENT_MENTION m_id="20" pred="praise" pos="VERB"><token_anchor t_id="2"/></EVENT_MENTION>
<TIMEX3 m_id="30" type="DATE" value="2021-03-01" functionInDocument="NONE"><token_anchor t_id="5"/></TIMEX3>
<TIMEX3 m_id="31" type="DATE" value="2021-03-03" functionInDocument="CREATION_TIME"></TIMEX3>
</Markables>
<Relations>
<HAS_PARTICIPANT sem_role="Arg0"><source m_id="20"/><target m_id="10"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT sem_role="Arg1"><source m_id="20"/><target m_id="11"/></HAS_PARTICIPANT>
<TLINK reltype="IS_INCLUDED"><source m_id="20"/><target m_id="30"/></TLINK>
</Relations>
</Document>
"""


def test_read_cat(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text(CAT, encoding="utf-8")
    md = read_cat(path)
    assert md.text == "Chile praised Peru on Monday."
    assert md.dct == "2021-03-03"
    [event] = md.events
    assert md.text[event.start : event.end] == "praised"
    assert md.participants["20"] == {"Arg0": "10", "Arg1": "11"}
    assert md.anchors["20"] == "30"
    assert [(t.text, t.value, t.precision) for t in gold_timexes(md)] == [("Monday", "2021-03-01", "day")]


def test_scores_own_file(tmp_path: Path, pipeline: Pipeline) -> None:
    (tmp_path / "t.xml").write_text(CAT, encoding="utf-8")
    report = evaluate_dir(tmp_path, pipeline)
    assert report.triggers.tp_pred == 1 and report.triggers.n_gold == 1
    assert report.actor.value == 1.0 and report.target.value == 1.0
    assert report.date_oracle.value == 1.0


def test_real_corpus_runs(pipeline: Pipeline) -> None:
    folder = shared_path("data", "meantime", "corpus_apple")
    report = evaluate_dir(folder, pipeline)
    assert report.documents > 0 and report.triggers.n_gold > 0


def test_bad_file(tmp_path: Path) -> None:
    from newsledger.errors import InputError

    (tmp_path / "x.xml").write_text("<oops", encoding="utf-8")
    with pytest.raises(InputError, match="CAT XML"):
        evaluate_dir(tmp_path)
