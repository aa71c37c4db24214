"""Exports: plain rows, GDELT-like and ACLED-like cluster tables, in JSON lines, CSV and Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.ledger.export import rows, write


@pytest.mark.parametrize(("what", "layout", "n", "column"), [
    ("events", "plain", 5, "cluster_id"), ("events", "gdelt", 2, "NumSources"), ("events", "acled", 2, "time_precision"),
    ("quotes", "plain", 5, "speaker_canonical"), ("entities", "plain", 8, "variants")])
def test_rows(linked: Ledger, what: str, layout: str, n: int, column: str) -> None:
    out = list(rows(linked.conn, what, layout))
    assert len(out) == n and all(column in r for r in out)


def test_gdelt_and_acled_values(linked: Ledger) -> None:
    g = {r["GLOBALEVENTID"]: r for r in rows(linked.conn, "events", "gdelt")}
    launch = next(r for r in g.values() if r["EventCode"] == "ASSAULT")
    assert (launch["SQLDATE"], launch["NumSources"], launch["NumArticles"], launch["NumMentions"]) == ("20250426", 3, 4, 4)
    assert launch["Conflicts"] == "numbers;denial"
    a = next(r for r in rows(linked.conn, "events", "acled") if r["event_type"] == "ASSAULT")
    assert (a["event_date"], a["time_precision"], a["source_count"], a["location"]) == ("2025-04-26", 1, 3, "Wonsan")


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
