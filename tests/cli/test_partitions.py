"""``newsledger ingest`` loads Parquet partitions; ``analyze --errors`` writes per-document error records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.distributed.batch import PipelineSpec
from newsledger.distributed.dask_runner import analyze_shard
from newsledger.ledger import Ledger
from tests.articles import write_jsonl

BLANK = PipelineSpec(model="blank:en", stages=())


def test_ingest_partitions(tmp_path: Path) -> None:
    shard = write_jsonl(tmp_path / "s.jsonl", 0, 5)
    summary = analyze_shard(str(shard), str(tmp_path / "parts"), BLANK)
    assert (summary.analysed, summary.failed) == (5, 0)
    db = tmp_path / "l.sqlite"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "parts"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Ledger(db) as ledger:
        assert ledger.count() == 5
        assert ledger.get("art-00002")["outlet"] == "Elm Gazette"


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: p.mkdir(), "no .parquet partitions in this folder"),
    (lambda p: p.write_text('{"id": "a", "text": "not a partition"}\n', encoding="utf-8"), "not a Parquet partition"),
    (lambda p: None, "no such file or directory"),
])
def test_ingest_of_what_is_not_a_partition_is_a_one_line_error(tmp_path: Path, make: Any, says: str) -> None:
    target = tmp_path / "input.parquet"
    make(target)
    result = CliRunner().invoke(app, ["ingest", str(target), "--db", str(tmp_path / "l.sqlite")])
    assert result.exit_code == 2 and says in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_analyze_error_records(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 3)
    with corpus.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "text": \n')
    errors, out = tmp_path / "errors.jsonl", tmp_path / "out.jsonl"
    args = ["analyze", str(corpus), "--model", "blank:en", "--stages", "none", "--no-store", "-o", str(out),
            "--errors", str(errors), "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 1 and recs[0]["source"].endswith("c.jsonl:4") and "invalid JSON" in recs[0]["message"]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    again = CliRunner().invoke(app, [*args, "--resume"])  # with --no-store, the output file is the checkpoint
    assert again.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
