"""Story purity against AllSides topic labels, raw and by broad section."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.evaluate.stories import TOPIC_SECTIONS, figures, purity, section
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update


@pytest.mark.parametrize(("stories", "labels", "expected"), [
    ([["a", "b"], ["c"]], {"a": "x", "b": "x", "c": "y"}, 1.0),  # singletons do not count
    ([["a", "b", "c", "d"]], {"a": "x", "b": "x", "c": "x", "d": "y"}, 0.75),
    ([["a", "b"], ["c", "d"]], {"a": "x", "b": "y", "c": "z", "d": "z"}, 0.75),
    ([["a"], ["b"]], {"a": "x", "b": "y"}, None),
])
def test_purity(stories: list[list[str]], labels: dict[str, str], expected: float | None) -> None:
    assert purity(stories, labels) == expected


@pytest.mark.parametrize(("left", "right", "same"), [
    ("israel", "middle_east", True),  # a country inside its region
    ("us_senate", "us_congress", True),
    ("isis", "middle_east", False),  # a subject and a place stay apart
    ("ebola", "africa", False),
    ("healthcare", "federal_budget", False),
])
def test_sections(left: str, right: str, same: bool) -> None:
    assert (section(left) == section(right)) is same


def test_every_shipped_label_has_a_section() -> None:
    path = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "allsides-articles.jsonl"
    if not path.exists():
        pytest.skip("AllSides data not shipped here")
    with path.open(encoding="utf-8") as fh:
        labels = {json.loads(line)["topic"] for line in fh}
    assert labels <= set(TOPIC_SECTIONS)
    assert section("a label nobody uses") == "a label nobody uses"


def _article(doc_id: str, outlet: str, topic: str, names: list[str], body: str) -> Analysis:
    text = ". ".join(f"{n} spoke; {n} left" for n in names) + ". " + body
    ents = []
    for k, n in enumerate(names):
        first = text.index(n)
        second = text.index(n, first + len(n))
        ents.append(Entity(f"E{k}", n, "PERSON" if " " in n else "GPE", [Mention(first, first + len(n), n), Mention(second, second + len(n), n)]))
    return Analysis(Document(doc_id, text, date(2025, 3, 1), outlet, None, f"Title {doc_id}", {"topic": topic}), entities=ents)


def test_figures_of_a_linked_ledger(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many([
            _article("a", "Left Daily", "israel", ["Mira Castell", "Velden"], "Harvest festival drew crowds to the valley."),
            _article("b", "Right Post", "middle_east", ["Mira Castell", "Velden"], "Bridge repairs closed the northern road."),
            _article("c", "Right Post", "israel", ["Ilse Quandt", "Brask"], "Orchestra tour announced for the winter."),
        ])
        update(ledger.conn)
        report = figures(ledger.conn)
    assert (report["stories"], report["multi_document_stories"], report["multi_outlet_stories"]) == (2, 1, 1)
    assert report["documents_in_multi_document_stories"] == 2
    assert (report["topic_purity"], report["section_purity"]) == (0.5, 1.0)
    assert report["examples"] == [["Title a", "Title b"]]


def test_cli_scores_a_stored_ledger_and_refuses_a_missing_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    db = tmp_path / "l.sqlite"
    with Ledger(db) as ledger:
        ledger.store_many([
            _article("a", "Left Daily", "israel", ["Mira Castell", "Velden"], "Harvest festival drew crowds to the valley."),
            _article("b", "Right Post", "israel", ["Mira Castell", "Velden"], "Bridge repairs closed the northern road."),
        ])
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "stories", "unread.jsonl", "--db", str(db), "--stored"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["documents"], report["multi_outlet_stories"], report["topic_purity"]) == (2, 1, 1.0)
    missing = runner.invoke(app, ["eval", "stories", "unread.jsonl", "--db", str(tmp_path / "none.sqlite"), "--stored"])
    assert missing.exit_code == 2 and not (tmp_path / "none.sqlite").exists()
    assert runner.invoke(app, ["eval", "stories", "unread.jsonl", "--stored"]).exit_code == 2
