"""Near-duplicates across the ledger: MinHash-LSH links wire copies and republications to the earliest copy."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from newsledger.ledger.store import Ledger
from newsledger.stages.clean.minhash import LSHIndex, minhash

# 128 permutations: the usual MinHash setting; the Jaccard estimate's standard error is ~0.044.
NUM_PERM = 128
# Word 5-grams: long enough that two different stories on one topic share few of them, short enough
# that light edits (a changed word per sentence) leave most shingles intact.
SHINGLE_WORDS = 5
# LSH recall threshold (Jaccard) for candidate pairs; candidates are then checked on containment, so a
# truncated copy (all its shingles inside the longer original, Jaccard ~ its share of the length) is found.
LSH_THRESHOLD = 0.3
# Two texts are copies when this share of the shorter one's shingles is in the longer one (wire copies
# reprinted with a changed headline, dateline or last paragraph stay above 0.8; distinct stories on one
# event stay far below 0.3).
CONTAINMENT = 0.7
WORD_RE = re.compile(r"\w+")


def shingle_set(text: str) -> set[bytes]:
    """Word n-gram shingles of the lower-cased text."""
    words = WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def article_text(text: str, removed: list[tuple[int, int]]) -> str:
    """The text without its removed spans (boilerplate differs between copies of one story)."""
    out, pos = [], 0
    for s, e in sorted(removed):
        if s >= pos:
            out.append(text[pos:s])
            pos = e
    out.append(text[pos:])
    return " ".join(out)


@dataclass
class Signature:
    """A document's MinHash and the size of its shingle set."""

    doc_id: str
    hashvalues: np.ndarray
    size: int


def signature(doc_id: str, text: str) -> Signature:
    """MinHash signature of one text."""
    sh = shingle_set(text)
    return Signature(doc_id, minhash(sh, NUM_PERM), len(sh))


def _load_signatures(ledger: Ledger) -> dict[str, Signature]:
    c = ledger.conn
    sigs: dict[str, Signature] = {}
    for r in c.execute("SELECT doc_id, num_perm, shingles, signature FROM minhash"):
        if r["num_perm"] == NUM_PERM:
            sigs[r["doc_id"]] = Signature(r["doc_id"], np.frombuffer(r["signature"], dtype=np.uint64), r["shingles"])
    missing = c.execute("SELECT id, text FROM documents WHERE id NOT IN (SELECT doc_id FROM minhash)").fetchall()
    rows = []
    for r in missing:
        spans = [(x["start"], x["end"]) for x in c.execute('SELECT start, "end" FROM removed WHERE doc_id = ?', (r["id"],))]
        sig = signature(r["id"], article_text(r["text"], spans))
        sigs[r["id"]] = sig
        rows.append((r["id"], NUM_PERM, sig.size, sig.hashvalues.astype(np.uint64).tobytes()))
    with c:
        c.executemany("INSERT OR REPLACE INTO minhash (doc_id, num_perm, shingles, signature) VALUES (?,?,?,?)", rows)
    return sigs


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller shingle set inside the larger, from the MinHash Jaccard estimate."""
    jaccard = float(np.mean(a.hashvalues == b.hashvalues))
    small = min(a.size, b.size)
    if small == 0:
        return 0.0
    union = (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, jaccard * union / small)


def _order_key(conn: sqlite3.Connection) -> dict[str, tuple[str, int, str]]:
    """Earliest first: publication date (unknown last), then storage order, then id."""
    out = {}
    for r in conn.execute("SELECT rowid, id, published FROM documents"):
        out[r["id"]] = (r["published"] or "9999-99-99", r["rowid"], r["id"])
    return out


def link_duplicates(ledger: Ledger) -> int:
    """(Re)link every near-duplicate in the ledger to the earliest copy of its group; returns the links."""
    sigs = _load_signatures(ledger)
    lsh = LSHIndex(LSH_THRESHOLD, NUM_PERM)
    for doc_id, sig in sigs.items():
        lsh.insert(doc_id, sig.hashvalues)
    parent = {d: d for d in sigs}
    best: dict[frozenset[str], float] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, sig in sigs.items():
        for other in sorted(lsh.query(sig.hashvalues)):
            if other == doc_id:
                continue
            c = containment(sigs[doc_id], sigs[other])
            if c >= CONTAINMENT:
                best[frozenset((doc_id, other))] = c
                parent[root(doc_id)] = root(other)
    order = _order_key(ledger.conn)
    groups: dict[str, list[str]] = {}
    for d in sigs:
        groups.setdefault(root(d), []).append(d)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda d: order.get(d, ("9999", 0, d)))
        first = members[0]
        for d in members[1:]:
            sim = best.get(frozenset((d, first)))
            if sim is None:
                sim = containment(sigs[d], sigs[first])
            rows.append((d, first, round(sim, 4), "minhash-lsh", now))
    with ledger.conn:
        ledger.conn.execute("DELETE FROM duplicates")
        ledger.conn.executemany(
            "INSERT INTO duplicates (doc_id, canonical_id, similarity, method, linked_at) VALUES (?,?,?,?,?)", rows
        )
    return len(rows)


def canonical_id(ledger: Ledger, doc_id: str) -> str:
    """The id of the copy that counts as the source of ``doc_id`` (itself when it is no duplicate)."""
    row = ledger.conn.execute("SELECT canonical_id FROM duplicates WHERE doc_id = ?", (doc_id,)).fetchone()
    return str(row["canonical_id"]) if row else doc_id


def duplicates_of(ledger: Ledger, doc_id: str) -> list[str]:
    """The ids linked to ``doc_id`` as its copies."""
    rows = ledger.conn.execute("SELECT doc_id FROM duplicates WHERE canonical_id = ? ORDER BY doc_id", (doc_id,))
    return [r["doc_id"] for r in rows]


def count_sources(ledger: Ledger, doc_ids: list[str]) -> int:
    """How many distinct sources the given documents are, counting copies of one story once."""
    return len({canonical_id(ledger, d) for d in doc_ids})
