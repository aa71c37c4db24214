"""A cluster's label from the names of its canonical entities, never from raw tokens ("ISIS 08:24\\n\\nObama").

The label says who did what to whom as most reports say (one vote per article): the actor is the entity most
reports name as the actor, never one that more reports give as the target than as the actor (the victim of "Foley was killed", parsed
with Foley as its subject), never the target itself (nor the target the place), never the speaker of the sentence that reports an act (not a statement:
"Kerry said the regime attacked"), and never a place smaller than a country ("Benghazi", "Damascus": the place slot names it). The date is the one most reports give themselves; publication dates
count only when no report dates the event.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence

from newsledger.ledger import when as W
from newsledger.ledger.canonical import clean_name
from newsledger.ledger.datelabel import date_label
from newsledger.ledger.event_features import EventFeatures

# Types of saying: their speaker is their actor ("Obama condemned the crackdown"); in the others a speaker only reports.
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN",
                          "ACCUSE", "REQUEST", "COOPERATE", "INVESTIGATE"})
# Types whose two sides may be named either way round ("A met B" = "B met A"): no side is a victim.
SYMMETRIC_LABEL_TYPES = frozenset({"CONSULT", "FIGHT", "AGREE", "COOPERATE"})


def _names(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    ids = sorted({int(k[1:]) for k in keys if k.startswith("c") and k[1:].isdigit()})
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, name FROM canonical_entities WHERE id IN ({marks})", ids)
    return {f"c{r[0]}": name for r in rows if (name := clean_name(r[1]))}


def _local_places(conn: sqlite3.Connection, keys: Sequence[str]) -> set[str]:
    """The keys of canonical places that are not countries (a city, a building, a region): never an actor."""
    ids = sorted({int(k[1:]) for k in keys if k.startswith("c") and k[1:].isdigit()})
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    places = {f"c{r[0]}" for r in conn.execute(
        f"SELECT id FROM canonical_entities WHERE id IN ({marks}) AND class = 'place'", ids)}  # marks only
    try:
        countries = {f"c{r[0]}" for r in conn.execute(
            "SELECT DISTINCT l.canonical_id FROM entity_links l JOIN geo_places g ON g.doc_id = l.doc_id"
            f" AND g.record = 'entity' AND g.record_id = l.entity_id WHERE l.canonical_id IN ({marks})"
            " AND g.precision = 'country'", ids)}
        # "Benghazi" tagged as an organisation is still the city the gazetteer knows
        towns = {f"c{r[0]}" for r in conn.execute(
            f"SELECT c.id FROM canonical_entities c WHERE c.id IN ({marks}) AND c.class != 'person' AND EXISTS"
            " (SELECT 1 FROM geo_places g WHERE g.name = c.name AND g.precision != 'country') AND NOT EXISTS"
            " (SELECT 1 FROM geo_places g WHERE g.name = c.name AND g.precision = 'country')", ids)}
    except sqlite3.OperationalError:  # a ledger made before migration 006 has no geocoding
        countries, towns = set(), set()
    return (places - countries) | towns


def _speakers(conn: sqlite3.Connection, members: list[EventFeatures]) -> set[tuple[str, str]]:
    """Reports whose actor is the speaker of a quote or statement in the reporting sentence ("Kerry said the
    regime carried out the attack"): a speaker reports the event, the vote for them as its actor is dropped."""
    out: set[tuple[str, str]] = set()
    for m in members:
        if not (m.actor and m.actor.startswith("c") and m.actor[1:].isdigit() and m.evidence):
            continue
        row = conn.execute(
            "SELECT 1 FROM quotes q JOIN entity_links l ON l.doc_id = q.doc_id AND l.entity_id = q.speaker_entity"
            " WHERE q.doc_id = ? AND l.canonical_id = ? AND min(q.content_start, coalesce(q.speaker_start, q.content_start))"
            " < ? AND max(q.content_end, coalesce(q.speaker_end, q.content_end)) > ? LIMIT 1",
            (m.doc_id, int(m.actor[1:]), m.evidence[1], m.evidence[0])).fetchone()
        if row:
            out.add((m.doc_id, m.event_id))
    return out


def roles(members: list[EventFeatures], ctype: str | None, local: set[str], speakers: set[tuple[str, str]] | None = None,
          place: str | None = None) -> tuple[str | None, str | None]:
    """(actor key, target key) as most reports say (see the module docstring); None where none qualifies, two
    candidate actors tie, or only one of several articles naming an actor names this one."""
    speakers = speakers or set()
    # one vote per article: an article naming the same bystander twice is still one article
    actors = Counter(a for _, a in {(m.doc_id, m.actor) for m in members if m.actor and m.actor.startswith("c")
                                    and (m.doc_id, m.event_id) not in speakers})
    targets = Counter(t for _, t in {(m.doc_id, m.target) for m in members if m.target and m.target.startswith("c")})
    directed = (ctype or "").split(".")[0] not in SYMMETRIC_LABEL_TYPES
    ranked = sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))  # ties in a fixed order
    ok = [(k, n) for k, n in ranked if k not in local and not (directed and targets[k] > n)]
    actor = ok[0][0] if ok and (len(ok) == 1 or ok[0][1] > ok[1][1] or not directed) else None
    left_out = set(actors) - {k for k, _ in ok}  # victims and towns read as actors name nobody who acted
    naming = len({m.doc_id for m in members if m.actor and m.actor not in left_out and (m.doc_id, m.event_id) not in speakers})
    if actor and directed and actors[actor] < 2 and naming > 1:
        actor = None  # one article's name against others' descriptions ("a British hostage" read as the UK)
    sides = targets if directed else targets + actors  # either side of a meeting may be named first
    kept = [k for k, _ in sorted(sides.items(), key=lambda kv: (-kv[1], kv[0])) if k != actor and k != place]
    return actor, kept[0] if kept else None


def cluster_date(members: list[EventFeatures]) -> str | None:
    """The date most reports give (then most reports fit), made finer by the finer date most reports inside it give;
    the reports' own dates first ("the August 21 attack" over a caption's publication day)."""
    dated = [m for m in members if W.interval(m.date)]
    own = [str(m.date) for m in dated if m.date_source != "publication"] or [str(m.date) for m in dated]
    if not own:
        return None
    counts = Counter(own)

    def rank(d: str) -> tuple[int, int, float]:
        iv = W.interval(d)
        return counts[d], sum(n for x, n in counts.items() if W.compatible(d, x)), -(iv.days if iv else 0)

    best = max(sorted(counts), key=rank)
    wide = W.interval(best)
    inside = [d for d in sorted(counts) if W.compatible(best, d) and (iv := W.interval(d)) and wide and iv.days < wide.days]
    return max(inside, key=rank) if inside else best


def cluster_label(conn: sqlite3.Connection, members: list[EventFeatures], ctype: str | None,
                  date: str | None) -> tuple[str, str | None]:
    """("actor – TYPE – target – place – date" with a human date label, place): who did what to whom, where and when."""
    keys = [k for m in members for k in (m.actor, m.target, m.place) if k]
    names = _names(conn, keys)
    local = _local_places(conn, [m.actor or "" for m in members] + [m.target or "" for m in members])
    places = [m.place for m in members if not m.place_inferred] or [m.place for m in members]
    counts = Counter(k for k in places if k and k in names)
    place_key = counts.most_common(1)[0][0] if counts else None
    place = names[place_key] if place_key else "?"
    verbal = (ctype or "").split(".")[0] in VERBAL_TYPES
    actor, target = roles(members, ctype, local, set() if verbal else _speakers(conn, members), place_key)
    label = " – ".join((names.get(actor or "", "?"), ctype or "?", names.get(target or "", "?"), place,
                        date_label(date) if date else "undated"))
    return label, None if place == "?" else place
