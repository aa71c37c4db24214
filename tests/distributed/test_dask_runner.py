"""A Dask LocalCluster run (2 worker processes on 127.0.0.1) gives the same records as the local run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.distributed.batch import PipelineSpec, Runner
from newsledger.distributed.dask_runner import (
    expand_shards,
    ingest_partitions,
    iter_partition_rows,
    partition_name,
    run_on_dask,
)
from newsledger.document import Analysis
from newsledger.ingest import read_paths
from newsledger.ledger import Ledger
from tests.articles import write_jsonl


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    folder = tmp_path / "shards"
    folder.mkdir()
    write_jsonl(folder / "s1.jsonl", 0, 4)
    write_jsonl(folder / "s2.jsonl", 4, 7)
    with (folder / "s2.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    return folder


def test_dask_matches_local_run(tmp_path: Path, shards: Path, pipeline, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from newsledger.distributed import split

    monkeypatch.setattr(split, "MIN_PIECE_BYTES", 1)  # so that these small files are split as large ones are
    out = tmp_path / "parts"
    summary = run_on_dask([str(shards)], str(out), address="local", spec=PipelineSpec(), n_workers=2)
    assert (summary.shards, summary.analysed, summary.failed) == (6, 7, 1)  # 2 files, 3 pieces each
    rows = list(iter_partition_rows([str(out)]))
    dask_records = {r["id"]: json.loads(r["record"]) for r in rows if r["status"] == "ok"}
    local = [r for r in Runner(PipelineSpec(), workers=1).run(d for d in read_paths([shards]) if not hasattr(d, "message"))]
    local_records = {r.document.id: r.to_dict() for r in local if isinstance(r, Analysis)}
    assert dask_records == local_records
    assert any(r["entities"] for r in dask_records.values())  # the real model ran on the workers
    assert [r["status"] for r in rows].count("failed") == 1

    db = tmp_path / "ledger.sqlite"
    assert ingest_partitions([str(out)], db) == (7, 1)
    assert ingest_partitions([str(out)], db) == (7, 1)  # idempotent
    with Ledger(db) as ledger:
        assert ledger.count() == 7
        assert ledger.get("art-00005") == local_records["art-00005"]

    again = run_on_dask([str(shards)], str(out), address="local", n_workers=2, resume=True)
    assert (again.skipped, again.analysed) == (6, 0)


@pytest.mark.parametrize("name", ["s1.jsonl", "dir/s1.jsonl", "s3://bucket/x/s1.jsonl"])
def test_partition_names_are_stable_and_distinct(name: str) -> None:
    assert partition_name(name) == partition_name(name)
    assert partition_name(name).startswith("part-s1-") and partition_name(name).endswith(".parquet")
    assert partition_name(name) != partition_name(name + "x")


def test_expand_shards_glob(shards: Path) -> None:
    assert [Path(p).name for p in expand_shards([str(shards / "*.jsonl")])] == ["s1.jsonl", "s2.jsonl"]
