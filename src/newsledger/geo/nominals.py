"""Definite descriptions of places ("the country", "the province", "the airbase") and repeats of a place's name as its mentions.

After geocoding, a description whose head word names a kind of place links to the nearest place of that kind
mentioned by name before it (within ``WINDOW`` characters): "Myanmar ... The country, which is also known as
Burma" is a mention of Myanmar. It becomes a ``nominal`` mention of that entity, so the ledger and the
exports see the place there too. Not linked: a description followed by "of" ("the city of Homs" names its own
place), one inside another entity's mention or a removed passage, "the state" (mostly the government) and "the
region" (mostly a wider area than the place named before it).

A placed GPE/LOC/FAC entity's own name repeated where no mention covers it ("China" in a sentence the entity
recogniser skipped) becomes a ``name`` mention of it too (word-bounded, case-sensitive, not next to another
capitalised word, outside removed passages).
"""

from __future__ import annotations

import re
from bisect import insort

from newsledger.document import Analysis, Entity, Mention
from newsledger.geo.fallback import ORG_SITE_WORDS, site_name

# Head word -> the geo features of the places it can stand for.
HEADS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("country", "nation"), frozenset({"country"})),
    **dict.fromkeys(("province", "oblast", "governorate"), frozenset({"admin1", "region"})),
    **dict.fromkeys(("city", "town", "village"), frozenset({"city"})),
    **dict.fromkeys(("airbase", "airport", "base", "hospital", "prison", "facility", "camp", "compound", "plant"),
                    frozenset({"facility"})),
}
# A description of a particular kind of facility needs a facility named as one ("the airbase": "Shayrat Air Base",
# not the Pentagon); "the facility" and "the compound" may stand for any.
FAMILIES: dict[str, tuple[str, ...]] = {
    "airbase": ("base", "airbase", "airfield"), "base": ("base", "airbase", "airfield", "fort", "camp"),
    "airport": ("airport",), "hospital": ("hospital", "clinic", "medical"), "prison": ("prison", "jail", "detention"),
    "camp": ("camp",), "plant": ("plant", "reactor", "station"),
}
# A repeated name this short is not linked ("US", "UK" are too often other things in capitals).
MIN_REPEAT = 4
# A repeat right after or before another capitalised word is part of a longer name ("USS George Washington",
# "Central American").
_INSIDE_NAME = re.compile(r"[A-Z][\w.'-]* $")
_NAME_GOES_ON = re.compile(r" [A-Z]")
# How far back (characters) the named place may be.
WINDOW = 1500
_DESCRIPTION = re.compile(r"\b[Tt]he\s+(" + "|".join(HEADS) + r")\b(?!\s+of\b|-|\s+[A-Z])")


def _kind(e: Entity) -> str | None:
    """The geo feature a description may refer to this entity by (a FAC, or an ORG named as a site, placed at its city is a facility)."""
    if e.geo is None:
        return None
    return "facility" if e.type == "FAC" or e.type == "ORG" and site_name(e.name, ORG_SITE_WORDS) else e.geo.feature


def covered_text(analysis: Analysis) -> bytearray:
    """One byte per character: 1 where a mention or a removed passage lies."""
    covered = bytearray(len(analysis.document.text))
    spans = [(m.start, m.end) for e in analysis.entities for m in e.mentions] + [(r.start, r.end) for r in analysis.removed]
    for a, b in spans:
        covered[a:b] = bytes(max(0, min(b, len(covered)) - a)).replace(b"\x00", b"\x01")
    return covered


def link_descriptions(analysis: Analysis, covered: bytearray | None = None) -> int:
    """Add each place description as a ``nominal`` mention of its place; returns how many were linked."""
    text = analysis.document.text
    covered = covered_text(analysis) if covered is None else covered
    named = sorted(((m.end, e) for e in analysis.entities if _kind(e) for m in e.mentions if m.kind in ("name", "alias")),
                   key=lambda x: x[0])
    linked = 0
    for match in _DESCRIPTION.finditer(text):
        start, end = match.span()
        if any(covered[start:end]):
            continue
        head = match.group(1).lower()
        wanted, family = HEADS[head], FAMILIES.get(head)
        before = [e for stop, e in named if stop <= start and start - stop <= WINDOW and _kind(e) in wanted
                  and (family is None or any(w in e.name.lower() for w in family))]
        if before:
            insort(before[-1].mentions, Mention(start, end, text[start:end], "nominal"), key=lambda m: m.start)
            covered[start:end] = b"\x01" * (end - start)
            linked += 1
    return linked


def link_repeats(analysis: Analysis, covered: bytearray | None = None) -> int:
    """Add every word-bounded repeat of a placed entity's name that no mention covers as a ``name`` mention.

    ``covered`` (``covered_text``) is updated with the new mentions, so one array can serve both linkers.
    """
    text = analysis.document.text
    by_name: dict[str, list[Entity]] = {}
    for e in analysis.entities:
        if e.geo is not None and e.type in ("GPE", "LOC", "FAC") and len(e.name) >= MIN_REPEAT and e.name[:1].isupper():
            by_name.setdefault(e.name, []).append(e)
    # two entities of one name: which one a repeat is, is not ours to say
    single = sorted((n for n, owners in by_name.items() if len(owners) == 1), key=len, reverse=True)
    if not single:
        return 0
    covered = covered_text(analysis) if covered is None else covered
    linked = 0
    for name in single:  # longest first, so "New York City" is taken before "New York" could be
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not (any(covered[start:end]) or _word_char(text, start - 1) or _word_char(text, end)
                    or _INSIDE_NAME.search(text[max(0, start - 30) : start]) or _NAME_GOES_ON.match(text[end : end + 30])):
                insort(by_name[name][0].mentions, Mention(start, end, name, "name"), key=lambda m: m.start)
                covered[start:end] = b"\x01" * len(name)
                linked += 1
            start = text.find(name, end)
    return linked


def _word_char(text: str, i: int) -> bool:
    """The character at i continues a word (a letter, digit, underscore or hyphen)."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_-")
