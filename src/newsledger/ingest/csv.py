"""CSV reader: one article per row, columns mapped to Document fields (see ingest/columns.py).

Malformed rows never swallow the rest of the file: a quote left open would make the csv module read every
later line into one field, so the reader parses strictly, reports such a row (naming its line) and reads on
from the line after it. A row with sloppy quoting elsewhere (``a,"b" c``) is re-read tolerantly, as before.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.columns import current_mapping, pick
from newsledger.ingest.text import MAX_TEXT_CHARS, make_document, sniff_encoding

# One field may hold a whole article, but not more: an unclosed quote stops here instead of at the end of
# the file (and memory stays bounded by it).
MAX_FIELD_CHARS = MAX_TEXT_CHARS + 1024
csv.field_size_limit(MAX_FIELD_CHARS)


class _Lines:
    """The file's lines for the csv module, remembering the lines of the current row so they can be replayed."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.row: list[tuple[int, str]] = []
        self.replay: deque[tuple[int, str]] = deque()
        self.lineno = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.replay:
            item = self.replay.popleft()
        else:
            line = self.fh.readline(MAX_FIELD_CHARS)
            if not line:
                raise StopIteration
            self.lineno += 1
            item = (self.lineno, line)
        self.row.append(item)
        return item[1]

    def start_row(self) -> None:
        self.row = []

    def first_line(self) -> int:
        return self.row[0][0] if self.row else self.lineno + 1

    def skip_first_line_of_row(self) -> None:
        """Forget the row's first line and read its other lines again."""
        self.replay.extendleft(reversed(self.row[1:]))
        self.row = []


def _rows(lines: _Lines, delimiter: str, source: str) -> Iterator[tuple[int, list[str]] | InputError]:
    """(line, fields) per row, or an error for a row that cannot be read (the reading goes on after it).

    A quote left open pairs with the next quote in the file, so the row runs over the following lines; such
    a row, spanning several lines with another number of fields than the header, is reported and the lines
    after its first are read again."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    width: int | None = None
    while True:
        lines.start_row()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = lines.first_line()
            if "unexpected end of data" in str(exc) or "field larger" in str(exc):
                yield InputError(source, f"line {line}: unclosed quote; that row was skipped and the lines after it read on")
                lines.skip_first_line_of_row()
                reader = csv.reader(lines, delimiter=delimiter, strict=True)
                continue
            # sloppy quoting inside a row ('a,"b" c'): read that row tolerantly
            fields = next(csv.reader(["".join(t for _, t in lines.row)], delimiter=delimiter), [])
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
        if width is None and any(f.strip() for f in fields):
            width = len(fields)
        elif width is not None and len(lines.row) > 1 and len(fields) != width:
            yield InputError(source, f"line {lines.first_line()}: unclosed quote (the row runs into the next lines with"
                             f" {len(fields)} fields for {width} columns); that row was skipped and the lines after it read on")
            lines.skip_first_line_of_row()
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        yield (lines.first_line(), fields)


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Read a CSV (or TSV, by suffix) row by row; a bad row becomes a per-row error and the rest is read."""
    source = str(path)
    mapping = current_mapping() if mapping is None else mapping
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with path.open("rb") as raw:
        codec = sniff_encoding(raw.read(4))
    with path.open("r", encoding=codec, errors="strict", newline="") as fh:
        try:
            yield from _read_rows(_Lines(fh), delimiter, source, path.stem, mapping)
        except UnicodeDecodeError as exc:
            yield InputError(source, f"not valid UTF-8 ({exc.reason} at byte {exc.start} of a chunk); convert it to"
                             " UTF-8; the rows before it were read")


def _read_rows(lines: _Lines, delimiter: str, source: str, stem: str,
               mapping: dict[str, str]) -> Iterator[Document | InputError]:
    rows = _rows(lines, delimiter, source)
    header = next((r for r in rows if not isinstance(r, InputError) and any(f.strip() for f in r[1])), None)
    if header is None:
        raise InputError(source, "no header row; the first row must name the columns")
    names = header[1]
    text_col = mapping.get("text")
    if text_col and text_col not in names:
        raise InputError(source, f"no column {text_col!r}; columns are {', '.join(names)}")
    rowno = 1  # rows are numbered as csv.DictReader counts them: the header is row 1, blank rows do not count
    for item in rows:
        if isinstance(item, InputError) or not item[1]:
            if isinstance(item, InputError):
                rowno += 1  # the row keeps its number, so a fixed row later replaces this failure
                yield InputError(f"{source}:{rowno}", item.message)
            continue
        rowno += 1
        fields = item[1]
        row_source = f"{source}:{rowno}"
        row: dict[str, Any] = dict(zip(names, fields, strict=False))
        if len(fields) > len(names):
            row["_extra"] = fields[len(names):]
        values, used = pick(row, mapping)
        if not isinstance(values.get("text"), str):
            yield InputError(row_source, "row has no text; map the text column, e.g. NEWSLEDGER_COLUMNS=text=body")
            continue
        meta = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
        meta["source"] = row_source
        try:
            yield make_document(values["text"], id=values.get("id") or f"{stem}-{rowno}",
                                published=values.get("published"), outlet=values.get("outlet"),
                                url=values.get("url"), title=values.get("title"), meta=meta, source=row_source)
        except InputError as exc:
            yield exc
