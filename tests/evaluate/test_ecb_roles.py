"""ECB+ gold mentions take their roles from the system event their trigger overlaps (own hand-built analyses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Analysis, Entity, Event, Mention, Role, TextSpan, When
from newsledger.evaluate.ecb import read_doc, to_analysis
from newsledger.evaluate.ecb_roles import matching_event, plain_document, system_analyses, transfer_roles
from tests.evaluate.test_ecb import _write


def _doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    f = tmp_path / "1" / "1_1ecbplus.xml"
    f.parent.mkdir()
    _write(f, "checks", "Ana Lisboa", "Portoverde", "2024-05-03")
    return read_doc(f)


def _span(text: str, word: str) -> TextSpan:
    start = text.index(word)
    return TextSpan(start, start + len(word), word)


def _system(text: str, events: list[str]) -> Analysis:
    """A system analysis of the text: Ana Lisboa (also as "She") acts in the listed trigger words."""
    a = Analysis(plain_document("1_1ecbplus", text, None, None))
    she = _span(text, "She")
    a.entities = [Entity("S1", "Ana Lisboa", "PERSON", [Mention(*tuple(vars(_span(text, "Ana Lisboa")).values())),
                                                       Mention(she.start, she.end, she.text, "pronoun")]),
                  Entity("S2", "Portoverde", "GPE", [Mention(*tuple(vars(_span(text, "Portoverde")).values()))])]
    for i, word in enumerate(events):
        a.events.append(Event(f"s{i}", "MOVE", _span(text, word), actor=Role("Ana Lisboa", "S1"),
                              where=Role("Portoverde", "S2"), when=When("2024-05-03", "day")))
    return a


@pytest.mark.parametrize(("system_triggers", "gold_word", "expected_actor"), [
    (["checks a"], "checks", "S1"),  # the system's trigger is longer and overlaps the gold one
    (["checks"], "checks", "S1"),  # the same span
    (["left"], "checks", None),  # no system event at "checks": no role at all
    ([], "left", None),  # the system found no event
    (["left"], "left", "S1"),  # "She left": the system's pronoun link gives the person, not the word "She"
])
def test_role_transfer(tmp_path: Path, system_triggers: list[str], gold_word: str, expected_actor: str | None) -> None:
    doc = _doc(tmp_path)
    gold, _ = to_analysis(doc, _system(doc.text, system_triggers))
    ev = next(e for e in gold.events if e.trigger.text == gold_word)
    assert (ev.actor.entity if ev.actor else None) == expected_actor
    assert (ev.where is None) == (expected_actor is None) and (ev.when is None) == (expected_actor is None)
    assert {e.id for e in gold.entities} == {"S1", "S2"}  # roles point at the system's entities
    assert ev.type == "" and ev.trigger.text == gold_word  # the gold mention stays the unit scored


def test_nearest_roles_are_kept_without_a_system_analysis(tmp_path: Path) -> None:
    gold, _ = to_analysis(_doc(tmp_path))
    left = next(e for e in gold.events if e.trigger.text == "left")
    assert left.actor is not None and left.actor.name == "Ana Lisboa"  # "She" -> the person named before it


def test_largest_overlap_wins_and_other_text_is_refused(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    system = _system(doc.text, ["checks a clinic", "clinic"])
    match = matching_event(system, *(lambda s: (s.start, s.end))(_span(doc.text, "a clinic")))
    assert match is not None and match.id == "s0"
    gold, _ = to_analysis(doc)
    with pytest.raises(ValueError, match="another text"):
        transfer_roles(gold, _system(doc.text + " More.", []))


def test_cached_analyses_are_read_back(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    system = _system(doc.text, ["checks"])
    cache = tmp_path / "cache"
    from newsledger.evaluate.ecb_roles import _cache_file

    cache.mkdir()
    _cache_file(cache, system.document).write_text(system.to_json(), encoding="utf-8")
    got = system_analyses([plain_document("1_1ecbplus", doc.text, None, None)], cache)  # no pipeline run: cached
    assert [e.trigger.text for e in got["1_1ecbplus"].events] == ["checks"]
