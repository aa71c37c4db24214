from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Removed
from newsledger.evaluate.cleaning import CleaningScore, write_report
from newsledger.evaluate.splice import Insert, SpliceCase

# A spliced article written for these tests: host paragraphs, one passage, two boilerplate lines, one hard negative.
LEAD = "The harbour authority of Port Elnor opened its container terminal on Monday."
BODY = "Chair Mira Castell said the terminal would double the port's capacity."
PASSAGE = "Whisk two eggs with mustard, then add the oil drop by drop until the sauce is thick."
FOLLOW = "Folgen Sie uns auf Mastodon"
ADS = "Anzeige"
NEGATIVE = "Subscriptions to the harbour's bike scheme doubled in May."


def _case() -> SpliceCase:
    pieces = [(LEAD, ""), (FOLLOW, "boilerplate"), (BODY, ""), (PASSAGE, "off_topic"), (ADS, "boilerplate"),
              (NEGATIVE, "keep")]
    text, inserts = "", []
    for piece, kind in pieces:
        if text:
            text += "\n\n"
        if kind:
            note = {"off_topic": "genre/helper/paragraph/en/recipes", "boilerplate": "share_follow/de/x", "keep": "en"}[kind]
            inserts.append(Insert(len(text), len(text) + len(piece), kind, note))
        text += piece
    return SpliceCase("t1", "Terminal opens", text, inserts)


def _span(case: SpliceCase, piece: str) -> tuple[int, int]:
    start = case.text.index(piece)
    return start, start + len(piece)


@pytest.mark.parametrize(("removed", "expected"), [
    ([], {"off_topic_recall": 0.0, "boilerplate_recall": 0.0, "boilerplate_precision": 0.0,
          "article_chars_wrongly_removed_off_topic": 0.0}),
    ([("off_topic", PASSAGE), ("boilerplate", FOLLOW), ("boilerplate", ADS)],
     {"off_topic_recall": 1.0, "boilerplate_recall": 1.0, "boilerplate_precision": 1.0,
      "article_chars_wrongly_removed_off_topic": 0.0}),
    ([("off_topic", BODY), ("boilerplate", LEAD), ("boilerplate", ADS)],
     {"off_topic_recall": 0.0, "boilerplate_recall": 0.5, "boilerplate_precision": 0.5,
      "article_chars_wrongly_removed_off_topic": round(len(BODY) / (len(LEAD) + len(BODY)), 4)}),
])
def test_scores(removed: list[tuple[str, str]], expected: dict[str, float]) -> None:
    case = _case()
    score = CleaningScore()
    score.add(case, [Removed(*_span(case, piece), kind, "test", 0.9) for kind, piece in removed])
    figures = score.figures()
    for key, value in expected.items():
        assert figures[key] == value, key
    assert figures["boilerplate_lines"] == 2 and figures["off_topic_passages"] == 1


def test_hard_negatives_counted_apart() -> None:
    case = _case()
    score = CleaningScore()
    score.add(case, [Removed(*_span(case, NEGATIVE), "off_topic", "test", 0.8)])
    figures = score.figures()
    assert figures["hard_negatives_removed_as_off_topic"] == 1
    assert figures["article_chars_wrongly_removed_off_topic"] == 0.0


def test_one_removal_over_two_lines_is_two_precision_units() -> None:
    case = _case()
    start = case.text.index(PASSAGE)
    end = case.text.index(ADS) + len(ADS)
    score = CleaningScore()
    score.add(case, [Removed(start, end, "boilerplate", "test", 0.9)])
    assert score.bp_lines == 2 and score.bp_correct == 1


@pytest.mark.parametrize("suffix", [".md", ".tsv"])
def test_report_lists_every_removal(tmp_path: Path, suffix: str) -> None:
    removals = [{"doc": "wire:C3", "kind": "boilerplate", "start": 0, "end": 9, "score": 0.7, "reason": "site furniture",
                 "text": "Read more"},
                {"doc": "wire:A1", "start": 10, "end": 40, "score": 0.81, "reason": "little overlap", "text": "<b>x</b>"},
                {"doc": "allsides:B2", "kind": "off_topic", "start": 0, "end": 5, "score": 0.9, "reason": "gloss",
                 "text": "Text"}]
    path = tmp_path / f"report{suffix}"
    write_report(path, {"all": {"documents": 2}}, removals)
    out = path.read_text(encoding="utf-8")
    assert "wire:A1" in out and "allsides:B2" in out and "wire:C3" in out
    assert out.index("allsides:B2") < out.index("wire:C3")  # off-topic removals first, then boilerplate
    assert "boilerplate" in out and "off_topic" in out
    assert ("<b>x</b>" in out) == (suffix == ".md")
