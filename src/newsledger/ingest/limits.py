"""Bounded, streamed decompression: size and ratio caps on every compressed input, and truncation detection.

A gzip bomb (a few hundred KB that inflate to gigabytes) must fail fast with a clear error and little
memory; a gzip file cut short must say where it ends instead of silently losing its last records.
``GzipStream`` inflates one chunk at a time (never more than ``CHUNK`` bytes of output per call) and:

- stops with InputError once the output exceeds ``max_bytes`` (default MAX_DECOMPRESSED_BYTES), or once
  more than RATIO_FLOOR bytes have come out at a ratio above ``max_ratio`` (default MAX_RATIO) to the
  compressed bytes read so far;
- reads multi-member files (one gzip member per WARC record is the norm);
- raises ``Truncated`` (an InputError) when the file ends inside a member, after handing out what came
  before (so complete records before the cut are still read).

Both caps can be raised with ``NEWSLEDGER_MAX_DECOMPRESSED`` (bytes) and ``NEWSLEDGER_MAX_RATIO``.
"""

from __future__ import annotations

import os
import zlib
from typing import IO

from newsledger.errors import InputError

# Real crawls inflate 4-10 times (HTML) and rarely beyond 30; a run of zeros inflates about 1,000 times.
MAX_RATIO = 200
# The ratio is only judged after this much output (small, highly repetitive members are normal).
RATIO_FLOOR = 16 * 1024 * 1024
# A whole archive may inflate to this much (a Common Crawl WARC file is about 5 GB inflated).
MAX_DECOMPRESSED_BYTES = 64 * 1024**3
# Compressed bytes read, and inflated bytes handed out, per step.
CHUNK = 64 * 1024


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


class Truncated(InputError):
    """The compressed input ends inside a member: what follows the cut is lost."""


class GzipStream:
    """A read-only file object over the inflated content of a (multi-member) gzip stream, with caps."""

    def __init__(self, raw: IO[bytes], source: str, max_bytes: int | None = None, max_ratio: float | None = None) -> None:
        self.raw = raw
        self.source = source
        self.max_bytes = max_bytes if max_bytes is not None else _env_int("NEWSLEDGER_MAX_DECOMPRESSED", MAX_DECOMPRESSED_BYTES)
        self.max_ratio = max_ratio if max_ratio is not None else _env_int("NEWSLEDGER_MAX_RATIO", MAX_RATIO)
        self._inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header
        self._pending = b""  # compressed bytes not yet fed to the inflater
        self._buffer = b""
        self._in = 0
        self._out = 0
        self._fed = False  # the current member has received data
        self._eof = False
        self._truncated_at: int | None = None

    @property
    def compressed_offset(self) -> int:
        """Compressed bytes read from the file so far."""
        return self._in

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._out - len(self._buffer)

    def _inflate(self) -> None:
        """Put at least one byte in the buffer, or reach the end (or the cut)."""
        while not self._buffer and not self._eof:
            data = self._inflater.unconsumed_tail or self._pending
            self._pending = b""
            if not data:
                data = self.raw.read(CHUNK)
                self._in += len(data)
                if not data:
                    self._eof = True
                    if self._fed and not self._inflater.eof:
                        self._truncated_at = self._in
                    return
            if not self._fed:
                data = data.lstrip(b"\x00")  # zero padding between members is allowed
                if not data:
                    continue
                self._fed = True
            try:
                out = self._inflater.decompress(data, CHUNK)
            except zlib.error as exc:
                raise InputError(self.source, f"corrupt gzip data near byte {self._in:,} ({exc})") from None
            self._out += len(out)
            self._check()
            self._buffer = out
            if self._inflater.eof:
                self._pending = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=47)
                self._fed = False

    def _check(self) -> None:
        if self._out > self.max_bytes:
            raise InputError(self.source, f"inflates beyond {self.max_bytes:,} bytes; refused (raise NEWSLEDGER_MAX_DECOMPRESSED"
                             " if the archive is genuine)")
        if self._out > RATIO_FLOOR and self._out > self.max_ratio * max(self._in, 1):
            raise InputError(self.source, f"inflates more than {self.max_ratio:g} times its size ({self._in:,} bytes gave"
                             f" {self._out:,}): a decompression bomb? refused (NEWSLEDGER_MAX_RATIO raises the cap)")

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` inflated bytes (all the rest for -1: avoid on untrusted input)."""
        if size is None or size < 0:
            parts = []
            while chunk := self.read(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        self._inflate()
        if not self._buffer and self._truncated_at is not None:
            at, self._truncated_at = self._truncated_at, None
            raise Truncated(self.source, f"gzip data cut short at byte {at:,} (the end of the file): the records"
                            " from there on are lost; download or copy the file again")
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def close(self) -> None:
        self.raw.close()
