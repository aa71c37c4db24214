"""The hostile-input corpus through every stage (the CLI batch test runs it with no stages): each readable record
is analysed without a stage error, every offset slices to its text and the record is strict JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.netguard import set_policy
from newsledger.offsets import violations
from newsledger.pipeline import Failure, Pipeline
from tests.hostile_inputs import build


@pytest.fixture()
def offline() -> Iterator[None]:
    policy = set_policy()
    fetch, allow_private = policy.fetch, policy.allow_private
    set_policy(fetch=False)  # feed items keep their own text; nothing is fetched
    yield
    set_policy(fetch=fetch, allow_private=allow_private)


def test_every_stage_takes_the_hostile_records(pipeline: Pipeline, tmp_path: Path, offline: None) -> None:
    folder = build(tmp_path / "in", bomb=False)
    items = list(read_paths(sorted(folder.rglob("*"))))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert {"newsapi-shape", "broken-\ufffd-id", "year-one", "year-max", "slash/in/id", "teaser-loopback"} <= {
        d.id for d in docs}
    assert failures  # the unreadable ones are reported, not analysed
    results = list(pipeline.analyze_many(docs))
    assert len(results) == len(docs)
    for result in results:
        assert isinstance(result, Analysis), result if isinstance(result, Failure) else None
        assert not result.errors, (result.document.id, result.errors)
        assert not violations(result), result.document.id
        json.dumps(result.to_dict(), allow_nan=False).encode("utf-8")  # strict JSON, no lone surrogate
