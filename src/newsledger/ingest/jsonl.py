"""JSON and JSONL reader: records with ``id, text, published, outlet, url, title`` (extra fields kept)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.columns import current_mapping
from newsledger.ingest.text import make_document

KNOWN_FIELDS = ("id", "text", "published", "outlet", "url", "title")
# Common alternative column names in public corpora (e.g. AllSides uses date/source).
ALIASES = {"published": ("date", "publication_date", "pubdate"), "outlet": ("source", "publisher")}


def record_to_document(rec: Any, source: str, fallback_id: str) -> Document:
    """Turn one JSON object into a Document, or raise InputError."""
    if not isinstance(rec, dict):
        raise InputError(source, f"expected a JSON object, got {type(rec).__name__}")
    mapping = current_mapping()  # explicit field=column mapping ($NEWSLEDGER_COLUMNS), if any
    if mapping:
        rec = dict(rec)
        for key, column in mapping.items():
            if column in rec and column != key:
                rec[key] = rec.pop(column)
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError(source, "record has no 'text' string")
    fields: dict[str, Any] = {k: rec.get(k) for k in KNOWN_FIELDS}
    for key, alts in ALIASES.items():
        if fields.get(key) in (None, ""):
            fields[key] = next((rec[a] for a in alts if rec.get(a) not in (None, "")), None)
    used = set(KNOWN_FIELDS) | {a for key in ALIASES for a in ALIASES[key] if fields.get(key) == rec.get(a)}
    meta = {k: v for k, v in rec.items() if k not in used}
    meta["source"] = source
    return make_document(
        text,
        id=str(fields["id"]) if fields.get("id") not in (None, "") else fallback_id,
        published=fields.get("published"),
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        title=fields.get("title"),
        meta=meta,
        source=source,
    )


def iter_jsonl(stream: IO[str], name: str) -> Iterator[Document | InputError]:
    """Yield a Document or an InputError for each non-blank line of a JSONL stream."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        try:
            rec = json.loads(line)
            yield record_to_document(rec, source, fallback_id=f"{Path(name).stem}-{lineno}")
        except json.JSONDecodeError as exc:
            yield InputError(source, f"invalid JSON ({exc.msg} at column {exc.colno}); fix or drop the line")
        except InputError as exc:
            yield exc


def read_jsonl(path: Path) -> Iterator[Document | InputError]:
    """Read a .jsonl file line by line (streaming); bad lines become per-line errors."""
    with path.open("r", encoding="utf-8", errors="strict", newline="") as fh:
        try:
            yield from iter_jsonl(fh, str(path))
        except UnicodeDecodeError as exc:
            yield InputError(str(path), f"not valid UTF-8 at byte {exc.start}; convert it to UTF-8")


def read_json(path: Path) -> Iterator[Document | InputError]:
    """Read a .json file holding one record or a list of records."""
    source = str(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield InputError(source, f"not a valid UTF-8 JSON file ({exc}); use JSONL for one record per line")
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records, 1):
        try:
            yield record_to_document(rec, f"{source}[{i}]", fallback_id=f"{path.stem}-{i}" if len(records) > 1 else path.stem)
        except InputError as exc:
            yield exc
