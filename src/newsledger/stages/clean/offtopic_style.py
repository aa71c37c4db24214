"""House-style features: does a block spell things the way the rest of its article does."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

# Each marker lists alternative spellings of one thing; an outlet's style sheet (and its CMS) picks one, so a
# passage pasted from another source (an encyclopedia, another outlet's story, a sidebar) tends to keep its
# own: curly or straight apostrophes and quotes, em dash or "--", "percent" or "%", "U.S." or "US", and so on.
MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("apostrophe", (r"(?<=\w)’(?=\w)", r"(?<=\w)'(?=\w)")),
    ("double_quote", (r"[“”]", r'"')),
    ("dash", (r"—", r"(?<=\s)--(?=\s)", r"(?<=\s)–(?=\s)", r"(?<=\w)\s-\s(?=\w)")),
    ("percent", (r"\bpercent\b", r"\bper cent\b", r"(?<=\d)\s?%")),
    ("us", (r"\bU\.S\.", r"\bUS\b")),
    ("ellipsis", (r"…", r"\.\.\.")),
    ("clock", (r"(?<=\d)\s?[ap]\.m\.", r"(?<=\d)\s?[ap]m\b")),
    ("month", (r"\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s\d",
               r"\b(?:January|February|August|September|October|November|December)\s\d")),
    ("honorific", (r"\b(?:Mr|Mrs|Ms)\.\s[A-Z]", r"\b(?:Mr|Mrs|Ms)\s[A-Z]")),
    ("sentence_space", (r"[.!?”\"]\s{2}(?=[A-Z“\"])", r"[.!?”\"]\s(?=[A-Z“\"])")),
)
_COMPILED = tuple(tuple(re.compile(p) for p in alts) for _, alts in MARKERS)
# Added to each spelling's count in the rest of the article before taking the share it writes this way
# (a Jeffreys-style half count, so that a spelling the rest never uses costs a finite surprise).
SMOOTH = 0.5
# The rest of the article uses a marker this often (in other spellings only) before a conflict is "strong".
STRONG = 3

STYLE_FEATURES = (
    ("style_conflicts", "style_agreements", "style_conflict_share", "style_strong_conflicts", "style_surprise",
     "style_far_conflicts", "style_far_surprise")
    + tuple(f"style_far:{name}" for name, _ in MARKERS)
)

Counts = list[list[int]]

# Letters of the non-Latin scripts an encyclopedia glosses names in: Greek, Cyrillic, Armenian, Hebrew, Arabic,
# the Indic and South-East Asian scripts, Georgian, Hangul, kana and CJK ideographs.
_NON_LATIN = ("\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
              "\u0900-\u0e7f\u10a0-\u10ff\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af")
# An encyclopedia's opening gloss: a parenthesis holding a label and a colon ("Korean:", "Russian:", "Hanja:")
# followed by text in a non-Latin script, e.g. "(Ukrainian: Київ)". News prose names things in English: none
# of 192,962 AllSides paragraphs or 22,443 AFP/Xinhua paragraphs has one (benchmarks/offtopic_real.py --glosses).
GLOSS_RE = re.compile(r"\([^()]*?\b[A-Z][A-Za-z-]{1,20}:\s*[^()]*?[" + _NON_LATIN + "]")


def has_encyclopedia_gloss(text: str) -> bool:
    """Whether ``text`` carries an encyclopedia's labelled native-script gloss in parentheses."""
    return GLOSS_RE.search(text) is not None


def style_counts(text: str) -> Counts:
    """How often ``text`` uses each spelling of each marker (MARKERS order)."""
    return [[len(p.findall(text)) for p in alts] for alts in _COMPILED]


def _minus(a: Counts, b: Counts) -> Counts:
    return [[x - y for x, y in zip(am, bm, strict=True)] for am, bm in zip(a, b, strict=True)]


def compare(own: Counts, rest: Counts) -> tuple[int, int, int, float]:
    """(spellings the rest never uses though it has the marker, spellings it shares, conflicts where the rest
    uses the marker at least STRONG times, total surprise: -log share of the rest writing each one this way)."""
    conflicts = agreements = strong = 0
    surprise = 0.0
    for mine, theirs in zip(own, rest, strict=True):
        total = sum(theirs)
        for v, n in enumerate(mine):
            if not n:
                continue
            if theirs[v]:
                agreements += 1
            elif total:
                conflicts += 1
                strong += total >= STRONG
            surprise -= math.log((theirs[v] + SMOOTH) / (total + SMOOTH * len(mine)))
    return conflicts, agreements, strong, surprise


def _marker_flags(own: Counts, far: Counts) -> list[float]:
    """Per marker: 1 when the block uses a spelling the far rest never does, -1 when they agree, 0 when either
    lacks the marker."""
    flags = []
    for mine, theirs in zip(own, far, strict=True):
        if not any(mine) or not any(theirs):
            flags.append(0.0)
        else:
            flags.append(1.0 if any(n and not theirs[v] for v, n in enumerate(mine)) else -1.0)
    return flags


def style_features(texts: Sequence[str], first: int) -> list[list[float]]:
    """STYLE_FEATURES of each block from ``first`` on, against all other blocks and against the blocks that are
    not its neighbours (the "far" rest: two spliced paragraphs share a style with each other)."""
    counts = [style_counts(t) for t in texts]
    total = [[sum(c[m][v] for c in counts) for v in range(len(alts))] for m, alts in enumerate(_COMPILED)]
    rows = []
    for i in range(first, len(texts)):
        rest = _minus(total, counts[i])
        far = rest
        for j in (i - 1, i + 1):
            if 0 <= j < len(texts):
                far = _minus(far, counts[j])
        c, a, s, surprise = compare(counts[i], rest)
        fc, _, _, far_surprise = compare(counts[i], far)
        rows.append([float(c), float(a), c / (c + a) if c + a else 0.0, float(s), surprise, float(fc), far_surprise]
                    + _marker_flags(counts[i], far))
    return rows
