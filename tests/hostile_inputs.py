"""The hostile-input corpus: text fixtures in tests/fixtures/hostile, binary ones generated here (gzip bomb,
truncated WARC, a gzip that holds no WARC, a UTF-16 file, a file name with terminal escapes)."""

from __future__ import annotations

import gzip
import shutil
import struct
import zlib
from pathlib import Path

from tests.ingest.pages import article_html, warc_records

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, no mtime
ANSI_NAME = "alert\x1b[31mred\x1b]0;owned\x07.txt"


def gzip_bomb(path: Path, megabytes: int = 300, prefix: bytes = b"") -> Path:
    """A valid gzip file of about ``megabytes`` KB that inflates to ``prefix`` and ``megabytes`` MB of zero bytes.

    Built fast: after the first megabyte the deflate state is the same for every further megabyte of zeros,
    so its (sync-flushed) compressed block is repeated; header and trailer (CRC, size) are written by hand."""
    zeros = b"\0" * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(prefix + zeros) + c.flush(zlib.Z_SYNC_FLUSH)
    unit = c.compress(zeros) + c.flush(zlib.Z_SYNC_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, (len(prefix) + megabytes * len(zeros)) & 0xFFFFFFFF)
    path.write_bytes(GZIP_HEADER + first + unit * (megabytes - 1) + c.flush() + trailer)
    return path


def truncated_warc(path: Path, pages: int = 4, cut: int = 40) -> Path:
    """A .warc.gz of ``pages`` article pages with its last ``cut`` bytes missing."""
    data = warc_records([(f"https://courier.example/2024/05/14/story-{i}", article_html().encode(), "text/html", 200)
                         for i in range(pages)], gzip=True)
    path.write_bytes(data[:-cut])
    return path


def build(folder: Path, bomb: bool = True) -> Path:
    """Copy the text fixtures into ``folder`` and write the binary ones beside them."""
    shutil.copytree(FIXTURES, folder, dirs_exist_ok=True)
    text = "The museum reopened its west wing after a year of repairs, the curator said on Sunday."
    (folder / "utf16_bom.txt").write_bytes(text.encode("utf-16"))
    (folder / "holds_no_warc.warc.gz").write_bytes(gzip.compress(b"just some log lines\n" * 50))
    truncated_warc(folder / "cut_short.warc.gz")
    (folder / ANSI_NAME).write_text("The river ferry resumed service after the fog lifted on Monday.", encoding="utf-8")
    if bomb:
        gzip_bomb(folder / "bomb.warc.gz")
    return folder
