"""Readers: the text header, JSONL fields, and bad input reported per document."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest.text import make_document


@pytest.mark.parametrize(
    ("raw", "published", "body_start"),
    [
        ("date 2024-02-03 The council met.", date(2024, 2, 3), "The council met."),
        ("date 2024-02-03\nThe council met.", date(2024, 2, 3), "The council met."),
        ("  date 1999-12-31   Party time.", date(1999, 12, 31), "Party time."),
        ("The date 2024-02-03 is in the text.", None, "The date"),
        ("dated 2024-02-03 text", None, "dated"),
    ],
)
def test_date_header(raw: str, published: date | None, body_start: str) -> None:
    doc = make_document(raw)
    assert doc.published == published
    assert doc.text.startswith(body_start)
    if published:
        assert raw[doc.meta["header_chars"]:] == doc.text


def test_header_with_bad_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a real date"):
        make_document("date 2024-02-30 Text.")


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


def test_batch_goes_on_past_bad_inputs(tmp_path: Path) -> None:
    _write(tmp_path, "good.txt", b"date 2023-05-01 A good article about a bridge.")
    _write(tmp_path, "empty.txt", b"   \n")
    _write(tmp_path, "binary.txt", b"\x00\x01\x02PNG\x00\x00")
    _write(tmp_path, "latin.txt", "Caf\xe9 owners protested.".encode("latin-1"))
    lines = [
        json.dumps({"id": "a", "text": "First record.", "published": "2020-01-02", "outlet": "X", "lang": "en"}),
        "{not json",
        json.dumps({"id": "b", "title": "no text"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "Second record.", "date": "2021-03-04T10:00:00Z", "source": "Y"}),
    ]
    _write(tmp_path, "corpus.jsonl", "\n".join(lines).encode())
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    docs = {d.id: d for d in items if isinstance(d, Document)}
    fails = [f for f in items if isinstance(f, ReadFailure)]
    assert set(docs) == {"good", "a", "corpus-6"}
    assert docs["a"].meta["lang"] == "en" and docs["a"].outlet == "X"
    assert docs["corpus-6"].published == date(2021, 3, 4) and docs["corpus-6"].outlet == "Y"
    messages = " | ".join(f"{f.source}: {f.message}" for f in fails)
    assert "empty" in messages and "binary" in messages and "UTF-8" in messages
    assert "invalid JSON" in messages and "no 'text'" in messages and "JSON object" in messages
    assert "no such file" in messages
    assert len(fails) == 7


def test_json_file_with_list(tmp_path: Path) -> None:
    p = _write(tmp_path, "two.json", json.dumps([{"text": "One."}, {"text": "Two.", "id": "t2"}]).encode())
    ids = [d.id for d in read_paths([p]) if isinstance(d, Document)]
    assert ids == ["two-1", "t2"]


def test_unknown_suffix_is_reported(tmp_path: Path) -> None:
    p = _write(tmp_path, "notes.xyz", b"hello")
    (item,) = list(read_paths([p]))
    assert isinstance(item, ReadFailure) and "unknown file type" in item.message


@pytest.mark.parametrize(
    ("record", "published"),
    [
        ({"text": "The harbour reopened.", "dct": "1998-05-06"}, date(1998, 5, 6)),
        ({"text": "The harbour reopened.", "date": "2001-02-03", "dct": "1998-05-06"}, date(2001, 2, 3)),
        ({"text": "The harbour reopened.", "dct": ""}, None),
    ],
)
def test_jsonl_reads_a_timeml_document_creation_time_as_the_publication_date(
        tmp_path: Path, record: dict[str, str], published: date | None) -> None:
    p = _write(tmp_path, "wires.jsonl", json.dumps(record).encode())
    [doc] = [d for d in read_paths([p]) if isinstance(d, Document)]
    assert doc.published == published

