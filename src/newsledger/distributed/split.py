"""One large JSONL file as several Dask shards: line-aligned byte ranges, read with the file's own line numbers.

A shard ``corpus.jsonl#bytes=START-END#line=N`` holds the lines that start in [START, END); N lines come
before it, so records keep the ids and sources (``corpus.jsonl:LINE``) that reading the whole file gives.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.dispatch import ReadFailure

# Files of these types are split (one record per line); others stay one shard each.
SPLITTABLE = (".jsonl", ".ndjson")
# A piece is never smaller than this (a task costs scheduling and a model warm-up on its worker) ...
MIN_PIECE_BYTES = 64 * 1024
# ... nor larger than this (a task's records are held in memory until its partition is written).
MAX_PIECE_BYTES = 32 * 1024 * 1024
_PIECE = re.compile(r"^(?P<path>.+)#bytes=(?P<start>\d+)-(?P<end>\d+)#line=(?P<line>\d+)$")


def is_piece(shard: str) -> bool:
    return _PIECE.match(shard) is not None


def _splittable(shard: str) -> bool:
    return "://" not in shard and shard.lower().endswith(SPLITTABLE) and os.path.isfile(shard)


def _cuts(path: str, pieces: int) -> list[tuple[int, int, int]]:
    """(start, end, lines before start) of ``pieces`` line-aligned ranges covering the file."""
    size = os.path.getsize(path)
    bounds = [0]
    with open(path, "rb") as fh:
        for k in range(1, pieces):
            fh.seek(max(size * k // pieces, bounds[-1]))
            fh.readline()  # to the end of the line the cut falls in
            pos = fh.tell()
            if bounds[-1] < pos < size:
                bounds.append(pos)
        bounds.append(size)
        out, line = [], 0
        for start, end in zip(bounds, bounds[1:], strict=False):
            out.append((start, end, line))
            fh.seek(start)
            line += fh.read(end - start).count(b"\n")
    return out


def split_shards(shards: list[str], tasks: int) -> list[str]:
    """Split local JSONL shards so that a run has about ``tasks`` pieces and none over MAX_PIECE_BYTES."""
    if not shards:
        return shards
    per_file = math.ceil(tasks / len(shards)) if len(shards) < tasks else 1
    out: list[str] = []
    for shard in shards:
        if not _splittable(shard):
            out.append(shard)
            continue
        size = os.path.getsize(shard)
        pieces = max(math.ceil(size / MAX_PIECE_BYTES), min(per_file, size // MIN_PIECE_BYTES), 1)
        if pieces == 1:
            out.append(shard)
            continue
        out.extend(f"{shard}#bytes={s}-{e}#line={n}" for s, e, n in _cuts(shard, pieces))
    return out


def read_piece(shard: str) -> tuple[str, io.StringIO]:
    """The file of a piece and a text stream of its lines, preceded by as many empty lines as come before it
    (so that a reader counting lines numbers them as in the whole file)."""
    m = _PIECE.match(shard)
    if m is None:
        raise ValueError(f"not a piece of a file: {shard}")
    start, end = int(m["start"]), int(m["end"])
    with open(m["path"], "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    return m["path"], io.StringIO("\n" * int(m["line"]) + data.decode("utf-8", errors="replace"), newline="")


def iter_piece(shard: str) -> Iterator[Document | ReadFailure]:
    """Documents and read failures of one piece (the JSONL reader over the piece's lines)."""
    from newsledger.ingest.jsonl import iter_jsonl

    path, stream = read_piece(shard)
    for item in iter_jsonl(stream, str(Path(path))):
        yield ReadFailure(item.source, item.message) if isinstance(item, InputError) else item
