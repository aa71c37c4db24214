"""Quote-mark pairing over raw text: straight, curly, single and mismatched marks, per paragraph."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»‟″'
OPENING_GLYPHS = "“„«‟‘‚"
SINGLE_MARKS = "'‘’‚"
# Characters after which a mark opens a quote (besides the start of a paragraph).
_OPEN_BEFORE = set(" \t([{—–-/:;") | set(DOUBLE_MARKS)
# Characters before which a mark closes a quote (besides the end of a paragraph).
_CLOSE_AFTER = set(" \t.,;:!?)]}—–-…") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_PARAGRAPH = re.compile(r"[^\n]+")
_LETTER = re.compile(r"\w")
_DOUBLED_CLOSE = re.compile(r"(?<=\S)''(?!\w)")
_DOUBLED_OPEN = re.compile(r"(?:''|``)(?=\S)")
# A single-quoted passage longer than this many characters is not trusted: an apostrophe was
# probably paired with a closing mark (60 words of ~6 characters).
MAX_SINGLE_QUOTE_CHARS = 360


@dataclass
class MarkedSpan:
    """A passage between quote marks; ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    paragraphs: int = 1
    single: bool = False


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'both' for the mark at ``text[i]`` in the paragraph ``[lo, hi)``."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    can_open = (before in _OPEN_BEFORE or i == lo) and not after.isspace()
    can_close = (after in _CLOSE_AFTER or i + 1 == hi) and not before.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if can_open and can_close:
        return "open" if text[i] in OPENING_GLYPHS else "close" if text[i] in "”»’" else "both"
    return "none"


def _closers(text: str, lo: int, hi: int) -> list[int]:
    """Positions of the double marks of the paragraph that can close a quote."""
    return [j for j in range(lo, hi) if text[j] in DOUBLE_MARKS and _role(text, j, lo, hi) in ("close", "both")]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _starts_with_open(text: str, lo: int, hi: int) -> bool:
    j = lo
    while j < hi and text[j].isspace():
        j += 1
    return j < hi and text[j] in DOUBLE_MARKS and _role(text, j, lo, hi) in ("open", "both")


def find_double(text: str) -> list[MarkedSpan]:
    """Pair double quote marks; an unclosed paragraph continues only when the next opens with a mark."""
    out: list[MarkedSpan] = []
    paras = _paragraphs(text)
    open_at: int | None = None
    n_par, depth = 1, 0
    for k, (lo, hi) in enumerate(paras):
        closers = _closers(text, lo, hi)
        if open_at is not None and k > 0:
            # continuation paragraph: skip its own opening mark
            j = lo
            while j < hi and text[j].isspace():
                j += 1
            lo_scan = j + 1
        else:
            lo_scan = lo
        for i in range(lo_scan, hi):
            ch = text[i]
            if ch not in DOUBLE_MARKS:
                continue
            role = _role(text, i, lo, hi)
            if role == "none":
                continue
            if open_at is None:
                if role in ("open", "both"):
                    open_at, n_par, depth = i, 1, 0
            elif role in ("close", "both") or (role == "open" and ch not in OPENING_GLYPHS):
                if depth > 0:
                    depth -= 1  # closes a quote inside the quote
                    continue
                out.append(MarkedSpan(open_at, i + 1, open_at + 1, i, True, n_par))
                open_at = None
            elif len(closers) - bisect.bisect_right(closers, i) >= 2:
                depth += 1  # `"... what he calls “hell” than ..."`: a quote inside the quote
            else:
                # a second opening mark with no closing mark left for the first: restart here
                open_at, n_par, depth = i, 1, 0
        if open_at is not None:
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            if nxt is not None and _starts_with_open(text, *nxt):
                n_par += 1
                continue
            out.append(MarkedSpan(open_at, hi, open_at + 1, hi, False, n_par))
            open_at = None
    return out


def find_single(text: str, inside: list[MarkedSpan]) -> list[MarkedSpan]:
    """Pair single marks outside double-quoted passages, treating word-internal ones as apostrophes."""
    out: list[MarkedSpan] = []
    covered = [(s.start, s.end) for s in inside]
    for lo, hi in _paragraphs(text):
        open_at: int | None = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in SINGLE_MARKS:
                continue
            if any(a <= i < b for a, b in covered):
                continue
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            if _LETTER.match(before) and _LETTER.match(after):
                continue  # apostrophe: don't, Korea's
            role = _role(text, i, lo, hi)
            if open_at is None:
                if role == "open" or (role == "both" and ch in OPENING_GLYPHS):
                    open_at = i
            elif role in ("close", "both"):
                if i - open_at <= MAX_SINGLE_QUOTE_CHARS:
                    out.append(MarkedSpan(open_at, i + 1, open_at + 1, i, True, 1, True))
                open_at = None
    return out


def _fold_doubled(text: str) -> str:
    """Typewriter doubles (''Hi,'' and ``Hi'') as one double mark plus a space, keeping every offset."""
    text = _DOUBLED_CLOSE.sub('" ', text)
    return _DOUBLED_OPEN.sub(' "', text)


def find_marked(text: str) -> list[MarkedSpan]:
    """All quoted passages of ``text`` (double first, then single ones outside them), in text order."""
    original = text
    if "''" in text or "``" in text:
        text = _fold_doubled(text)
    doubles = find_double(text)
    if text is not original:
        for d in doubles:  # widen the spans over both characters of a typewriter double
            if original[d.start - 1 : d.start + 1] in ("''", "``"):
                d.start -= 1
            if original[d.end - 1 : d.end + 1] == "''":
                d.end += 1
    singles = [s for s in find_single(text, doubles) if not any(d.start < s.end and s.start < d.end for d in doubles)]
    spans = sorted(doubles + singles, key=lambda s: s.start)
    return [s for s in spans if s.inner_end > s.inner_start and text[s.inner_start : s.inner_end].strip()]


def split_paragraphs(spans: list[MarkedSpan], text: str) -> list[MarkedSpan]:
    """A passage running over several paragraphs as one passage per paragraph (a quote never crosses one)."""
    out: list[MarkedSpan] = []
    for ms in spans:
        if ms.paragraphs < 2 or "\n" not in text[ms.start : ms.end]:
            out.append(ms)
            continue
        lo = ms.start
        inner = ms.inner_start
        for m in _PARAGRAPH.finditer(text, ms.start, ms.end):
            if not m.group().strip():
                continue
            if m.start() > ms.start:  # a continuation paragraph: it opens with its own mark
                lo = m.start() + len(m.group()) - len(m.group().lstrip())
                inner = lo + 1 if text[lo] in DOUBLE_MARKS else lo
            last = m.end() >= ms.end
            end = ms.end if last else m.end()
            out.append(MarkedSpan(lo, end, inner, ms.inner_end if last else end, ms.closed if last else False, 1, ms.single))
    return [s for s in out if s.inner_end > s.inner_start and text[s.inner_start : s.inner_end].strip()]
