"""Exports: plain event, cluster, quote and entity rows in JSON lines, CSV and Parquet (layouts: test_layouts.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.ledger.export import rows, write


@pytest.mark.parametrize(("what", "layout", "n", "column"), [
    ("events", "plain", 5, "cluster_id"), ("events", "gdelt", 5, "NumSources"), ("events", "acled", 5, "time_precision"),
    ("clusters", "plain", 2, "n_sources"), ("clusters", "gdelt", 2, "NumSources"), ("clusters", "polecat", 2, "num_sources"),
    ("quotes", "plain", 5, "speaker_canonical"), ("entities", "plain", 8, "variants")])
def test_rows(linked: Ledger, what: str, layout: str, n: int, column: str) -> None:
    out = list(rows(linked.conn, what, layout))
    assert len(out) == n and all(column in r for r in out)


def test_event_rows_carry_evidence_and_modality(linked: Ledger) -> None:
    out = list(rows(linked.conn, "events"))
    for r in out:  # the evidence sentence is where the offsets say, and contains the trigger
        text = linked.get(r["doc_id"])["text"]  # type: ignore[index]
        assert text[r["evidence_start"] : r["evidence_end"]] == r["evidence"]
        assert r["evidence_start"] <= r["trigger_start"] < r["trigger_end"] <= r["evidence_end"]
    denied = next(r for r in out if r["modality"] == "denied")
    assert denied["factual"] is False and denied["cluster_id"] is None


def test_layout_needs_events(linked: Ledger) -> None:
    with pytest.raises(ValueError, match="layout"):
        list(rows(linked.conn, "quotes", "gdelt"))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_write_formats(linked: Ledger, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"q.{fmt}"
    n = write(rows(linked.conn, "quotes"), fmt, path)
    assert n == 5
    if fmt == "jsonl":
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        recs = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    else:
        import pyarrow.parquet as pq

        recs = pq.read_table(path).to_pylist()
    assert any("<img src=x" in r["content"] for r in recs)  # data exports keep the text as it is
