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
from newsledger.ingest.record import as_date, validate_fields

HEADER_RE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\r?\n)?")
# Share of control characters above which a file is treated as binary, not text.
BINARY_CONTROL_SHARE = 0.05
# Texts longer than this are refused (about 40 MB of UTF-8; long documents below it are analysed in chunks).
MAX_TEXT_CHARS = 20_000_000


# Byte-order marks and the codec that reads them (UTF-32 first: its little-endian BOM starts like UTF-16's).
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


def sniff_encoding(head: bytes) -> str:
    """The codec of a file from its first bytes: UTF-16/32 when they carry a BOM, else UTF-8 (BOM allowed)."""
    return next((codec for bom, codec in BOMS if head.startswith(bom)), "utf-8-sig")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode article bytes (UTF-8, or UTF-16/32 with a BOM) or raise InputError that says what to do."""
    codec = sniff_encoding(data[:4])
    if codec.startswith("utf-8") and b"\x00" in data[:4096]:
        raise InputError(source, "looks binary (NUL bytes); give a text, HTML, JSONL or WARC file")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid {codec.removesuffix('-sig').upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(source, "empty input: nothing to analyse")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > BINARY_CONTROL_SHARE * min(len(text), 4096):
        raise InputError(source, "looks binary (many control characters); give a text file")
    return text


def parse_date(value: Any, source: str = "input") -> date | None:
    """Parse a publication date (YYYY-MM-DD, an ISO timestamp's date part, or RFC 2822); years 1 to 9999."""
    try:
        return as_date(value)
    except ValueError as exc:
        raise InputError(source, f"publication date {exc}") from None


def content_id(text: str) -> str:
    """A short id derived from the text, for documents that have none."""
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_document(
    text: Any,
    id: Any = None,
    published: Any = None,
    outlet: Any = None,
    url: Any = None,
    title: Any = None,
    meta: dict[str, Any] | None = None,
    source: str = "input",
) -> Document:
    """Build a Document from raw fields, validated and coerced at the reader boundary (ingest/record.py),
    taking a leading ``date YYYY-MM-DD`` header off the text; raises InputError naming the bad field."""
    rec = validate_fields(source, text=text, id=id, published=published, outlet=outlet, url=url, title=title,
                          meta=meta)
    text, meta = rec.text, rec.meta
    m = HEADER_RE.match(text)
    published_date = rec.published
    if m:
        header_date = parse_date(m.group(1), source)
        text = text[m.end():]
        meta["header_chars"] = m.end()  # offsets into the original file = offset + header_chars
        published_date = published_date or header_date
    if not text.strip():
        raise InputError(source, "empty input: nothing to analyse")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(source, f"text of {len(text):,} characters exceeds {MAX_TEXT_CHARS:,}; split the file")
    return Document(id=rec.id or content_id(text), text=text, published=published_date, outlet=rec.outlet,
                    url=rec.url, title=rec.title, meta=meta)


def read_text(path: Path) -> Iterator[Document]:
    """Read one .txt article."""
    source = str(path)
    text = decode_bytes(path.read_bytes(), source)
    yield make_document(text, id=path.stem, source=source, meta={"source": source})
