"""Documents of an annotation round, read by id from the shared datasets (the repo keeps ids and offsets only)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.document import Document
from newsledger.errors import InputError
from newsledger.ingest.text import make_document

# Where each id prefix's texts live, relative to the shared folder (read in place, never copied).
SOURCES = {
    "allsides": Path("data/news/allsides-articles.jsonl"),
    "wire": Path("data/news/te3_silver_afp_xin.jsonl"),
    "case": Path("data/case2021/task2/test_dataset/test_set_final_release_with_labels.tsv"),
}


@dataclass(frozen=True)
class SplitRow:
    """One document of a round: its id, split and sampling stratum."""

    id: str
    split: str
    stratum: str


def read_split(path: Path) -> list[SplitRow]:
    """The rows of a round's committed split file."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [SplitRow(r["id"], r["split"], r["stratum"]) for r in csv.DictReader(fh, delimiter="\t")]


def _allsides(path: Path, wanted: set[str]) -> Iterator[Document]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            doc_id = f"allsides:{rec['ID']}"
            if doc_id in wanted:
                yield make_document(rec["text"], id=doc_id, published=rec.get("date"), outlet=rec.get("source"),
                                    url=rec.get("url"), title=rec.get("title"), source=str(path))


def _wire(path: Path, wanted: set[str]) -> Iterator[Document]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            doc_id = f"wire:{rec['docid']}"
            if doc_id in wanted:
                yield make_document(rec["text"], id=doc_id, published=rec.get("dct"), outlet=rec.get("outlet"), source=str(path))


def _case(path: Path, wanted: set[str]) -> Iterator[Document]:
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            doc_id = f"case:{rec['id']}"
            if doc_id in wanted:
                yield make_document(rec["EventSnippet"], id=doc_id, source=str(path))


READERS = {"allsides": _allsides, "wire": _wire, "case": _case}


def load_documents(shared: Path, ids: Iterable[str]) -> dict[str, Document]:
    """The documents with these round ids, keyed by id; raises InputError naming any id not found."""
    by_prefix: dict[str, set[str]] = {}
    for doc_id in ids:
        prefix = doc_id.split(":", 1)[0]
        if prefix not in SOURCES:
            raise InputError(doc_id, f"unknown source prefix {prefix!r}; known: {', '.join(SOURCES)}")
        by_prefix.setdefault(prefix, set()).add(doc_id)
    out: dict[str, Document] = {}
    for prefix, wanted in by_prefix.items():
        path = shared / SOURCES[prefix]
        if not path.exists():
            raise InputError(str(path), "shared dataset not found; pass --shared pointing at the shared folder")
        out.update((d.id, d) for d in READERS[prefix](path, wanted))
    missing = sorted(set().union(*by_prefix.values()) - set(out)) if by_prefix else []
    if missing:
        raise InputError(missing[0], f"{len(missing)} round id(s) not found in the shared data")
    return out
