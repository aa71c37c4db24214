"""WARC / WARC.gz reader (warcio): HTML response records, streamed one record at a time.

Memory stays bounded whatever the file holds: gzip is inflated by ``limits.GzipStream`` (size and ratio
caps), header lines are read at most MAX_LINE_BYTES at a time (a "line" of gigabytes without a newline
cannot be buffered whole), and a record body above MAX_HTML_BYTES is skipped unread. What cannot be read is
reported: a gzip that holds no WARC, an archive cut short (naming the byte where it ends and the record it
cuts), a record whose body is shorter than its Content-Length.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.html import MAX_HTML_BYTES, html_to_document
from newsledger.ingest.limits import GzipStream

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes after the last complete record that are still a normal ending (the blank lines between records).
TRAILING_SLACK = 8
# Longest WARC or HTTP header line read in one piece (real ones are under 8 KB).
MAX_LINE_BYTES = 64 * 1024


def _iterator(stream: Any) -> Any:
    """warcio's ArchiveIterator whose reader never buffers more than MAX_LINE_BYTES for one header line."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedLines(DecompressingBufferedReader):  # type: ignore[misc]
        def readline(self, length: int | None = None) -> bytes:
            return super().readline(MAX_LINE_BYTES if not length or length > MAX_LINE_BYTES else length)  # type: ignore[no-any-return]

    it = ArchiveIterator(stream)
    it.reader = BoundedLines(it.fh, block_size=it.reader.block_size)
    return it


def _short(record: Any) -> bool:
    """True when the record's body ended before its Content-Length (the archive was cut inside it)."""
    raw = getattr(record, "raw_stream", None)
    return bool(getattr(raw, "limit", 0))


def iter_warc(stream: Any, source: str) -> Iterator[Document | InputError]:
    """Yield a Document or InputError for each HTML response of a WARC stream (memory: one record)."""
    from warcio.exceptions import ArchiveLoadFailed

    n = end = 0
    stream = stream if isinstance(stream, _Prefixed) else _Prefixed(b"", stream)
    it = _iterator(stream)
    try:
        for n, record in enumerate(it, 1):
            if record.rec_type is None:  # warcio hands out the stub of a header cut off by the end of the data
                yield InputError(source, f"archive cut short inside the header of record #{n} (byte {end:,} of the WARC"
                                 " data): that record is lost; copy or download the file again")
                return
            try:
                item = _record(record, f"{source}#{n}", source)
            except (ValueError, TypeError, AttributeError, LookupError) as exc:  # one odd record, not the archive
                item = InputError(f"{source}#{n}", f"unreadable record ({type(exc).__name__}: {exc})")
            offset, length = it.get_record_offset(), it.get_record_length()  # reads the record to its end
            if _short(record):
                yield InputError(f"{source}#{n}", "record cut short: its body ends before its Content-Length; the"
                                 " archive is incomplete, copy or download it again")
                return
            if item is not None:
                yield item
            end = offset + length
        while stream.read(1 << 16):  # read to the end: a cut in the gzip stream shows here
            pass
    except InputError as exc:  # a cap or a cut in the gzip stream (limits.GzipStream)
        yield InputError(exc.source, f"{exc.message} (after record #{n})")
        return
    except ArchiveLoadFailed as exc:
        yield InputError(source, f"not a readable WARC file after record #{n} ({exc}); give a .warc or .warc.gz")
        return
    except (ValueError, OSError, EOFError, AttributeError, TypeError, KeyError, IndexError) as exc:
        # warcio trips over some malformed headers with these (e.g. a response record without a target URI)
        yield InputError(source, f"unreadable WARC data after record #{n} ({type(exc).__name__}: {exc})")
        return
    if stream.pos - end > TRAILING_SLACK:
        yield InputError(source, f"archive cut short: {stream.pos - end:,} bytes after record #{n} (from byte {end:,} of the"
                         " WARC data) are not a complete record and were lost; copy or download the file again")


def _record(record: Any, rec_source: str, source: str) -> Document | InputError | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if status != "200" or ctype not in HTML_TYPES:
        return None
    body = record.content_stream().read(MAX_HTML_BYTES + 1)
    if len(body) > MAX_HTML_BYTES:
        return InputError(rec_source, f"record larger than {MAX_HTML_BYTES:,} bytes skipped")
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    extra = {"format": "warc", "warc": source, "fallback_date": warc_date, "fallback_date_method": "warc-date"}
    try:
        doc = html_to_document(body, rec_source, url=url,
                               id=(record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or None,
                               extra=extra)
    except InputError as exc:
        return exc
    doc.meta.pop("fallback_date", None)
    doc.meta.pop("fallback_date_method", None)
    return doc


def open_warc(fh: IO[bytes], source: str) -> _Prefixed:
    """The WARC bytes of a file: inflated (with caps) when it is gzip; raises InputError when it holds no WARC."""
    head = fh.read(2)
    fh.seek(0)
    stream: IO[bytes] | GzipStream = GzipStream(fh, source) if head == b"\x1f\x8b" else fh
    first = stream.read(64)
    if not first.lstrip(b"\r\n").startswith(b"WARC/"):
        what = "a gzip file that holds no WARC" if head == b"\x1f\x8b" else "not a WARC file"
        raise InputError(source, f"{what} (no WARC/ header); give a .warc or .warc.gz")
    return _Prefixed(first, stream)


class _Prefixed:
    """A stream with some already-read bytes put back in front."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self.head, self.rest, self.pos = head, rest, 0

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out = self.head if size is None or size < 0 or size >= len(self.head) else self.head[:size]
            self.head = self.head[len(out):]
            self.pos += len(out)
            return out
        out = self.rest.read(size)
        self.pos += len(out)
        return out  # type: ignore[no-any-return]

    def tell(self) -> int:
        return self.pos


def read_warc(path: Path) -> Iterator[Document | InputError]:
    """Read a .warc or .warc.gz file."""
    with path.open("rb") as fh:
        yield from iter_warc(open_warc(fh, str(path)), str(path))
