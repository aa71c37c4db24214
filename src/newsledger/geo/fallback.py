"""Places for names the gazetteer does not know, from what lies around them in the document.

* A facility the gazetteer does not list, named by a facility word ("Gatwick Airport", "Sheremetyevo airport",
  "Boston's Copley Square"), is placed by a city inside its own name ("Boston"), else at the story's main city:
  the city the other places named near it (``NEAR``) name most often, in the country most of them are in (a facility
  in the news is most often in the city the story is about; at 161 km, the city is the facility's place), or
  that country itself when the story names no city there.
* A name typed PERSON, ORG or NORP that is a city of the story's country is a place when it stands where a
  place stands ("civilians in Khan Sheikhoun", "the port of Tartus", "Herat, Kandahar and Jalalabad") and
  something else in the story lies in that country (``supported``).

Nothing here names a place: the words are kinds of facilities and the prepositions of place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from newsledger.document import Entity
from newsledger.geo.gazetteer import Candidate, Gazetteer, fold

# Last words of a facility's name (or the word right after it: "Sheremetyevo airport").
FACILITY_WORDS = frozenset({
    "airport", "airfield", "airbase", "base", "barracks", "camp", "hospital", "clinic", "prison", "jail",
    "university", "college", "school", "academy", "stadium", "arena", "church", "cathedral", "mosque", "temple",
    "synagogue", "shrine", "palace", "square", "park", "garden", "gardens", "station", "port", "harbour",
    "harbor", "bridge", "plant", "refinery", "reactor", "mall", "center", "centre", "hall", "court", "courthouse",
    "embassy", "consulate", "headquarters", "museum", "monument", "memorial", "hotel", "market", "dam",
})
# A city read from inside a facility's name must be at least this large (or a capital): "Lincoln Memorial" is
# no place in Nebraska, "Boston's Copley Square" is in Boston.
MIN_NAME_CITY = 100_000
# The story's main city places an unknown facility only when it is named this near (characters) a mention of it.
NEAR = 600
# A misfiled name stands where a place stands after these words ("in Arak", "the port of Tartus") ...
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|outside|around|at)\s+(?:the\s+)?|\b(?:city|town|port|village|province)"
                           r"\s+of\s+)$", re.IGNORECASE)
# ... or in a list of places ("Herat, Kandahar and Jalalabad"): a comma or "and" next to another place's mention.
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or)\s*$")
# Last words that make an ORG's name a site with a place ("Emory University Hospital", "Ramstein Air Base").
# Not universities (an expert's university is seldom in the story's city) nor embassies (abroad by definition).
ORG_SITE_WORDS = frozenset({"airport", "airbase", "base", "hospital", "prison", "stadium"})
# Facility words that make the name before them a facility ("Sheremetyevo airport"; not "port": "the Black Sea port").
AFTER_WORDS = frozenset({"airport", "airbase", "airfield", "hospital", "prison", "jail", "stadium", "embassy",
                         "consulate", "refinery", "reactor", "mosque", "church", "cathedral", "synagogue"})
_WORD = re.compile(r"[\w'’.-]+")
# The owner before a facility's mention: "Moscow's Sheremetyevo airport", "Beijing's Capital Airport".
_OWNER = re.compile(r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})['’]s\s+$")


def site_name(name: str, words: frozenset[str] = FACILITY_WORDS) -> bool:
    """The name ends in a facility word ("Gatwick Airport", "Emory University Hospital")."""
    folded = fold(name).split()
    return bool(folded) and folded[-1] in words


def facility_like(e: Entity, text: str) -> bool:
    """A name that ends in a facility word or is followed by one ("Gatwick Airport", "Sheremetyevo airport")."""
    if site_name(e.name):
        return True
    for m in e.mentions:
        after = _WORD.findall(text[m.end : m.end + 20])
        if m.kind == "name" and after and after[0].lower() in AFTER_WORDS:
            return True
    return False


def _cities(gz: Gazetteer, name: str) -> list[Candidate]:
    return [c for c in gz.lookup(name) if not c.alternate and c.feature == "city" and (c.population >= MIN_NAME_CITY or c.capital)]


def name_places(gz: Gazetteer, e: Entity, text: str) -> list[Candidate]:
    """Cities a facility's name or its owner names: "Boston's Copley Square", "Moscow's Sheremetyevo airport".

    Inside the name, the longest run of capitalised words first; else the owner right before a mention.
    Cities only: a region or country word inside a name is too often an ordinary word ("Capital Airport",
    "Pennsylvania Avenue", "Niger Delta").
    """
    words = _WORD.findall(e.name)
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            found = _cities(gz, " ".join(part)) if all(w[:1].isupper() for w in part) else []
            if found:
                return found
    for m in e.mentions:
        owner = _OWNER.search(text[max(0, m.start - 40) : m.start]) if m.kind == "name" else None
        found = _cities(gz, owner.group(1)) if owner else []
        if found:
            return found
    return []


def nearby(place: Entity, facility: Entity) -> bool:
    """Some mention of the place lies within ``NEAR`` characters of a mention of the facility."""
    return any(abs(m.start - f.start) <= NEAR for m in place.mentions for f in facility.mentions)


def main_city(chosen: Iterable[tuple[Candidate | None, int]]) -> Candidate | None:
    """The city the story's places name most often, in the country they name most (that country when it has no city there)."""
    votes: Counter[Candidate] = Counter()
    countries: Counter[str] = Counter()
    for c, n in chosen:
        if c is not None and c.iso3:
            countries[c.iso3] += n
            votes[c] += n if c.feature == "city" else 0
    if not countries:
        return None
    top = max(countries.values())
    leaders = [a3 for a3, n in countries.items() if n == top]
    cities = [c for c in votes if votes[c] and c.iso3 in leaders]
    if cities:
        return max(cities, key=lambda c: (votes[c], c.population))
    named = [c for c in votes if c.feature == "country" and c.iso3 in leaders]
    return named[0] if len(leaders) == 1 and named else None


def misfiled_city(gz: Gazetteer, e: Entity, text: str, places: list[tuple[int, int]]) -> list[Candidate]:
    """Cities a PERSON/ORG/NORP name stands for when one of its mentions stands where a place stands.

    ``places``: the (start, end) of the story's place mentions, for lists of places.
    """
    cities = [c for c in gz.lookup(e.name) if c.feature == "city" and not c.alternate]
    names = [m for m in e.mentions if m.kind == "name"]
    if not cities or not names:
        return []

    def placed(start: int, end: int) -> bool:
        if _PLACE_BEFORE.search(text[max(0, start - 20) : start]):
            return True
        return any(_LIST_GAP.match(text[b:start]) for _, b in places if 0 <= start - b <= 6) or any(
            _LIST_GAP.match(text[end:a]) for a, _ in places if 0 <= a - end <= 6)

    return cities if any(placed(m.start, m.end) for m in names) else []


def supported(c: Candidate | None, countries: Counter[str], own_votes: int, alone_ok: bool = False) -> bool:
    """Another place of the story lies in the candidate's country (or, with ``alone_ok``, the story has no other place)."""
    if c is None:
        return False
    others = sum(countries.values()) - (own_votes if countries.get(c.iso3 or "") else 0)
    return countries.get(c.iso3 or "", 0) - own_votes > 0 or alone_ok and others <= 0
