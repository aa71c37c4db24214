"""Embedded social-media posts: a paragraph signed `— Jane Doe (@janedoe) May 5, 2019` is her direct quote.

Pages that embed a post keep its text as a paragraph followed by the signature line of the embed: a dash,
the author's display name, the handle in brackets and the date, at the end of the post's paragraph or on a
paragraph of its own (then the post is the paragraph before). The content is the post without the links,
trailing hashtags and mentions that the embed appends; the dash is the cue and the display name the source.
A post already attributed by a quote finder (`"..." — Jane Doe`) is left to it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsledger.stages.quotes.base import Candidate, trim
from newsledger.stages.quotes.marks import MarkedSpan

# The signature of an embedded post, at the end of a line.
_SIGNATURE = re.compile(
    r"[ \t]*(?P<dash>—|–|--)[ \t]*(?P<name>[^\n()@—–]{2,60}?)[ \t]*\(@\w{1,30}\)"
    r"(?:[ \t]*[A-Z][a-z]+\.?[ \t]+\d{1,2},[ \t]*\d{4})?[ \t]*$",
    re.MULTILINE,
)
# What an embed appends to the post's words: links, picture links, trailing hashtags and mentions.
_TRAILER = re.compile(r"(?:\s*(?:(?:https?://|pic\.twitter\.com/)\S*|[#@]\w+\S*))+\s*$")
# Share of a post's characters that an existing candidate must hold for the post to be left to it.
TAKEN_SHARE = 0.5


def _post_span(text: str, line_start: int, dash: int) -> tuple[int, int] | None:
    """The post's words: the line before the signature, else (a signature line alone) the paragraph before."""
    start, end = line_start, dash
    if not text[start:end].strip():
        prev_end = text.rfind("\n", 0, line_start)
        while prev_end > 0 and not text[text.rfind("\n", 0, prev_end) + 1 : prev_end].strip():
            prev_end = text.rfind("\n", 0, prev_end)
        if prev_end <= 0:
            return None
        start, end = text.rfind("\n", 0, prev_end) + 1, prev_end
    m = _TRAILER.search(text, start, end)
    if m is not None:
        end = m.start()
    start, end = trim(text, start, end)
    return (start, end) if end > start else None


def find_posts(doc: Doc, text: str, marked: list[MarkedSpan], found: list[Candidate]) -> list[Candidate]:
    """One direct candidate per signed post that no other finder attributes."""
    out: list[Candidate] = []
    for m in _SIGNATURE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        span = _post_span(text, line_start, m.start("dash"))
        if span is None:
            continue
        start, end = span
        size = end - start
        if any(max(0, min(end, c.end) - max(start, c.start)) > TAKEN_SHARE * size for c in found if c.cue is not None):
            continue
        cue = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
        name = doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
        if cue is None or name is None:
            continue
        whole = next((ms for ms in marked if ms.start <= start and end <= ms.end + 1), None)
        if whole is not None:  # a post that is one quoted passage: its words without the marks
            start, end = trim(text, whole.inner_start, whole.inner_end)
        out.append(Candidate("direct", start, end, cue, "speech", name, frame="post"))
    return out
