"""The evidence of a report: the sentence around a span of a stored article, read without loading the whole text."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# Characters read on each side of the span; a longer sentence is cut at a word and marked with an ellipsis.
WINDOW = 400
# End of a sentence: . ! ? (optionally closed by a quote or bracket) followed by white space, or a blank line.
_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text and where it starts in the article."""

    text: str
    start: int


def sentence_in(text: str, start: int, end: int, offset: int = 0) -> Sentence:
    """The sentence of ``text`` holding [start, end) (offsets relative to ``text``; ``offset`` is added to the result)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    begin = 0
    for m in _END.finditer(text, 0, start):
        begin = m.end()
    after = _END.search(text, end)
    stop = after.start() + len(after.group().rstrip()) if after else len(text)
    piece = text[begin:stop]
    lead = len(piece) - len(piece.lstrip())
    # Only the ends are trimmed and line breaks become spaces, so offsets inside the sentence still hold.
    return Sentence(piece.strip().replace("\n", " ").replace("\r", " "), offset + begin + lead)


def sentences(conn: sqlite3.Connection, spans: list[tuple[str, int, int]]) -> dict[tuple[str, int, int], Sentence]:
    """The sentence around each (doc_id, start, end), reading a window of each article (SQLite substr)."""
    out: dict[tuple[str, int, int], Sentence] = {}
    for doc_id, start, end in spans:
        lo = max(0, start - WINDOW)
        row = conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?", (lo + 1, end - lo + WINDOW, doc_id)).fetchone()
        if row is None or row[0] is None:
            continue
        window = row[0]
        s = sentence_in(window, start - lo, end - lo, lo)
        if lo > 0 and s.start == lo + (len(window) - len(window.lstrip())):
            s = Sentence("… " + s.text, s.start - 2)  # the sentence began before the window
        out[(doc_id, start, end)] = s
    return out
