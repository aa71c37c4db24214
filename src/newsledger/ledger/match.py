"""When two event reports are the same event: the precision-first rule of the ledger's clusters.

Two reports join only when they are

* **factual**: only ``asserted`` and ``reported`` events cluster (planned, hypothetical, negated and denied
  events stay out of clusters and out of corroboration counts);
* **compatible in type**: the same PLOVER type, a wildcard (no type), or documented neighbours
  (``NEIGHBOUR_TYPES``: an "attack" in one outlet is a "clash" in another);
* **compatible in date**: the dates overlap at their precision (``2025-04`` overlaps ``2025-04-26``; a day
  apart is a different day, never across years); an undated report counts as dated around its publication;
* **about the same participants**: at least one shared *resolved* participant (canonical actor or target),
  and no clash (both name an actor, or a target, and the two are different entities not in the other report);
  reports of a happening without agents (``AGENTLESS_CLASSES``: an earthquake, a fire, a flood) instead need
  the same trigger *and* the same place;
* **in the same setting**: the same place (canonical, a name variant, or geocoded within ``SAME_PLACE_KM``;
  a country or a wide region such as "the West" is too wide to count) or the same day that both reports give
  themselves (a publication date is no event date; "that week" or "in August" is compatible but no evidence);
  a different known place never joins;
* **named alike**: the same trigger lemma or class ("died"/"killed"), or, with different words, the same
  PLOVER type plus a second context (two shared participants, or place and date);
* **not in conflict**: a merge may not create a conflict (different death tolls from two reports);
* **within one article**, a report repeating the trigger lemma with a shared participant needs no further
  setting (the article names the same happening again); corroboration is unchanged by it (one outlet);
* **one happening**: a count of many ("90 airstrikes", "dozens of raids") is a tally, not an event, and joins
  nothing (``EventFeatures.aggregate``).

``pair_score`` returns 0 for "not the same event" and otherwise a score that only ranks the candidates.
"""

from __future__ import annotations

from newsledger.geo.gazetteer import km
from newsledger.ledger import when as W
from newsledger.ledger.event_features import MIN_STEM, PLACE_STOP, EventFeatures, trigger_classes

W_PARTICIPANTS = 2.0  # times the Jaccard overlap of resolved participants
W_PLACE = 1.0
W_TRIGGER = 1.0
W_TYPE = 0.5
W_DATE = {"time": 1.0, "day": 1.0, "week": 0.75, "month": 0.5}  # compatible dates, by the coarser precision
W_DATE_OTHER = 0.25
# An undated report is about something within this many days of its publication.
PUBLICATION_WINDOW_DAYS = 7
# Place names as wide as a country: the same name in two reports is no shared setting.
WIDE_PLACES = frozenset({"west", "east", "north", "south", "middle east", "europe", "asia", "africa", "americas",
                         "latin america", "the region", "region", "world", "gulf", "balkans", "caucasus", "sahel", "arctic"})
# Dates further apart than this are "far"; closer but not overlapping, a "conflict" (both refuse a merge).
DATE_CONFLICT_DAYS = 3
WILDCARD_TYPES = {"", "OTHER", "EVENT", "UNKNOWN"}
# PLOVER types one outlet may use where another uses the other for the same incident.
NEIGHBOUR_TYPES = [{"ASSAULT", "FIGHT"}]
# Two place names sharing this many words name one place ("Betty Ford rehab", "the Betty Ford treatment center").
PLACE_SHARED_WORDS = 2
# Two geocoded places this close are the same place ("Wonsan" and "the coast near Wonsan").
SAME_PLACE_KM = 25.0
# ... but two differently named buildings are one place only this close ("the White House", "the Capitol").
SAME_FACILITY_KM = 0.3
# Trigger classes (ledger/lexicons/trigger_classes.tsv) of happenings that have no agent: their reports are
# the same event by trigger, place and date, whoever else they mention ("the USGS said", "rescuers found").
AGENTLESS_CLASSES = frozenset({"earthquake", "fire", "flood", "storm", "eruption", "landslide"})
# Two death tolls differ when they are more than this fraction apart.
FIGURE_TOLERANCE = 0.05
# Types whose two sides may swap roles between reports ("A met B" = "B met A"); in the others the actor
# of one report being the target of the other is a different event ("A attacked B" vs "B attacked A").
SYMMETRIC_TYPES = frozenset({"CONSULT", "FIGHT", "AGREE", "COOPERATE"})
# A date this many days wide or narrower (a week, a weekend, a day) can tell one event from another of the
# same actor and kind ("last week Obama ordered airstrikes").
WEEK_DAYS = 7
# Types for which one actor's act named alike in one week is one event (material acts); others need the target too.
WEEK_TYPES = frozenset({"ASSAULT", "COERCE", "FIGHT", "MOBILIZE", "SEIZE"})
# Trigger classes of what happens to a person once (ledger/lexicons/trigger_classes.tsv).
ONCE_CLASSES = frozenset({"death"})
# Types of material acts against a person: the same actor, act and person are one event.
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types where an actor of another country is another event (an attack by the US vs an attack by al-Qaeda).
COUNTRY_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION"})


def types_compatible(a: str, b: str) -> bool:
    """Same type, a wildcard, or documented neighbours (NEIGHBOUR_TYPES)."""
    a, b = a.split(".")[0], b.split(".")[0]
    if a in WILDCARD_TYPES or b in WILDCARD_TYPES or a == b:
        return True
    return any(a in s and b in s for s in NEIGHBOUR_TYPES)


def date_relation(value: str | None, member_dates: list[str]) -> tuple[str, float]:
    """("compatible"|"conflict"|"far"|"unknown", score) of a date against a cluster's member dates."""
    iv = W.interval(value)
    known = [d for d in (W.interval(m) for m in member_dates) if d is not None]
    if iv is None or not known:
        return "unknown", 0.0
    gaps = [iv.gap_days(k) for k in known]
    if max(gaps) == 0:
        coarsest = max(known + [iv], key=lambda k: k.days)
        return "compatible", W_DATE.get(coarsest.precision, W_DATE_OTHER)
    return ("conflict" if max(gaps) <= DATE_CONFLICT_DAYS else "far"), 0.0


def same_place(ev: EventFeatures, m: EventFeatures) -> bool | None:
    """True (same place), False (different places) or None (unknown, or one place contains the other).

    Different names alone prove nothing ("the Betty Ford Center" and "a California rehab"); two places are
    different only when both are geocoded and lie apart: in different countries, or both exact places more
    than SAME_PLACE_KM apart (two buildings more than SAME_FACILITY_KM), or in different first-level regions.
    A country on either side is too wide to say two reports share a place.
    """
    if not ev.place or not m.place or not (ev.place_named and m.place_named):
        return None  # "across the country", "more territory": no place that tells events apart
    if (ev.place_key or "") in WIDE_PLACES or (m.place_key or "") in WIDE_PLACES:
        return None
    if "country" in (ev.place_precision, m.place_precision):
        # a country is too wide to say two reports are of one event; different countries still differ
        known = ev.place_country and m.place_country
        return False if known and ev.place_country != m.place_country else None
    if ev.place == m.place:
        return True
    a = set((ev.place_key or "").split()) - PLACE_STOP
    b = set((m.place_key or "").split()) - PLACE_STOP
    if a and b and (a <= b or b <= a or len(a & b) >= PLACE_SHARED_WORDS):
        return True
    if ev.place_geo and m.place_geo:
        apart = km(ev.place_geo, m.place_geo)
        if ev.place_feature == m.place_feature == "facility" and apart > SAME_FACILITY_KM:
            return False  # two buildings of one city ("the White House", "the Capitol")
        if apart <= SAME_PLACE_KM:
            return True
        if ev.place_country and ev.place_country != m.place_country:
            return False
        coarse = {ev.place_precision, m.place_precision}
        if "country" in coarse or ("admin1" in coarse and ev.place_admin1 == m.place_admin1):
            return None  # "Wonsan" and "North Korea": one contains the other
        return False
    return None


def same_trigger(a: str, b: str) -> bool:
    """Same lemma, same trigger class ("died" / "killed"), or a compound's head ("quake" / "earthquake")."""
    if not a or not b:
        return False
    classes = trigger_classes()
    if a in classes and classes.get(a) == classes.get(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= MIN_STEM + 1 and long_.endswith(short))


def _undated_gap(dated: EventFeatures, undated: EventFeatures) -> int | None:
    """Days between a dated report's date and an undated report's publication."""
    iv, pub = W.interval(dated.date), W.interval(undated.published)
    return iv.gap_days(pub) if iv and pub else None


def date_context(ev: EventFeatures, m: EventFeatures) -> tuple[bool, bool, float]:
    """(allowed, agrees, score): may the two dates be one event's, and do they agree finer than a year."""
    rel, s = date_relation(ev.date, [m.date] if m.date else [])
    if rel in ("far", "conflict"):
        return False, False, 0.0
    if rel == "compatible":  # compatible at any precision; evidence of one event only when both give the day
        own = ev.date_source != "publication" or m.date_source != "publication"  # not both "has been detained"
        return True, own and s >= W_DATE["day"] and _day_or_finer(ev.date) and _day_or_finer(m.date), s
    if ev.date or m.date:  # one report dated, the other not: the undated one is about its publication days
        dated, undated = (ev, m) if ev.date else (m, ev)
        gap = _undated_gap(dated, undated)
        return gap is None or gap <= PUBLICATION_WINDOW_DAYS, False, 0.0
    a, b = W.interval(ev.published), W.interval(m.published)
    if a and b:
        return a.gap_days(b) <= PUBLICATION_WINDOW_DAYS, False, 0.0
    return True, False, 0.0


def _day_or_finer(value: str | None) -> bool:
    iv = W.interval(value)
    return iv is not None and iv.precision in ("day", "time")


def countries_clash(ev: EventFeatures, m: EventFeatures) -> bool:
    """Actors of different countries for a type where that makes another event (COUNTRY_TYPES)."""
    kinds = {ev.type.split(".")[0], m.type.split(".")[0]}
    if not kinds & COUNTRY_TYPES or not ev.actor_country or not m.actor_country:
        return False
    if kinds & SYMMETRIC_TYPES:  # either side of a fight may be named first
        return not {ev.actor_country, ev.target_country} & {m.actor_country, m.target_country}
    return ev.actor_country != m.actor_country


def participants_clash(ev: EventFeatures, m: EventFeatures) -> bool:
    """Both name an actor (or a target) and the two are different: entities the other report lacks (or, for a
    directed type, has in the other role), unresolved names with no word in common ("Luke Somers" killed vs
    "seven militants" killed), or actors of different countries (``countries_clash``)."""
    if countries_clash(ev, m):
        return True
    symmetric = bool({ev.type.split(".")[0], m.type.split(".")[0]} & SYMMETRIC_TYPES)
    for role, a, b in (("actor", ev.actor, m.actor), ("target", ev.target, m.target)):
        if not a or not b or a == b:
            continue
        if (a in m.participants or b in ev.participants) and (role == "target" or symmetric):
            continue
        if a.startswith("c") and b.startswith("c"):
            return True
        words_a, words_b = set(a.removeprefix("n:").split()), set(b.removeprefix("n:").split())
        if a.startswith("n:") and b.startswith("n:") and not words_a & words_b:
            return True
        if a.startswith("n:") != b.startswith("n:"):
            return True  # a named entity against a description of someone else
    return False


def figures_clash(ev: EventFeatures, m: EventFeatures) -> bool:
    """Two reports give different death tolls (in one article, two tolls are two happenings)."""
    if not ev.figures or not m.figures:
        return False
    a, b = max(ev.figures), max(m.figures)
    return abs(a - b) > FIGURE_TOLERANCE * max(a, b)


def same_week(ev: EventFeatures, m: EventFeatures) -> bool:
    """Both reports date the event themselves to the same week or finer ("last week Obama ordered airstrikes" and
    "on Thursday Obama authorized airstrikes"); publication dates do not count."""
    if "publication" in (ev.date_source, m.date_source) or not ev.date or not m.date:
        return False
    ia, ib = W.interval(ev.date), W.interval(m.date)
    if not (ia and ib and ia.days <= WEEK_DAYS and ib.days <= WEEK_DAYS and ia.overlaps(ib)):
        return False
    for weekend, other in ((ev.date, ib), (m.date, ia)):  # "over the weekend" is Saturday and Sunday, not Thursday
        if weekend.endswith("-WE") and other.days == 1 and other.start.isoweekday() < 6:
            return False
    return True


def week_enough(ev: EventFeatures, m: EventFeatures) -> bool:
    """The same actor in the same week is one event for a material act ("ordered airstrikes"); a meeting or a
    statement needs the same other side too ("last week's meeting with Obama" is not his meeting with Hadi)."""
    kinds = {ev.type.split(".")[0], m.type.split(".")[0]}
    if kinds & WILDCARD_TYPES or kinds <= WEEK_TYPES:
        return True
    return bool(ev.target) and ev.target == m.target


def one_victim(ev: EventFeatures, m: EventFeatures) -> bool:
    """The same person suffers the same material act (killed, abducted, arrested) from the same or an unnamed
    actor: a person is killed once, so no further setting is needed."""
    if not (ev.target and ev.target == m.target and ev.target.startswith("c") and ev.target_person and m.target_person):
        return False
    if not any(W.interval(x.date) and x.date_source != "publication" for x in (ev, m)):
        return False  # neither report dates it: "the advantage of killing Assad" is no happening
    kinds = {ev.type.split(".")[0], m.type.split(".")[0]}
    once = trigger_classes().get(ev.lemma) in ONCE_CLASSES and same_trigger(ev.lemma, m.lemma)
    material = bool(kinds <= VICTIM_TYPES) and ev.lemma == m.lemma and bool(ev.actor) and ev.actor == m.actor
    return once or material


def pair_score(ev: EventFeatures, m: EventFeatures) -> float:
    """How well one event matches one earlier report (0 = not the same event; see the module docstring)."""
    if not (ev.clusterable and m.clusterable) or not types_compatible(ev.type, m.type):
        return 0.0
    allowed, date_agrees, s = date_context(ev, m)
    if not allowed or participants_clash(ev, m) or figures_clash(ev, m):
        return 0.0
    shared = ev.resolved() & m.resolved()
    trigger = same_trigger(ev.lemma, m.lemma)
    if not shared:
        # a happening without agents: the same trigger at the same place (and no date against it)
        agentless = trigger and trigger_classes().get(ev.lemma) in AGENTLESS_CLASSES
        if not agentless and (ev.participants or m.participants or not trigger or not date_agrees):
            return 0.0  # nobody named on either side: only the same word, place and day tell it is one event
        if same_place(ev, m) is not True:
            return 0.0
        if ev.place_inferred or m.place_inferred:
            return 0.0
        return W_TRIGGER + W_PLACE + s
    s += W_PARTICIPANTS * len(shared) / len(ev.resolved() | m.resolved())
    same_type = ev.type not in WILDCARD_TYPES and m.type not in WILDCARD_TYPES  # and compatible (checked above)
    if not (trigger or same_type):
        return 0.0
    place = same_place(ev, m)
    if place is False and not (ev.place_inferred or m.place_inferred):
        return 0.0
    # an inferred setting (the article's main place) only agrees for reports that name the happening alike
    place_agrees = bool(place) and (trigger or not (ev.place_inferred or m.place_inferred))
    date_agrees = date_agrees or (trigger and same_week(ev, m) and bool(ev.actor) and ev.actor == m.actor
                                  and (ev.actor or "").startswith("c") and week_enough(ev, m))
    victim = one_victim(ev, m)
    if not (ev.actor or m.actor or victim) and not (date_agrees or (place and not (ev.place_inferred or m.place_inferred))):
        return 0.0  # only a target in common ("an investigation of Brown's death"): the reports' own place or day
    contexts = int(place_agrees) + int(date_agrees)
    if ev.doc_id == m.doc_id and ev.lemma == m.lemma and place is not False:
        contexts = max(contexts, 1)  # one article naming one happening again with the same word and people
    if contexts == 0 and not victim:
        return 0.0
    if not trigger and contexts + int(len(shared) >= 2) < 2:
        return 0.0
    s += (W_PLACE if place_agrees else 0.0) + (W_TRIGGER if trigger else 0.0) + (W_TYPE if same_type else 0.0)
    return max(s, 0.01)


def fits(ev: EventFeatures, members: list[EventFeatures]) -> bool:
    """The event may join these reports without creating a conflict with any of them."""
    for m in members:
        if not types_compatible(ev.type, m.type) or participants_clash(ev, m) or figures_clash(ev, m):
            return False
        if not date_context(ev, m)[0]:
            return False
        if same_place(ev, m) is False and not (ev.place_inferred or m.place_inferred):
            return False
    return True
