"""The entities stage's gazetteer: the place tables of ``newsledger.geo`` plus organisations and word lists.

Built once per process (``gazetteer()``). Lookups are case-sensitive on surface strings (plus an
ALL-CAPS copy for headlines), so the pronoun "us" never matches the country "US".

- ``places[surface] -> Place`` countries (every official/short/common name and alias), cities and regions.
- ``demonyms[surface] -> alpha3`` nationality words ("North Korean" -> PRK).
- ``orgs[surface] -> Place`` well-known organisations and their short forms (type ORG).
- ``place_heads``, ``titles``, ``org_heads``, ``cta_verbs``: word lists of ``stages/entities/lexicons``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsledger.geo.places import Place, lexicon_rows, place_tables

# Longest gazetteer entry in tokens that the matcher tries ("Democratic People's Republic of Korea" = 7).
MAX_NAME_TOKENS = 8
PACKAGE = "newsledger.stages.entities"


@dataclass
class Gazetteer:
    """All reference tables of the entities stage."""

    places: dict[str, Place]
    demonyms: dict[str, str]
    orgs: dict[str, Place]
    country_names: dict[str, str]  # alpha3 -> preferred short name
    place_heads: tuple[tuple[str, ...], ...]  # longest first, lower case tokens
    place_head_starts: frozenset[str]
    titles: frozenset[str]
    org_heads: frozenset[str]
    cta_verbs: frozenset[str]
    law_heads: frozenset[str]
    first_names: dict[str, str]  # first name -> "f" | "m" (lexicons/first_names.tsv)
    capitals: dict[str, str]  # capital city -> alpha3 of its country ("Moscow said" is Russia speaking)

    def country_name(self, alpha3: str) -> str:
        """The preferred short name of a country ("North Korea" for PRK)."""
        return self.country_names.get(alpha3, alpha3)

    def lookup(self, surface: str) -> Place | None:
        """The place or organisation a surface string names, if any."""
        return self.places.get(surface) or self.orgs.get(surface)

    def demonym(self, surface: str) -> str | None:
        """The alpha-3 code of the country a nationality word refers to."""
        return self.demonyms.get(surface)


def _lines(filename: str) -> list[list[str]]:
    return lexicon_rows(filename, PACKAGE)


def _words(filename: str) -> list[str]:
    return [r[0].strip() for r in _lines(filename)]


def _orgs() -> dict[str, Place]:
    orgs: dict[str, Place] = {}
    for row in _lines("org_aliases.tsv"):
        canonical, a3 = row[0], (row[1].strip() or None) if len(row) > 1 else None
        place = Place(canonical, "ORG", a3, "org")
        orgs[canonical] = place
        for alias in row[2].split("|") if len(row) > 2 else []:
            orgs[alias] = place
    return orgs


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build (once per process) the reference tables from the geo place tables and the entity lexicons."""
    tables = place_tables()
    for row in _lines("country_nicknames.tsv"):  # "Uncle Sam", "the Hermit Kingdom": the country itself
        a3 = row[0].strip()
        for nick in row[1].split("|") if len(row) > 1 else []:
            tables.places.setdefault(nick, Place(tables.country_names.get(a3, a3), "GPE", a3, "country"))
    heads = sorted((tuple(w.lower().split()) for w in _words("place_heads.txt")), key=len, reverse=True)
    return Gazetteer(
        places=tables.places,
        demonyms=tables.demonyms,
        orgs=_orgs(),
        country_names=tables.country_names,
        place_heads=tuple(heads),
        place_head_starts=frozenset(h[0] for h in heads),
        titles=frozenset(w.lower() for w in _words("titles.txt")),
        org_heads=frozenset(w.lower() for w in _words("org_heads.txt")),
        cta_verbs=frozenset(w.lower() for w in _words("cta_verbs.txt")),
        law_heads=frozenset(w.lower() for w in _words("law_heads.txt")),
        first_names={r[0]: r[1].strip() for r in _lines("first_names.tsv") if len(r) > 1},
        capitals=_capitals(),
    )


def _capitals() -> dict[str, str]:
    from newsledger.geo.places import geonames

    return {c["capital"]: c["iso3"] for c in geonames().get_countries().values()
            if c.get("capital") and c.get("iso3")}


__all__ = ["MAX_NAME_TOKENS", "Gazetteer", "gazetteer"]
