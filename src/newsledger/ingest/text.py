"""Plain-text reader: one article per file, with an optional ``date YYYY-MM-DD`` header."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.document import Document
from newsledger.errors import InputError

HEADER_RE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\r?\n)?")
# Share of control characters above which a file is treated as binary, not text.
BINARY_CONTROL_SHARE = 0.05


def decode_bytes(data: bytes, source: str) -> str:
    """Decode article bytes as UTF-8 (BOM allowed) or raise InputError that says what to do."""
    if not data.strip():
        raise InputError(source, "empty input: nothing to analyse")
    if b"\x00" in data[:4096]:
        raise InputError(source, "looks binary (NUL bytes); give a text, HTML, JSONL or WARC file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 4096):
        raise InputError(source, "looks binary (many control characters); give a text file")
    return text


def parse_date(value: Any, source: str = "input") -> date | None:
    """Parse a publication date (YYYY-MM-DD, or an ISO timestamp whose date part is used)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        raise InputError(source, f"publication date {s!r} is not YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise InputError(source, f"publication date {s!r} is not a real date ({exc})") from None


def content_id(text: str) -> str:
    """A short id derived from the text, for documents that have none."""
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_document(
    text: str,
    id: str | None = None,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    meta: dict[str, Any] | None = None,
    source: str = "input",
) -> Document:
    """Build a Document from raw text, taking a leading ``date YYYY-MM-DD`` header off the text."""
    meta = dict(meta or {})
    m = HEADER_RE.match(text)
    if m:
        header_date = parse_date(m.group(1), source)
        text = text[m.end():]
        meta["header_chars"] = m.end()  # offsets into the original file = offset + header_chars
        if published is None:
            published = header_date
    if not text.strip():
        raise InputError(source, "empty input: nothing to analyse")
    return Document(
        id=id or content_id(text),
        text=text,
        published=parse_date(published, source),
        outlet=outlet,
        url=url,
        title=title,
        meta=meta,
    )


def read_text(path: Path) -> Iterator[Document]:
    """Read one .txt article."""
    source = str(path)
    text = decode_bytes(path.read_bytes(), source)
    yield make_document(text, id=path.stem, source=source, meta={"source": source})
