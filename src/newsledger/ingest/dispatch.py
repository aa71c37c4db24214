"""Dispatch table from file type to reader; walks directories and reads stdin."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.csv import read_csv
from newsledger.ingest.feed import read_feed
from newsledger.ingest.html import read_html
from newsledger.ingest.ids import IdRegistry
from newsledger.ingest.jsonl import iter_jsonl, read_json, read_jsonl
from newsledger.ingest.text import decode_bytes, make_document, read_text
from newsledger.ingest.url import is_url, read_url
from newsledger.ingest.warc import read_warc
from newsledger.sanitize import clean_text, one_line

log = logging.getLogger(__name__)

Reader = Callable[[Path], Iterable[Document | InputError]]


@dataclass
class ReadFailure:
    """An input that could not be turned into a document (message: one short line)."""

    source: str
    message: str

    def __post_init__(self) -> None:
        self.source, self.message = clean_text(str(self.source)), one_line(self.message)


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


def _read_file(path: Path, reader: Reader) -> Iterator[Document | ReadFailure]:
    """Every item of one file; a file that gives nothing, or a reader that stops early, is a failure too."""
    n = 0
    try:
        for item in reader(path):
            n += 1
            yield ReadFailure(item.source, item.message) if isinstance(item, InputError) else item
    except InputError as exc:
        n += 1
        yield ReadFailure(exc.source, exc.message)
    except OSError as exc:
        n += 1
        yield ReadFailure(str(path), f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end the batch; say where reading stopped
        n += 1
        log.exception("reader failed on %s", path)
        yield ReadFailure(str(path), f"reading stopped after {n - 1} item(s): {type(exc).__name__}: {exc}")
    if n == 0:
        yield ReadFailure(str(path), "no documents in this file (empty, or no records with text)")


def read_paths(paths: Iterable[str | Path], ids: IdRegistry | None = None) -> Iterator[Document | ReadFailure]:
    """Yield documents (or failures) from files, directories (recursive), http(s) URLs and ``-`` (stdin).

    Every document id is unique in the run (``ids``, see ingest/ids.py): a colliding id gets a stable suffix.
    """
    ids = ids if ids is not None else IdRegistry()
    for raw in paths:
        for item, file in _read_one(raw):
            yield ids.assign(item, file) if isinstance(item, Document) else item


def _read_one(raw: str | Path) -> Iterator[tuple[Document | ReadFailure, str]]:
    if str(raw) == "-":
        for item in _read_stdin():
            yield item, "<stdin>"
        return
    if is_url(str(raw)):
        try:
            for got in read_url(str(raw)):
                yield (ReadFailure(got.source, got.message) if isinstance(got, InputError) else got), str(raw)
        except InputError as exc:
            yield ReadFailure(exc.source, exc.message), str(raw)
        return
    root = Path(raw)
    if not root.exists():
        yield ReadFailure(str(root), "no such file or directory"), str(root)
        return
    for path in _walk(root):
        reader = reader_for(path)
        if reader is None:
            known = ", ".join(sorted(READERS))
            yield ReadFailure(str(path), f"unknown file type; known types: {known}"), str(path)
            continue
        for item in _read_file(path, reader):
            yield item, str(path)
