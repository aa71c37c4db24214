"""Every reader reports what it could not read; ids are unique per input; UTF-16 is text, not binary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.document import Document
from newsledger.ingest import ReadFailure, read_paths
from newsledger.ingest import jsonl as jsonl_reader
from newsledger.ingest.ids import IdRegistry, same_file, suffixed

ARTICLE = "The water board said on Monday that the reservoir was full for the first time in years."


def _split(items: list[Document | ReadFailure]) -> tuple[list[Document], list[ReadFailure]]:
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadFailure)]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_a_bom_is_text(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path = tmp_path / "note.txt"
    path.write_bytes(bom + ("date 2024-05-01\n" + ARTICLE).encode(codec))
    docs, failures = _split(list(read_paths([path])))
    assert not failures and docs[0].text == ARTICLE and str(docs[0].published) == "2024-05-01"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv"])
def test_utf16_tables(tmp_path: Path, suffix: str) -> None:
    body = {".jsonl": json.dumps({"id": "w1", "text": ARTICLE}) + "\n", ".csv": f'id,text\nw1,"{ARTICLE}"\n',
            ".tsv": f"id\ttext\nw1\t{ARTICLE}\n"}[suffix]
    path = tmp_path / f"table{suffix}"
    path.write_bytes(body.encode("utf-16"))
    docs, failures = _split(list(read_paths([path])))
    assert not failures and [(d.id, d.text) for d in docs] == [("w1", ARTICLE)]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.xml", b"", "empty"),
        ("empty.jsonl", b"", "no documents"),
        ("blank.jsonl", b"\n\n  \n", "no documents"),
        ("header_only.csv", b"id,text\n", "no documents"),
        ("empty.csv", b"", "no header"),
        ("empty.json", b"", "empty"),
        ("list.json", b"[]", "no documents"),
        ("empty.warc", b"", "not a WARC"),
        ("empty.html", b"   ", "empty"),
        ("zero.txt", b"\x00\x01\x02" * 40, "binary"),
    ],
)
def test_empty_and_unreadable_files_are_reported(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    (tmp_path / name).write_bytes(content)
    docs, failures = _split(list(read_paths([tmp_path / name])))
    assert not docs and len(failures) == 1 and words in failures[0].message


def test_jsonl_bad_lines_stay_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_reader, "MAX_LINE_CHARS", 5000)
    lines = [b'{"id": "a", "text": "%s"}' % ARTICLE.encode(), b"[" * 4000, b'{"id": "b", "text": "caf\xe9 menu"}',
             b'{"id": "c", "text": "' + b"x" * 9000 + b'"}', b'{"id": 1' + b"9" * 4400 + b', "text": "long number"}',
             b'{"id": "d", "text": "%s"}' % ARTICLE.encode()]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, failures = _split(list(read_paths([path])))
    assert [d.id for d in docs] == ["a", "d"]
    assert [(f.source.rsplit(":", 1)[1], f.message.split(" ")[0]) for f in failures] == [
        ("2", "JSON"), ("3", "not"), ("4", "line"), ("5", "unreadable")]


def test_same_file_names_in_two_folders_keep_both(tmp_path: Path) -> None:
    for folder, words in (("a", "north"), ("b", "south")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"The {words} gate opened on Friday.", encoding="utf-8")
    first = [d.id for d in read_paths([tmp_path]) if isinstance(d, Document)]
    again = [d.id for d in read_paths([tmp_path]) if isinstance(d, Document)]
    assert first == again == ["report", suffixed("report", str(tmp_path / "b" / "report.txt"))]


def test_duplicate_ids_inside_one_file(tmp_path: Path) -> None:
    path = tmp_path / "dupes.jsonl"
    path.write_text('{"id": "x", "text": "First text about the dam."}\n{"id": "x", "text": "Second text about the dam."}\n',
                    encoding="utf-8")
    docs = [d for d in read_paths([path]) if isinstance(d, Document)]
    assert [d.id for d in docs] == ["x", suffixed("x", f"{path}:2")] and docs[1].meta["original_id"] == "x"


@pytest.mark.parametrize(
    ("stored", "text", "renamed"),
    [
        (None, ARTICLE, False),  # the id is free
        (("elsewhere/note.txt", "same"), ARTICLE, False),  # same text under the same id: the same document
        (("in/note.txt", "other"), ARTICLE, False),  # same file, new text: an edit, replaced
        (("elsewhere/note.txt", "other"), ARTICLE, True),  # another file, other text: a collision
    ],
)
def test_ids_against_the_ledger(stored: tuple[str, str] | None, text: str, renamed: bool) -> None:
    doc = Document(id="note", text=text, meta={"source": "in/note.txt"})
    found = None if stored is None else (stored[0], doc.content_hash if stored[1] == "same" else "0" * 40)
    registry = IdRegistry(stored=lambda _: found)
    assert (registry.assign(doc, "in/note.txt").id != "note") is renamed


@pytest.mark.parametrize(
    ("source", "file", "same"),
    [("a.jsonl:3", "a.jsonl", True), ("a.json[2]", "a.json", True), ("f.rss#1", "f.rss", True), ("a.txt", "a.txt", True),
     ("a.jsonl2:3", "a.jsonl", False), ("b/a.txt", "a.txt", False)],
)
def test_same_file(source: str, file: str, same: bool) -> None:
    assert same_file(source, file) is same
