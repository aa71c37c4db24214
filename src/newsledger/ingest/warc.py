"""WARC / WARC.gz reader (warcio): HTML response records, streamed one record at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.html import MAX_HTML_BYTES, html_to_document

HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_warc(stream: object, source: str) -> Iterator[Document | InputError]:
    """Yield a Document or InputError for each HTML response of a WARC stream; memory stays bounded
    by one record (a record above MAX_HTML_BYTES is skipped without being read into memory)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for n, record in enumerate(ArchiveIterator(stream), 1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            rec_source = f"{source}#{n}"
            status = record.http_headers.get_statuscode()
            ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if status != "200" or ctype not in HTML_TYPES:
                continue
            body = record.content_stream().read(MAX_HTML_BYTES + 1)
            if len(body) > MAX_HTML_BYTES:
                yield InputError(rec_source, f"record larger than {MAX_HTML_BYTES:,} bytes skipped")
                continue
            warc_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            extra = {"format": "warc", "warc": source, "fallback_date": warc_date, "fallback_date_method": "warc-date"}
            try:
                doc = html_to_document(body, rec_source, url=url,
                                       id=(record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or None,
                                       extra=extra)
            except InputError as exc:
                yield exc
                continue
            doc.meta.pop("fallback_date", None)
            doc.meta.pop("fallback_date_method", None)
            yield doc
    except ArchiveLoadFailed as exc:
        yield InputError(source, f"not a readable WARC file ({exc}); give a .warc or .warc.gz")


def read_warc(path: Path) -> Iterator[Document | InputError]:
    """Read a .warc or .warc.gz file."""
    with path.open("rb") as fh:
        head = fh.read(5)
        if not (head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b")):
            yield InputError(str(path), "not a WARC file (no WARC/ header); give a .warc or .warc.gz")
            return
        fh.seek(0)
        yield from iter_warc(fh, str(path))
