"""Split an article text into blocks (paragraphs or lines) with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# Texts whose lines average fewer characters than this, and that also have blank lines, are hard-wrapped:
# their paragraphs are the blank-line separated blocks, not the lines (80 = a classic terminal width).
HARD_WRAP_MEAN_LINE = 80


@dataclass(frozen=True)
class Block:
    """A paragraph (or line) of the text: ``text[start:end]`` with surrounding whitespace trimmed."""

    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int) -> Block | None:
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return None
    lead = len(seg) - len(seg.lstrip())
    s = start + lead
    return Block(s, s + len(stripped), stripped)


def split_blocks(text: str) -> list[Block]:
    """The non-empty paragraphs of ``text``: its lines, or blank-line blocks when the text is hard-wrapped."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return []
    mean = sum(len(m.group()) for m in lines) / len(lines)
    out: list[Block] = []
    if mean < HARD_WRAP_MEAN_LINE and BLANK_LINE_RE.search(text) and len(lines) > 3:
        pos = 0
        for m in BLANK_LINE_RE.finditer(text):
            b = _trimmed(text, pos, m.start())
            if b:
                out.append(b)
            pos = m.end()
        b = _trimmed(text, pos, len(text))
        if b:
            out.append(b)
        return out
    for m in lines:
        b = _trimmed(text, m.start(), m.end())
        if b:
            out.append(b)
    return out
