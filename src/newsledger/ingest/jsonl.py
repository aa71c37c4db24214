"""JSON and JSONL reader: records with ``id, text, published, outlet, url, title`` (extra fields kept)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.columns import current_mapping
from newsledger.ingest.text import decode_bytes, make_document, sniff_encoding

KNOWN_FIELDS = ("id", "text", "published", "outlet", "url", "title")
# Common alternative column names in public corpora (e.g. AllSides uses date/source).
# A JSONL line longer than this is skipped (the longest texts accepted are 20 M characters).
MAX_LINE_CHARS = 64 * 1024 * 1024
# A .json file is parsed whole; larger collections belong in JSONL, which is streamed.
MAX_JSON_BYTES = 200 * 1024 * 1024
# (News-API records carry publishedAt, and source as an object {"id": ..., "name": ...}: see ingest/record.py.)
# TimeML corpora (TempEval-3 and its silver AFP/Xinhua set) give the publication date as "dct", the document
# creation time.
ALIASES = {"published": ("date", "publication_date", "pubdate", "publishedAt", "published_at", "dct"),
           "outlet": ("source", "publisher")}


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
    if rec.get("text") is None:
        raise InputError(source, "record has no 'text' field; map it, e.g. NEWSLEDGER_COLUMNS=text=body")
    fields: dict[str, Any] = {k: rec.get(k) for k in KNOWN_FIELDS}
    for key, alts in ALIASES.items():
        if fields.get(key) in (None, ""):
            fields[key] = next((rec[a] for a in alts if rec.get(a) not in (None, "")), None)
    used = set(KNOWN_FIELDS) | {a for key in ALIASES for a in ALIASES[key] if fields.get(key) == rec.get(a)}
    meta = {k: v for k, v in rec.items() if k not in used}
    meta["source"] = source
    return make_document(
        rec["text"],
        id=fields["id"] if fields.get("id") not in (None, "") else fallback_id,
        published=fields.get("published"),
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        title=fields.get("title"),
        meta=meta,
        source=source,
    )


def _lines(stream: IO[Any], limit: int) -> Iterator[str | bytes | None]:
    """The lines of a text or binary stream, each at most ``limit`` long; None stands for a longer line."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) >= limit and not line.endswith(newline):
            while (rest := stream.readline(limit)) and not rest.endswith(newline):
                pass
            yield None
            continue
        yield line


def iter_jsonl(stream: IO[Any], name: str) -> Iterator[Document | InputError]:
    """Yield a Document or an InputError for each non-blank line of a JSONL stream (text or UTF-8 bytes);
    a bad line, an undecodable line or an over-long line is an error of that line only."""
    for lineno, line in enumerate(_lines(stream, MAX_LINE_CHARS), 1):
        source = f"{name}:{lineno}"
        if line is None:
            yield InputError(source, f"line longer than {MAX_LINE_CHARS:,} characters skipped; one article per line")
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(source, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1});"
                                 " convert the file, e.g. iconv -f latin1 -t utf-8")
                continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            yield record_to_document(rec, source, fallback_id=f"{Path(name).stem}-{lineno}")
        except json.JSONDecodeError as exc:
            yield InputError(source, f"invalid JSON: {exc.msg} (column {exc.colno}); fix or drop the line")
        except RecursionError:
            yield InputError(source, "JSON nested too deeply to read; fix or drop the line")
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            yield InputError(source, f"unreadable JSON value ({exc}); fix or drop the line")
        except InputError as exc:
            yield exc


def read_jsonl(path: Path) -> Iterator[Document | InputError]:
    """Read a .jsonl file line by line (streaming, UTF-8, or UTF-16/32 with a BOM); bad lines become per-line errors."""
    with path.open("rb") as fh:
        codec = sniff_encoding(fh.read(4))
        fh.seek(0)
        if codec.startswith("utf-8"):
            yield from iter_jsonl(fh, str(path))
            return
    with path.open("r", encoding=codec, errors="replace", newline="") as text:
        yield from iter_jsonl(text, str(path))


def read_json(path: Path) -> Iterator[Document | InputError]:
    """Read a .json file holding one record or a list of records."""
    source = str(path)
    if path.stat().st_size > MAX_JSON_BYTES:
        raise InputError(source, f"JSON file larger than {MAX_JSON_BYTES:,} bytes; use JSONL (one record per line)")
    try:
        data = json.loads(decode_bytes(path.read_bytes(), source))
    except (ValueError, RecursionError) as exc:
        yield InputError(source, f"not a valid JSON file ({type(exc).__name__}: {exc}); use JSONL for one record per line")
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records, 1):
        try:
            yield record_to_document(rec, f"{source}[{i}]", fallback_id=f"{path.stem}-{i}" if len(records) > 1 else path.stem)
        except InputError as exc:
            yield exc
