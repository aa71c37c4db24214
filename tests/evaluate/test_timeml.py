"""TimeML reading and TempEval-3 Task A scoring."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsledger.evaluate.timeml import canonical_value, parse_tml, read_dir, score_doc

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>own_0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2003-05-14" temporalFunction="false" functionInDocument="CREATION_TIME">May 14, 2003</TIMEX3></DCT>
<TEXT>
The mill <EVENT eid="e1" class="OCCURRENCE">closed</EVENT> <TIMEX3 tid="t1" type="DATE" value="2003-05-13">yesterday</TIMEX3> after
<TIMEX3 tid="t2" type="DURATION" value="P40Y">forty years</TIMEX3> &amp; a strike <TIMEX3 tid="t3" type="DATE" value="2003-W19">last week</TIMEX3>.
</TEXT>
</TimeML>
"""


@dataclass
class Sys:
    start: int
    end: int
    text: str
    type: str
    value: str


@pytest.fixture()
def tml_dir(tmp_path: Path) -> Path:
    (tmp_path / "A").mkdir()
    (tmp_path / "A" / "own_0001.tml").write_text(TML, encoding="utf-8")
    return tmp_path


def test_parse_strips_tags_and_keeps_offsets(tml_dir: Path) -> None:
    doc = parse_tml(tml_dir / "A" / "own_0001.tml")
    assert str(doc.dct) == "2003-05-14"
    assert [t.text for t in doc.timexes] == ["yesterday", "forty years", "last week"]  # the DCT is excluded
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "&amp;" not in doc.text and "& a strike" in doc.text


def test_read_dir_groups_and_dedupes(tml_dir: Path) -> None:
    (tml_dir / "copy").mkdir()
    (tml_dir / "copy" / "own_0001.tml").write_text(TML, encoding="utf-8")
    docs = read_dir(tml_dir)
    assert [(d.name, d.group) for d in docs] == [("own_0001", "A")]


def test_score_relaxed_strict_and_value(tml_dir: Path) -> None:
    doc = parse_tml(tml_dir / "A" / "own_0001.tml")
    y, f, w = doc.timexes
    system = [
        Sys(y.start, y.end, y.text, "DATE", "2003-05-13"),  # exact span, right value
        Sys(f.start, f.start + 5, "forty", "DURATION", "P4Y"),  # overlap only, wrong value
        Sys(0, 3, "The", "DATE", "PRESENT_REF"),  # false alarm
    ]
    s = score_doc(doc, system)
    fig = s.figures()
    assert (s.relaxed_gold, s.relaxed_system, s.strict, s.value_ok) == (2, 2, 1, 1)
    assert fig["relaxed_p"] == pytest.approx(2 / 3) and fig["relaxed_r"] == pytest.approx(2 / 3)
    assert fig["strict_f1"] == pytest.approx(1 / 3)
    assert fig["value_accuracy"] == pytest.approx(0.5)
    assert fig["value_f1"] == pytest.approx(fig["relaxed_f1"] * 0.5)
    assert {e["kind"] for e in s.errors} == {"miss", "value", "span", "false_alarm"}
    assert w.text == "last week"


def test_week_values_compare_zero_padded() -> None:
    assert canonical_value("2000-W7") == canonical_value("2000-W07")
    assert canonical_value("2000-W17") == "2000-W17"


def test_pipeline_on_own_file(tml_dir: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from newsledger.evaluate.timeml import evaluate_dir

    (result,) = evaluate_dir(tml_dir, pipeline=pipeline)
    assert result.gold == 3
    assert result.figures()["relaxed_r"] == 1.0
    assert result.figures()["value_accuracy"] == 1.0


CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="own_cat">
<token number="0" sentence="0" t_id="1">Mill</token>
<token number="1" sentence="0" t_id="2">shuts</token>
<token number="2" sentence="1" t_id="3">June</token>
<token number="3" sentence="1" t_id="4">3</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2011</token>
<token number="6" sentence="2" t_id="7">It</token>
<token number="7" sentence="2" t_id="8">closed</token>
<token number="8" sentence="2" t_id="9">yesterday</token>
<token number="9" sentence="2" t_id="10">.</token>
<token number="10" sentence="3" t_id="11">Nothing</token>
<token number="11" sentence="3" t_id="12">else</token>
<token number="12" sentence="3" t_id="13">today</token>
<Markables>
<EVENT_MENTION m_id="5"><token_anchor t_id="8"/></EVENT_MENTION>
<TIMEX3 m_id="1" type="DATE" value="2011-06-02" anchorTimeID="2"><token_anchor t_id="9"/></TIMEX3>
<TIMEX3 m_id="2" type="DATE" value="2011-06-03" functionInDocument="NONE"><token_anchor t_id="3"/><token_anchor t_id="4"/>
<token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>
</Markables>
</Document>
"""


def test_parse_cat_dct_by_anchor_and_unannotated_tail(tmp_path: Path) -> None:
    from newsledger.evaluate.timeml import parse_cat

    p = tmp_path / "own_cat.xml"
    p.write_text(CAT, encoding="utf-8")
    doc = parse_cat(p)
    assert str(doc.dct) == "2011-06-03"  # the timex the others are anchored on
    assert doc.text.splitlines()[1] == "June 3, 2011"
    assert [(t.text, t.value) for t in doc.timexes] == [("yesterday", "2011-06-02")]
    dct_span, tail = doc.ignore
    assert doc.text[dct_span[0] : dct_span[1]] == "June 3, 2011"
    assert doc.text[tail[0] :].strip() == "Nothing else today"
    system = [Sys(doc.text.index("today"), doc.text.index("today") + 5, "today", "DATE", "2011-06-03")]
    assert score_doc(doc, system).system == 0  # outside the annotated part: not scored
