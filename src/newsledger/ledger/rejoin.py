"""A second pass over event clusters: join the clusters that are one event reported with different roles.

The first pass (``match.pair_score``) puts a report in a cluster by directed roles: "Wilson shot Brown",
"Brown was shot" and a caption naming Brown's companion as the shooter land in different clusters. Two
clusters are joined here when, taken as wholes,

* their types are compatible (the same PLOVER type, a wildcard, or documented neighbours);
* they share a resolved participant in *either* role (a person, organisation or group: a country is too
  wide), or, when one of them names nobody, report the happening with the same trigger word at the same
  place on the same day;
* they name it alike: a trigger of the same lemma or class in both, or the same (non-wildcard) type;
* they are in the same setting: some report of each names the same place, or both give the same day
  themselves, or the shared participant is the person who suffers the same material act in both ("shot",
  "killed", "the death of": a person is killed once, whoever a caption names as the killer);
* or, instead of a shared participant and setting, reports of the two in different articles echo each other:
  the same trigger and evidence sentences sharing most content words (``EVIDENCE_OVERLAP``; "a matching
  evidence lemma set");
* a merge may not create a conflict: no two reports of the two clusters have incompatible dates (an undated
  report counts from its publication back UNDATED_WINDOW_DAYS; not for the death of one person, "killed" or
  "beheaded": a person dies once, so one of the two dates is wrong), different known places, incompatible types,
  different death tolls, different named actors (or targets; not for the killing of one person, which a
  caption may pin on a bystander) or actors of different countries.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from functools import lru_cache

from newsledger.ledger import when as W
from newsledger.ledger.event_features import PLACE_STOP, EventFeatures, lemma, trigger_classes
from newsledger.ledger.match import (
    PLACE_SHARED_WORDS,
    SYMMETRIC_TYPES,
    VICTIM_TYPES,
    WILDCARD_TYPES,
    date_context,
    date_relation,
    figures_clash,
    same_place,
    same_trigger,
    types_compatible,
)

# Types of material acts: one actor's attack (arrest, clash) on a day, named with another word, is that attack.
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "FIGHT"})
# Participant classes that identify an event's side (a country or a place is too wide to tell events apart).
NARROW_CLASSES = ("person", "org", "group")
# At most this many candidate clusters are tried per cluster, and this many reports of each side compared.
MAX_REJOIN_CANDIDATES = 30
MAX_REPORTS = 120
# Trigger classes (ledger/lexicons/trigger_classes.tsv) and stems that name killing a person: "Brown was shot",
# "the death of Brown" and "the killing of Brown" are one event when Brown is the victim in both.
KILLING_CLASSES = frozenset({"death", "shooting"})
KILLING_STEMS = ("murder", "behead", "execut", "assassinat")
# Two evidence sentences whose content words overlap this much (Jaccard) with the same trigger report one event.
EVIDENCE_OVERLAP = 0.5
MIN_WORD = 3
# ... when each has this many content words (a fragment, "air strikes in Iraq.", is too short to tell).
MIN_ECHO_WORDS = 8
STOPWORDS = frozenset(("the", "and", "for", "that", "with", "from", "this", "was", "were", "has", "have", "had", "are",
                       "its", "his", "her", "their", "they", "said", "says", "after", "before", "into", "over", "about",
                       "than", "but", "not", "who", "which", "when", "where", "while", "also", "been", "will", "would"))
# An undated report (a caption, a background mention) may be about an event from this many days before its
# publication; never about one after it.
UNDATED_WINDOW_DAYS = 31


def _types(members: list[EventFeatures]) -> set[str]:
    return {m.type.split(".")[0] for m in members if m.type not in WILDCARD_TYPES}


def _countries_clash(x: EventFeatures, y: EventFeatures) -> bool:
    """Both sides' countries known and disjoint: "an attack by the US" is not "an attack by Syria"."""
    a = {c for c in (x.actor_country, x.target_country) if c}
    b = {c for c in (y.actor_country, y.target_country) if c}
    return bool(x.actor_country and y.actor_country and a and b and not a & b)


def dates_fit(x: EventFeatures, y: EventFeatures) -> bool:
    """Two dated reports overlap at their precision; an undated one was published on or after the other's
    date, within UNDATED_WINDOW_DAYS (two undated reports: published within that window of each other)."""
    if W.interval(x.date) and W.interval(y.date):
        return date_relation(x.date, [y.date or ""])[0] == "compatible"
    if x.date or y.date:
        dated, undated = (x, y) if W.interval(x.date) else (y, x)
        iv, pub = W.interval(dated.date), W.interval(undated.published)
        return not (iv and pub) or (pub.end >= iv.start and iv.gap_days(pub) <= UNDATED_WINDOW_DAYS)
    pa, pb = W.interval(x.published), W.interval(y.published)
    return not (pa and pb) or pa.gap_days(pb) <= UNDATED_WINDOW_DAYS


def roles_clash(x: EventFeatures, y: EventFeatures) -> bool:
    """Both name a resolved actor (or target), the two differ and neither is a participant of the other report
    ("Obama met Merkel" / "Obama met Abe"), or the two sides are swapped in a directed type ("A attacked B" /
    "B attacked A"); descriptions ("an officer") tell nothing against a name."""
    kinds = {x.type.split(".")[0], y.type.split(".")[0]}
    if x.actor and x.target and x.actor == y.target and x.target == y.actor and not kinds & SYMMETRIC_TYPES:
        return True
    # a place under country level as the target of a non-material act is where it happened, not a side: the place
    # check compares it ("checked into a clinic in California" / "into the Betty Ford Clinic")
    destination = (x.target_place or y.target_place) and not kinds & MATERIAL_TYPES
    sides = ((x.actor, y.actor, x.actor_name, y.actor_name, x.actor_person and y.actor_person, False),
             (x.target, y.target, x.target_name, y.target_name, x.target_person and y.target_person, destination))
    for a, b, na, nb, persons, lenient in sides:
        if not (a and b and a != b and a.startswith("c") and b.startswith("c")) or a in y.participants or b in x.participants:
            continue
        if not (lenient or names_alike(na, nb, persons)):
            return True
    return False


def names_alike(a: str | None, b: str | None, persons: bool) -> bool:
    """Two canonical names the ledger keeps apart but that do not contradict each other: a person's bare surname
    and a full name ending in it ("lohan" / "lindsay lohan"), or two names sharing two words ("betty ford clinic" /
    "betty ford treatment center")."""
    if not a or not b:
        return False
    wa, wb = a.split(), b.split()
    short, long = sorted((wa, wb), key=len)
    if persons and len(short) == 1 and len(long) >= 2 and long[-1] == short[0]:
        return True
    return len((set(wa) & set(wb)) - PLACE_STOP) >= PLACE_SHARED_WORDS


def conflict(a: list[EventFeatures], b: list[EventFeatures]) -> bool:
    """Some report of one cluster contradicts some report of the other (the merge would create a conflict)."""
    for x in a[-MAX_REPORTS:]:
        for y in b[-MAX_REPORTS:]:
            if not types_compatible(x.type, y.type) or figures_clash(x, y) or _countries_clash(x, y):
                return True
            victim = _one_victim(x, y)
            if (not dates_fit(x, y) and not (victim and _killed_once(x, y))) or (roles_clash(x, y) and not victim):
                return True
            if same_place(x, y) is False and not (x.place_inferred or y.place_inferred):
                return True
    return False


def _own_day(x: EventFeatures, y: EventFeatures) -> bool:
    """Both reports give the same day themselves (not their publication dates)."""
    return date_context(x, y)[1]


def _named_place(x: EventFeatures, y: EventFeatures) -> bool:
    """Both reports give the place themselves, and it is the same (or two descriptions share two words:
    "the Betty Ford center" / "at Betty Ford")."""
    if x.place_inferred or y.place_inferred:
        return False
    a = set((x.place_key or "").split()) - PLACE_STOP
    b = set((y.place_key or "").split()) - PLACE_STOP
    return same_place(x, y) is True or len(a & b) >= PLACE_SHARED_WORDS


def _victim(x: EventFeatures) -> str | None:
    """Who suffers a killing: its target, else the actor of a report with no target ("Brown was shot" parsed
    with Brown as its subject)."""
    if x.target:
        return x.target if x.target_person else None
    return x.actor


def _one_victim(x: EventFeatures, y: EventFeatures) -> bool:
    """The same person is killed in both, whoever is named as doing it: a person is killed once."""
    kinds = {x.type.split(".")[0], y.type.split(".")[0]}
    victim = _victim(x)
    return (bool(victim) and victim == _victim(y) and (victim or "").startswith("c") and kinds <= VICTIM_TYPES
            and killing(x.lemma) and killing(y.lemma))


def _killed_once(x: EventFeatures, y: EventFeatures) -> bool:
    """Both words say the person died ("killed", "beheading", "murder", not "shot"): one of two dates is wrong."""
    return all(trigger_classes().get(v.lemma) == "death" or v.lemma.startswith(KILLING_STEMS) for v in (x, y))


def killing(lemma: str) -> bool:
    """A word for killing someone ("shot", "killed", "death", "murder", "beheading")."""
    return trigger_classes().get(lemma) in KILLING_CLASSES or lemma.startswith(KILLING_STEMS)


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return lemma(word)


def content_lemmas(text: str) -> list[str]:
    """The content words of a text in order, crudely lemmatised (stop words and words under MIN_WORD out)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return [_lemma(w) for w in words if len(w) >= MIN_WORD and w not in STOPWORDS]


def sentence_lemmas(sentence: str) -> frozenset[str]:
    """The content words of an evidence sentence, crudely lemmatised ("checked into the clinic" -> check, clinic)."""
    return frozenset(content_lemmas(sentence))


def _echo(x: EventFeatures, y: EventFeatures, said: Callable[[EventFeatures], frozenset[str]]) -> bool:
    """Two reports in different articles named alike whose sentences share most content words."""
    if x.doc_id == y.doc_id or not same_trigger(x.lemma, y.lemma):
        return False
    wx, wy = said(x), said(y)
    return min(len(wx), len(wy)) >= MIN_ECHO_WORDS and len(wx & wy) >= EVIDENCE_OVERLAP * len(wx | wy)


def join(a: list[EventFeatures], b: list[EventFeatures], narrow: set[str],
         said: Callable[[EventFeatures], frozenset[str]] | None = None) -> bool:
    """The two clusters are one event (see the module docstring); `narrow` holds the resolved participants
    that may link clusters (people, organisations, groups); `said` gives a report's evidence lemmas."""
    ta, tb = _types(a), _types(b)
    if ta and tb and not any(types_compatible(x, y) for x in ta for y in tb):
        return False
    pairs = [(x, y) for x in a[-MAX_REPORTS:] for y in b[-MAX_REPORTS:]]
    pa, pb = {p for m in a for p in m.resolved()}, {p for m in b for p in m.resolved()}
    shared = pa & pb & narrow
    trigger = any(same_trigger(x.lemma, y.lemma) for x, y in pairs)
    if not (trigger or (ta and ta == tb and len(ta) == 1)):
        return False
    if said is not None and any(_echo(x, y, said) for x, y in pairs):
        return not conflict(a, b)
    place = any(_named_place(x, y) for x, y in pairs)
    day = any(_own_day(x, y) for x, y in pairs)
    victim = any(_one_victim(x, y) for x, y in pairs)
    if shared and not victim and not (ta | tb) <= SYMMETRIC_TYPES:
        shared = same_role(a, b) & narrow  # "A attacked B" and "B attacked C" share B in no role: two events
    if shared and not trigger and not victim and not (ta | tb) <= MATERIAL_TYPES:
        # named differently ("a visit" / "a meeting"): one actor does many such things a day, so the place and
        # the day, or a second participant in the same role ("met Putin" / "called Putin") with one of them
        return (place and day or (place or day) and len(shared) >= 2) and not conflict(a, b)
    if shared:
        setting = place or day or victim
    else:  # one side names nobody: the same word, place and day ("the earthquake in Napa on Sunday")
        setting = trigger and not (pa and pb) and any(same_trigger(x.lemma, y.lemma) and _named_place(x, y) and _own_day(x, y) for x, y in pairs)
    return setting and not conflict(a, b)


def same_role(a: list[EventFeatures], b: list[EventFeatures]) -> set[str]:
    """Resolved participants that are the actor in some report of both clusters, or the target in both."""
    actors = {m.actor for m in a if m.actor} & {m.actor for m in b if m.actor}
    targets = {m.target for m in a if m.target} & {m.target for m in b if m.target}
    return {p for p in actors | targets if p.startswith("c")}


def narrow_participants(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """The participant keys ("c12") of canonical people, organisations and groups."""
    ids = sorted({int(k[1:]) for k in keys if k.startswith("c") and k[1:].isdigit()})
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT id FROM canonical_entities WHERE id IN ({marks}) AND class IN (?,?,?)",  # marks only
            (*chunk, *NARROW_CLASSES),
        )
        out |= {f"c{r[0]}" for r in rows}
    return out
