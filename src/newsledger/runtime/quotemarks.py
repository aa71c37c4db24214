"""Which tokens stand between quotation marks, shared by the stages that read quotes off the token stream."""

from __future__ import annotations

from collections.abc import Iterable

OPEN_QUOTES = frozenset({"\u201c", "\u00ab"})
CLOSE_QUOTES = frozenset({"\u201d", "\u00bb"})


def inside_quote_marks(words: Iterable[str]) -> list[bool]:
    """True for tokens between double quotes (straight quotes toggle; curly ones open/close; reset per line)."""
    out = []
    inside = False
    for w in words:
        if w in OPEN_QUOTES or (w == '"' and not inside):
            inside = True
            out.append(False)
        elif w in CLOSE_QUOTES or w == '"' or "\n" in w:
            inside = False
            out.append(False)
        else:
            out.append(inside)
    return out
