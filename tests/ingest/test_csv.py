from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsledger.document import Document
from newsledger.ingest import read_paths
from newsledger.ingest.columns import parse_mapping, set_mapping

ROWS = [
    {"headline": "Terminal opens", "body": "The terminal opened on Monday after years of delay.", "date": "2024-03-04",
     "site": "Elnor Courier", "tag": "port"},
    {"headline": "No text", "body": "", "date": "2024-03-05", "site": "Elnor Courier", "tag": "x"},
]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(autouse=True)
def _reset_mapping() -> object:
    yield None
    set_mapping(None)


def test_default_column_names(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    _write(path, ROWS)
    items = list(read_paths([path]))
    doc = items[0]
    assert isinstance(doc, Document) and doc.title == "Terminal opens" and doc.outlet == "Elnor Courier"
    assert str(doc.published) == "2024-03-04" and doc.meta["tag"] == "port"
    assert not isinstance(items[1], Document) and items[1].source.endswith(":3")


def test_explicit_mapping_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"story": "Officials approved the plan.", "when": "2024-01-02", "paper": "Velden Post", "tag": "x"}]
    path = tmp_path / "other.csv"
    _write(path, rows)
    monkeypatch.setenv("NEWSLEDGER_COLUMNS", "text=story,published=when,outlet=paper")
    doc = next(iter(read_paths([path])))
    assert isinstance(doc, Document) and doc.outlet == "Velden Post" and str(doc.published) == "2024-01-02"


def test_jsonl_mapping(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"story": "Officials approved the plan.", "paper": "Velden Post"}\n', encoding="utf-8")
    set_mapping("text=story,outlet=paper")
    doc = next(iter(read_paths([path])))
    assert isinstance(doc, Document) and doc.outlet == "Velden Post" and doc.text == "Officials approved the plan."


@pytest.mark.parametrize(("spec", "expected"), [("text=body", {"text": "body"}), ("text=a, title=b", {"text": "a", "title": "b"}), ("", {})])
def test_parse_mapping(spec: str, expected: dict[str, str]) -> None:
    assert parse_mapping(spec) == expected


@pytest.mark.parametrize("spec", ["text", "colour=red", "text="])
def test_bad_mapping(spec: str) -> None:
    with pytest.raises(ValueError, match="field=column"):
        parse_mapping(spec)
