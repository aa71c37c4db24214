"""Dispatch table from file type to reader; walks directories and reads stdin."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.csv import read_csv
from newsledger.ingest.feed import read_feed
from newsledger.ingest.html import read_html
from newsledger.ingest.jsonl import iter_jsonl, read_json, read_jsonl
from newsledger.ingest.text import decode_bytes, make_document, read_text
from newsledger.ingest.url import is_url, read_url
from newsledger.ingest.warc import read_warc

Reader = Callable[[Path], Iterable[Document | InputError]]


@dataclass
class ReadFailure:
    """An input that could not be turned into a document."""

    source: str
    message: str


# Suffix (lower case, with the dot) -> reader. Other issues add html, rss/atom, warc, csv.
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".csv": read_csv,
    ".tsv": read_csv,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a path, by its (possibly double) suffix."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def _read_stdin() -> Iterator[Document | ReadFailure]:
    data = sys.stdin.buffer.read()
    try:
        text = decode_bytes(data, "<stdin>")
    except InputError as exc:
        yield ReadFailure(exc.source, exc.message)
        return
    first = text.lstrip()[:1]
    if first == "{":
        for item in iter_jsonl(io.StringIO(text), "<stdin>"):
            yield ReadFailure(item.source, item.message) if isinstance(item, InputError) else item
        return
    try:
        yield make_document(text, source="<stdin>", meta={"source": "<stdin>"})
    except InputError as exc:
        yield ReadFailure(exc.source, exc.message)


def _walk(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith(".") and reader_for(child) is not None:
                yield child
    else:
        yield path


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | ReadFailure]:
    """Yield documents (or failures) from files, directories (recursive), http(s) URLs and ``-`` (stdin)."""
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin()
            continue
        if is_url(str(raw)):
            try:
                for item in read_url(str(raw)):
                    yield ReadFailure(item.source, item.message) if isinstance(item, InputError) else item
            except InputError as exc:
                yield ReadFailure(exc.source, exc.message)
            continue
        root = Path(raw)
        if not root.exists():
            yield ReadFailure(str(root), "no such file or directory")
            continue
        for path in _walk(root):
            reader = reader_for(path)
            if reader is None:
                known = ", ".join(sorted(READERS))
                yield ReadFailure(str(path), f"unknown file type; known types: {known}")
                continue
            try:
                for item in reader(path):
                    yield ReadFailure(item.source, item.message) if isinstance(item, InputError) else item
            except InputError as exc:
                yield ReadFailure(exc.source, exc.message)
            except OSError as exc:
                yield ReadFailure(str(path), f"cannot read: {exc.strerror or exc}")
