"""One JSONL file read in pieces gives exactly the documents, ids and sources of reading it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.distributed import split
from newsledger.distributed.split import is_piece, iter_piece, split_shards
from newsledger.document import Document
from newsledger.ingest import ReadFailure, read_paths


def _corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if i == 7:
                fh.write("{broken line\n")
            elif i % 5 == 0:
                fh.write(json.dumps({"text": f"Report without an id, number {i}. The river rose again."}) + "\n")
            else:
                fh.write(json.dumps({"id": f"r{i}", "text": f"Report {i}: the ferry to Varna ran late. " * (i % 4 + 1)}) + "\n")
            if i == 12:
                fh.write("\n")  # a blank line counts for the line numbers
    return path


def _key(item: Document | ReadFailure) -> tuple[str, ...]:
    if isinstance(item, ReadFailure):
        return ("failure", item.source, item.message)
    return (item.id, str(item.meta.get("source")), item.text)


@pytest.mark.parametrize("pieces", [2, 3, 7, 40])
def test_pieces_read_as_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pieces: int) -> None:
    path = _corpus(tmp_path / "big.jsonl", 40)
    monkeypatch.setattr(split, "MIN_PIECE_BYTES", 1)
    shards = split_shards([str(path)], pieces)
    assert 1 < len(shards) <= pieces and all(is_piece(s) for s in shards)  # never an empty piece
    whole = [_key(x) for x in read_paths([path])]
    parts = [_key(x) for s in shards for x in iter_piece(s)]
    assert parts == whole and tuple(k[0] for k in whole if k[0] == "failure") == ("failure",)


def test_small_and_other_files_stay_whole(tmp_path: Path) -> None:
    small = _corpus(tmp_path / "small.jsonl", 10)
    other = tmp_path / "a.txt"
    other.write_text("An article.", encoding="utf-8")
    assert split_shards([str(small), str(other)], 8) == [str(small), str(other)]
    assert split_shards(["s3://bucket/big.jsonl"], 8) == ["s3://bucket/big.jsonl"]


def test_a_file_over_the_piece_limit_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _corpus(tmp_path / "big.jsonl", 40)
    monkeypatch.setattr(split, "MAX_PIECE_BYTES", path.stat().st_size // 4)
    assert len(split_shards([str(path)], 1)) >= 4
