"""Checkpoints of a batch run: which documents are already done, from the ledger and the output file."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsledger.document import Document
from newsledger.ingest import ReadFailure
from newsledger.ledger import Ledger

Done = set[tuple[str, str]]  # (document id, content hash)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()  # same as Document.content_hash


def done_in_output(path: Path, stored: Done | None = None) -> Done:
    """(id, content hash) of every complete record of a JSONL output file, which is cut after the last one.

    A run killed while writing leaves at most one incomplete last line; truncating it makes the file valid
    JSONL again, and the document is analysed again on resume, so it ends up in the file exactly once.
    With ``stored`` (what the ledger holds), the file is also cut before the first record the ledger does
    not hold: lines are flushed before their batch is committed, so those form a tail that is redone.
    """
    done: Done = set()
    if not path.exists():
        return done
    good = 0
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                break
            if not (isinstance(rec, dict) and "id" in rec and isinstance(rec.get("text"), str)):
                break
            key = (str(rec["id"]), _hash(rec["text"]))
            if stored is not None and key not in stored:
                break
            done.add(key)
            good += len(line)
    if good < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good)
            fh.flush()
            os.fsync(fh.fileno())
    return done


def done_in_ledger(ledger: Ledger) -> Done:
    """(id, content hash) of every document stored in the ledger."""
    return {(r[0], r[1]) for r in ledger.conn.execute("SELECT id, content_hash FROM documents")}


class Checkpoint:
    """Filters a document stream to those not done yet, counting what it skips."""

    def __init__(self, done: Done) -> None:
        self.done = done
        self.skipped = 0

    def pending(self, items: Iterable[Document | ReadFailure],
                on_skip: Callable[[], None] | None = None) -> Iterator[Document | ReadFailure]:
        """Yield read failures and the documents whose (id, content hash) is not done."""
        for item in items:
            if isinstance(item, Document) and (item.id, item.content_hash) in self.done:
                self.skipped += 1
                if on_skip is not None:
                    on_skip()
                continue
            yield item


def count_inputs(paths: Iterable[str]) -> int | None:
    """A quick count of the documents in the inputs (JSONL lines, other files as one), None for stdin."""
    from newsledger.ingest.dispatch import _walk, reader_for

    total = 0
    for raw in paths:
        if raw == "-":
            return None
        root = Path(raw)
        if not root.exists():
            continue
        for path in _walk(root):
            if path.suffix.lower() in (".jsonl", ".ndjson"):
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif reader_for(path) is not None and path.suffix.lower() in (".txt", ".text"):
                total += 1
            else:
                return None  # formats with several documents per file of unknown count (json, warc, ...)
    return total
