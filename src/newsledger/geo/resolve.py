"""Geocode the places of one document: each place entity to one gazetteer entry, chosen in context.

A name's candidates (``gazetteer.Gazetteer.lookup``) are ranked by

* population (log10), a bonus for national capitals and for names that are a country's name, a malus for
  matches through an alternate name only;
* the mention's own qualifier: "Paris, Texas", "Springfield, Ill.", "Kherson, Ukraine" (a candidate in the
  named state or country wins, the others lose), and a following "region"/"oblast"/"province" (regions win);
* the document's context: the share of the other places' countries (the story's country: a US story's
  "Georgia" is the state, a Caucasus story's the country) and of their first-level regions (a story that
  mentions Atlanta puts "Georgia" in the United States).

Beyond that (see geo/README.md): misfiled PERSON/ORG/NORP places, qualifier and "in" fallbacks for unknown
names, US state abbreviations, and lone small towns abroad left unplaced.

``geocode(entities, text)`` returns entity id -> Geo; ``geocode_name`` places a name that is no entity
(an event's ``where`` without an entity) in the same context. The weights are hand-set (documented here and
in geo/README.md) and were checked on our own dev cases, not on the annotated test mentions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from newsledger.document import Analysis, Entity, Geo
from newsledger.geo.fallback import (
    ORG_SITE_WORDS,
    facility_like,
    main_city,
    misfiled_city,
    name_places,
    nearby,
    site_name,
    supported,
)
from newsledger.geo.gazetteer import ADMIN_WORDS, Candidate, Gazetteer, fold, gazetteer
from newsledger.geo.nominals import covered_text, link_descriptions, link_repeats
from newsledger.geo.places import demonym_forms

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
W_COUNTRY_NAME = 2.0  # the name is a country's name ("Georgia" the country, unless the context says otherwise)
W_CAPITAL = 4.5  # a national capital outweighs a small namesake in the story's country ("Moscow" in a US story)
W_ALTERNATE = -2.0  # found under an alternate spelling only
W_ADMIN_TIE = -0.5  # a bare name that is both a city and its region: the city ("Kursk" -> the city)
W_ADMIN_WORD = 5.0  # "Kursk region": the region
W_QUALIFIER = 10.0  # "Paris, Texas": the candidate in Texas; the others lose as much
W_CONTEXT_COUNTRY = 6.0  # times the share of the document's other places in the candidate's country
W_CONTEXT_ADMIN1 = 3.0  # another place of the document lies in the candidate's first-level region
W_FACILITY = 2.0  # a FAC entity prefers facilities
# A city read out of a longer phrase ("the Palmer fire station") must be at least this large.
MIN_PART_CITY = 50_000
# Words that are parts of place phrases but no place of their own.
PART_STOP = frozenset({"center", "centre", "city", "hospital", "camp", "street", "road", "park", "university", "court",
                       "airport", "station", "bridge", "house", "hall", "square", "mountains", "valley", "island", "bay",
                       "north", "south", "east", "west", "central", "new", "port", "lake", "river", "beach"})
# Each place counts at most this many mentions in the document's country context.
MAX_VOTES = 3
# Passes of choosing each place in the context of the others' choices.
CONTEXT_PASSES = 2
# Bare compass words name blocs and directions, not the regions of that name.
COMPASS = frozenset({"west", "east", "north", "south", "western", "eastern", "northern", "southern"})
# A town smaller than this in a country nothing else in the story is in stays unplaced (a misread name).
LONE_TOWN = 100_000
# Entity types the NER may give a place by mistake, and the size of a city trusted on its name alone there.
MISFILED_TYPES = frozenset({"PERSON", "ORG", "NORP"})
MISFILED_CITY = 1_000_000
_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w'.-]*\.?)(?:\s+[A-Z][\w'.-]*\.?){0,3})")
_IN_AFTER = re.compile(r",?\s+in\s+(?:the\s+)?((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})")
_ADMIN_AFTER = re.compile(r"\s+(" + "|".join(ADMIN_WORDS) + r")\b(?!\s+(?:media|television|tv|news|department|agency|"
                          r"broadcaster|run|owned|controlled|secretary|visit|dinner|funeral|officials?|-run))",
                          re.IGNORECASE)
_LEADING = re.compile(r"^(?:in|at|near|on|outside|inside|from|of|the)\s+", re.IGNORECASE)


@dataclass
class _Place:
    """A place entity being resolved: its names, candidates and the hints of its mentions."""

    entity: Entity
    names: list[str]
    candidates: list[Candidate]
    qualifiers: set[str] = field(default_factory=set)  # ISO3 codes or admin1 codes named right after a mention
    admin_word: bool = False
    votes: int = 1
    within: list[Candidate] = field(default_factory=list)  # the places a qualifier names ("Fort Meade, Maryland")
    needs_support: bool = False  # a misfiled name read as a city: kept only when the story supports its country
    facility: bool = False  # an unknown facility: placed at the story's main city when nothing else places it


def to_geo(c: Candidate, gz: Gazetteer) -> Geo:
    """The contract record of a candidate."""
    iso3 = c.iso3
    admin = c.feature != "country"
    return Geo(
        name=c.name, lat=round(c.lat, 5), lon=round(c.lon, 5), precision=c.precision, feature=c.feature,
        country_iso3=iso3, country_iso2=gz.iso2.get(iso3 or ""), country=gz.country_name.get(iso3 or ""),
        admin1_code=c.admin1_code if admin else None, admin1_name=c.admin1_name if admin else None,
        geonames_id=int(c.geonames_id) if c.geonames_id else None,
    )


def _qualifier_places(gz: Gazetteer, words: str) -> list[Candidate]:
    """The countries and regions a qualifier names ("Texas", "Ill.", "Ukraine")."""
    if words in gz.us_abbrev:
        region = gz.regions.get(gz.us_abbrev[words])
        return [region] if region else [Candidate(words, "admin1", "USA", 0.0, 0.0, 0, gz.us_abbrev[words])]
    return [c for c in gz.lookup(words) if c.feature == "country" and c.iso3 or c.feature == "admin1" and c.admin1_code]


def _qualifier_codes(places: list[Candidate]) -> set[str]:
    """ISO3 / admin1 codes of qualifier places ("Texas" -> US-TX and USA; "Ukraine" -> UKR)."""
    out: set[str] = set()
    for c in places:
        out |= {c.iso3 or "", c.admin1_code or ""} if c.feature == "admin1" else {c.iso3 or ""}
    return out - {""}


def _place(gz: Gazetteer, e: Entity, text: str) -> _Place:
    names = [e.name] + [a for a in e.aliases if a != e.name]
    names += [m.text for m in e.mentions if m.kind in ("name", "alias") and m.text not in names]
    # the entity's own name first: "China" with the alias "Beijing" is the country, not its capital
    abbrev = gz.regions.get(gz.us_abbrev.get(e.name, ""))  # "Pa.", "Minn." standing alone: the state
    cands: list[Candidate] = [abbrev] if abbrev else list(gz.lookup(_LEADING.sub("", e.name)))
    if fold(e.name) in COMPASS:  # "the West" is a bloc, not Cameroon's West Region
        names, cands = [], []
    for n in names if not cands else ():
        cands += [c for c in gz.lookup(_LEADING.sub("", n)) if c not in cands]
    p = _Place(e, names, cands, votes=min(MAX_VOTES, max(1, sum(1 for m in e.mentions if m.kind != "pronoun"))))
    for m in e.mentions:
        after = text[m.end : m.end + 40]
        q = _QUALIFIER.match(after)
        if q:
            words = q.group(1).rstrip(",")
            while words:
                named = _qualifier_places(gz, words)
                if named:
                    p.qualifiers |= _qualifier_codes(named)
                    p.within += [c for c in named if c.lat or c.lon]
                    break
                words = " ".join(words.split()[:-1])
        inside = _IN_AFTER.match(text[m.end : m.end + 60]) if not cands and not p.within else None
        words = inside.group(1) if inside else ""
        while words and not p.within:  # "Tera Yengkhom Leikai in Imphal West district": in Imphal
            p.within = [c for c in gz.lookup(words) if not c.alternate and c.feature != "facility"]
            words = " ".join(words.split()[:-1])
        # "Kursk region", "the Sindh province": a name (not a demonym: "North Korean state media") before the word
        if m.kind in ("name", "alias") and (_ADMIN_AFTER.match(after) or fold(m.text).split()[-1:] in [[w] for w in ADMIN_WORDS]):
            p.admin_word = True
    return p


def _prior(c: Candidate, p: _Place) -> float:
    s = math.log10(max(c.population, 0) + 1000)
    s += W_COUNTRY_NAME if c.feature == "country" else 0.0
    # a capital named like its country ("Singapore", "Kuwait") does not take the country's name from it
    s += W_CAPITAL if c.capital and not any(o.feature == "country" and o.iso3 == c.iso3 for o in p.candidates) else 0.0
    s += W_ALTERNATE if c.alternate else 0.0
    if c.feature in ("admin1", "region"):
        s += W_ADMIN_WORD if p.admin_word else W_ADMIN_TIE
    if p.entity.type == "FAC":
        s += W_FACILITY if c.feature == "facility" else -W_QUALIFIER  # a building named like its town is no town
    if p.qualifiers:
        hit = (c.iso3 in p.qualifiers) or (c.admin1_code in p.qualifiers)
        s += W_QUALIFIER if hit else -W_QUALIFIER
    return s


def _context_score(c: Candidate, countries: Counter[str], admins: Counter[str], total: int) -> float:
    s = 0.0
    if total and c.iso3:
        s += W_CONTEXT_COUNTRY * countries.get(c.iso3, 0) / total
    if c.admin1_code and c.feature != "country" and admins.get(c.admin1_code):
        s += W_CONTEXT_ADMIN1
    return s


def _choose(p: _Place, countries: Counter[str], admins: Counter[str], total: int) -> Candidate | None:
    if not p.candidates:
        return None
    return max(p.candidates, key=lambda c: (_prior(c, p) + _context_score(c, countries, admins, total), c.population))


def _vote(places: list[_Place], chosen: dict[str, Candidate | None]) -> tuple[Counter[str], Counter[str], dict[str, tuple[str | None, str | None]]]:
    countries: Counter[str] = Counter()
    admins: Counter[str] = Counter()
    own: dict[str, tuple[str | None, str | None]] = {}
    for p in places:
        c = chosen.get(p.entity.id)
        if c is None:
            continue
        own[p.entity.id] = (c.iso3, c.admin1_code if c.feature != "country" else None)
        if c.iso3:
            countries[c.iso3] += p.votes
        if c.admin1_code and c.feature != "country":
            admins[c.admin1_code] += p.votes
    return countries, admins, own


def _misfiled(gz: Gazetteer, e: Entity, text: str, spans: list[tuple[int, int]]) -> _Place | None:
    """A PERSON/ORG/NORP entity whose name is plainly a place ("Kiev" typed PERSON, "Capitol Hill" typed ORG).

    Plainly: the name (not a demonym) looks up a country, a big city (MISFILED_CITY people or more), a listed
    facility or region, or (for an ORG) a first-level region of as many people in its cities ("Western" typed
    NORP is no Sri Lankan province, "Batman" typed ORG no Turkish one); other readings of the name are dropped.
    """
    if e.type not in MISFILED_TYPES or e.name in demonym_forms() or not e.name[:1].isupper():
        return None
    if any(m.kind not in ("name", "alias", "pronoun") for m in e.mentions):
        return None
    cands = [c for c in gz.lookup(e.name) if c.feature in ("country", "facility", "region")
             or c.feature == "city" and c.population >= MISFILED_CITY
             or c.feature == "admin1" and e.type == "ORG" and c.population >= MISFILED_CITY]
    support = not cands
    if support and not (e.type == "PERSON" and any(m.kind == "pronoun" for m in e.mentions)):
        cands = misfiled_city(gz, e, text, spans)  # "civilians in Khan Sheikhoun": a city, if the story is in its country
    if not cands and not (e.type == "ORG" and site_name(e.name, ORG_SITE_WORDS)):
        return None
    p = _place(gz, e, text)  # an ORG named as a site ("... University Hospital") is placed as a facility below
    p.candidates, p.needs_support = cands, support and bool(cands)
    return p


def _lone_town(c: Candidate | None, p: _Place, countries: Counter[str], own_country: str | None) -> bool:
    """A small town abroad that nothing else in the story points to: a misread name ("Obama", "Sens.", "Palin")."""
    if c is None or c.feature != "city" or c.population >= LONE_TOWN or c.capital or p.qualifiers:
        return False
    support = countries.get(c.iso3 or "", 0) - (p.votes if own_country == c.iso3 else 0)
    return sum(countries.values()) > p.votes and support <= 0


def geocode(entities: list[Entity], text: str) -> dict[str, Geo]:
    """Entity id -> Geo for every place entity the gazetteer knows, disambiguated in the document's context.

    Entities of other types whose name is plainly a place (``_misfiled``) are placed too; a place the gazetteer
    does not know, qualified by a known one ("Fort Meade, Maryland"), takes the qualifier's place.
    """
    gz = gazetteer()
    places = [_place(gz, e, text) for e in entities if e.type in PLACE_TYPES]
    spans = [(m.start, m.end) for p in places for m in p.entity.mentions if m.kind == "name"]
    places += [p for p in (_misfiled(gz, e, text, spans) for e in entities if e.type not in PLACE_TYPES) if p is not None]
    for p in places:
        if not p.candidates and p.within:
            p.candidates, p.qualifiers = p.within, set()
        if not p.candidates and facility_like(p.entity, text):  # "Boston's Copley Square": in Boston
            p.candidates, p.facility = name_places(gz, p.entity, text), True
            p.needs_support = bool(p.candidates)  # "San José Mine" in a story of Chile is not in California
    placed = {p.entity.id for p in places}
    extra: Counter[str] = Counter(e.country for e in entities if e.id not in placed and e.country)
    chosen: dict[str, Candidate | None] = {}
    # first pass: each place alone (plus the countries the entities stage gave organisations and people)
    for p in places:
        chosen[p.entity.id] = _choose(p, extra, Counter(), sum(extra.values()))
    # then each place in the context of the others' last choices (twice: a choice the context changed
    # may change the context of another: "Parkland" settles in Florida, then "Washington" is no longer the state)
    for _ in range(CONTEXT_PASSES):
        countries, admins, own = _vote(places, chosen)
        countries += extra
        for p in places:
            c_own, a_own = own.get(p.entity.id, (None, None))
            cs, ads = countries.copy(), admins.copy()
            if c_own:
                cs[c_own] -= p.votes
            if a_own:
                ads[a_own] -= p.votes
            chosen[p.entity.id] = _choose(p, +cs, +ads, sum((+cs).values()))
    countries, _, own = _vote(places, chosen)
    countries += extra
    for p in places:
        c = chosen[p.entity.id]
        if _lone_town(c, p, countries, own.get(p.entity.id, (None, None))[0]) or (
                p.needs_support and not supported(c, countries, p.votes, alone_ok=p.facility)):
            chosen[p.entity.id] = None
    for p in places:  # an unknown facility is in the city the story names most
        if p.facility and chosen[p.entity.id] is None:
            near = [q for q in places if q is not p and nearby(q.entity, p.entity)]
            chosen[p.entity.id] = main_city((chosen[q.entity.id], q.votes) for q in near)
    return {eid: to_geo(c, gz) for eid, c in chosen.items() if c is not None}


def _phrases(name: str) -> list[str]:
    """The name, then its capitalised word runs, longest first ("Indonesia's Aceh province" -> "Aceh province", ...)."""
    words = re.findall(r"[\w'’.-]+", _LEADING.sub("", name.strip()))
    out = [" ".join(words)]
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            part = words[i : i + n]
            if part[0][:1].isupper() and (n == 1 or part[-1][:1].isupper() or part[-1].lower() in ADMIN_WORDS):
                out.append(" ".join(part))
    return out


def geocode_name(name: str, entities: list[Entity], geos: dict[str, Geo], text: str = "") -> Geo | None:
    """Place a bare name (an event's ``where`` without an entity) in the context of the document's places.

    A phrase the gazetteer does not know as a whole ("Indonesia's northwestern Aceh province") is read by its
    capitalised parts, longest first; the most precise part that fits the others' country wins.
    """
    gz = gazetteer()
    countries: Counter[str] = Counter(g.country_iso3 for g in geos.values() if g.country_iso3)
    admins: Counter[str] = Counter(g.admin1_code for g in geos.values() if g.admin1_code)
    found: list[Candidate] = []
    site = site_name(name)  # a facility's name: only a city inside it places it (see fallback.name_places)
    for i, phrase in enumerate(_phrases(name)):
        p = _place(gz, Entity("_where", phrase, "GPE"), text)
        if i:  # a part of the phrase: only names that cannot be an ordinary word of a longer name
            p.candidates = [c for c in p.candidates if not c.alternate and phrase.lower() not in PART_STOP
                            and (c.feature != "city" or c.population >= MIN_PART_CITY or c.capital)
                            and (c.feature == "city" or not site)]  # "Rose Garden" is not on Rose Atoll
        best = _choose(p, countries, admins, sum(countries.values()))
        if best is not None and i == 0:
            return to_geo(best, gz)  # the whole phrase is a known place
        if best is not None:
            found.append(best)
            countries[best.iso3 or ""] += 1
    if not found:
        return None
    rank = {"place": 0, "admin1": 1, "country": 2}
    best = min(found, key=lambda c: rank[c.precision])
    if any(c.iso3 != best.iso3 for c in found):  # parts in different countries: keep the first, whole reading
        best = found[0]
    return to_geo(best, gz)


def geocode_analysis(analysis: Analysis) -> None:
    """Fill ``geo`` on the place entities and event places of one analysis (what the geo stage does)."""
    entities = analysis.entities
    geos = geocode(entities, analysis.document.text)
    for e in entities:
        e.geo = geos.get(e.id)
        if e.geo is not None and e.geo.country_iso3:
            e.country = e.geo.country_iso3  # the place's country in context ("Georgia" in a US story is in USA)
    covered = covered_text(analysis)
    link_repeats(analysis, covered)  # the place's name again where the entity recogniser skipped it
    link_descriptions(analysis, covered)  # "the country", "the airbase": mentions of the place named before
    for ev in analysis.events:
        where = ev.where
        if where is not None:
            where.geo = geos.get(where.entity or "") or geocode_name(where.name, entities, geos)
            if where.geo is not None and where.geo.country_iso3:
                where.country = where.geo.country_iso3
