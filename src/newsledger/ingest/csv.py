"""CSV reader: one article per row, columns mapped to Document fields (see ingest/columns.py)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.columns import current_mapping, pick
from newsledger.ingest.text import make_document

# Article texts exceed the csv module's default field limit of 131,072 characters.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Document | InputError]:
    """Read a CSV (or TSV, by suffix) row by row; a row without text becomes a per-row error."""
    source = str(path)
    mapping = current_mapping() if mapping is None else mapping
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        if not reader.fieldnames:
            raise InputError(source, "no header row; the first row must name the columns")
        text_col = mapping.get("text")
        if text_col and text_col not in reader.fieldnames:
            raise InputError(source, f"no column {text_col!r}; columns are {', '.join(reader.fieldnames)}")
        try:
            for rowno, row in enumerate(reader, 2):
                row_source = f"{source}:{rowno}"
                values, used = pick(row, mapping)
                if not isinstance(values.get("text"), str):
                    yield InputError(row_source, "row has no text; map the text column, e.g. NEWSLEDGER_COLUMNS=text=body")
                    continue
                meta = {k: v for k, v in row.items() if k not in used and k is not None and v not in (None, "")}
                meta["source"] = row_source
                try:
                    yield make_document(values["text"], id=values.get("id") or f"{path.stem}-{rowno}",
                                        published=values.get("published"), outlet=values.get("outlet"),
                                        url=values.get("url"), title=values.get("title"), meta=meta, source=row_source)
                except InputError as exc:
                    yield exc
        except UnicodeDecodeError as exc:
            yield InputError(source, f"not valid UTF-8 at byte {exc.start}; convert it to UTF-8")
        except csv.Error as exc:
            yield InputError(source, f"malformed CSV ({exc})")
