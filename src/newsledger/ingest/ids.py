"""Document ids unique per input: a colliding id gets a stable suffix derived from its source, never a silent replacement.

Two inputs claim the same id when, say, ``a/report.txt`` and ``b/report.txt`` both become ``report``, or two
records of a JSONL file carry the same ``id``. The first keeps its id; every later one becomes
``<id>~<8 hex digits of sha1(its source)>``, so a re-run over the same inputs gives the same ids (and
``--resume`` recognises them). With a ledger lookup, an id already stored from another file with other text
counts as taken too; the same text under the same id is the same document and keeps its id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from newsledger.document import Document

# (stored source, stored content hash) of an id in the ledger, or None when the id is free.
StoredLookup = Callable[[str], tuple[str, str] | None]
SEPARATOR = "~"


def suffixed(doc_id: str, source: str) -> str:
    """``doc_id`` with the stable suffix derived from ``source``."""
    return f"{doc_id}{SEPARATOR}{hashlib.sha1(source.encode('utf-8', 'replace')).hexdigest()[:8]}"


def same_file(source: str, file: str) -> bool:
    """True when a record source (``path``, ``path:12``, ``path[3]``, ``path#4``) lies in ``file``."""
    return source == file or (source.startswith(file) and source[len(file):len(file) + 1] in (":", "[", "#"))


class IdRegistry:
    """Assigns each document of a run an id no other input of the run (or, with a lookup, of the ledger) holds."""

    def __init__(self, stored: StoredLookup | None = None) -> None:
        self.stored = stored
        # id -> hash of the record source that holds it in this run (a hash, not the string: millions of ids fit)
        self.owner: dict[str, int] = {}
        self.renamed = 0

    def assign(self, doc: Document, file: str) -> Document:
        """Give ``doc`` (read from ``file``) a free id, renaming it in place when its id is taken."""
        source = str(doc.meta.get("source", file))
        if self._free(doc, source, file):
            self.owner[doc.id] = hash(source)
            return doc
        new = suffixed(doc.id, source)
        n = 1
        while new in self.owner:  # two sources with the same hash prefix (or an id that already ends so)
            new, n = suffixed(doc.id, f"{source}#{n}"), n + 1
        doc.meta.setdefault("original_id", doc.id)
        doc.id = new
        self.owner[new] = hash(source)
        self.renamed += 1
        return doc

    def _free(self, doc: Document, source: str, file: str) -> bool:
        holder = self.owner.get(doc.id)
        if holder is not None:
            return holder == hash(source)
        if self.stored is None:
            return True
        found = self.stored(doc.id)
        if found is None:
            return True
        stored_source, stored_hash = found
        return stored_hash == doc.content_hash or same_file(stored_source, file)
