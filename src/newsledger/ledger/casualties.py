"""Casualty figures a sentence states: how many were killed and how many injured ("at least 12 people were killed").

Used for ACLED's ``fatalities`` column and for the clusters' figure conflicts (two independent reports of one
event that give different death tolls). Only counts tied to a casualty word are read; other numbers in the
sentence (missiles, dollars, ages) are not casualties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])} | {"dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200,
                                                     "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_QUAL = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|a)\s+)?"
_WHO = r"(?:[a-z-]+\s+){0,3}?"  # "people", "Palestinian civilians", "of them"
_AUX = r"(?:(?:were|was|have been|has been|had been|are|is|reportedly|were reported|are feared|are believed to be)\s+)?"
_KILL = r"(killed|dead|died|slain|murdered|executed|lost their lives|fatalities|deaths|bodies)"
_HURT = r"(injured|wounded|hurt|injuries|casualties)"
_KILL_VERB = r"(?:killed|killing|kills|killed off|left|leaving)\s+"
_TOLL = r"death toll\s+(?:has\s+)?(?:rose|rises|climbed|climbs|reached|reaches|stands|stood|is|was|of|hit|jumped)?\s*(?:to|at)?\s*"


def _value(token: str) -> int | None:
    t = token.lower().replace(",", "")
    if t.isdigit():
        n = int(t)
        return None if 1800 <= n <= 2100 and len(t) == 4 else n  # a year, not a toll
    return _WORDS.get(t)


@dataclass(frozen=True)
class Casualties:
    """The largest number of people a sentence says were killed, and injured (None when it says none)."""

    killed: int | None = None
    injured: int | None = None


_PATTERNS = [
    (re.compile(_QUAL + _NUM + r"\s+" + _WHO + _AUX + _KILL + r"\b", re.IGNORECASE), "killed"),
    (re.compile(r"\b" + _KILL_VERB + _QUAL + _NUM + r"\b(?!\s*(?:%|percent|years?|days?|hours?|miles?|km))", re.IGNORECASE), "killed"),
    (re.compile(r"\b" + _TOLL + _NUM + r"\b", re.IGNORECASE), "killed"),
    (re.compile(_QUAL + _NUM + r"\s+" + _WHO + _AUX + _HURT + r"\b", re.IGNORECASE), "injured"),
    (re.compile(r"\b(?:injuring|wounding|injured|wounded)\s+" + _QUAL + _NUM + r"\b", re.IGNORECASE), "injured"),
]


def casualties(sentence: str) -> Casualties:
    """Killed and injured counts stated in one sentence (the largest of each)."""
    found: dict[str, int] = {}
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(sentence):
            n = _value(m.group(1))
            # "left 5 dead" reads as killed only with a casualty word right after
            left = m.group(0).lower().startswith(("left", "leaving"))
            if left and not re.search(r"\b(dead|killed)\b", sentence[m.end(): m.end() + 12], re.IGNORECASE):
                continue
            if n is not None and n > 0:
                found[kind] = max(found.get(kind, 0), n)
    return Casualties(found.get("killed"), found.get("injured"))
