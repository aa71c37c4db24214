"""Clustering features of one stored event: participants, place, date, trigger lemma and reported figures."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsledger.ledger.canonical import name_key
from newsledger.ledger.casualties import casualties
from newsledger.ledger.specific import specific

_SENT_END = re.compile(r"[.!?]\s|\n")
# Inflections are only stripped when this many letters remain ("fired" -> "fir", "bed" stays).
MIN_STEM = 3
# The most mentioned place is the article's setting when it has at least this many times the mentions of
# the runner-up (ties leave events without a place).
MAIN_PLACE_RATIO = 2
# Words a place name may carry that do not tell places apart ("at Betty Ford Center").
PLACE_STOP = {"at", "in", "on", "near", "the", "of", "outside", "inside", "city", "centre", "center"}
# Trailing particles of phrasal triggers ("checks into" -> "checks").
_PARTICLES = {"into", "in", "out", "up", "off", "down", "on", "to", "of", "over", "away", "back"}
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def lemma(trigger: str) -> str:
    """A crude lemma of a trigger's head word: lower case, common inflections stripped."""
    words = re.findall(r"[^\W_]+(?:-[^\W_]+)*", trigger.lower())
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()
    if not words:
        return ""
    w = words[-1]
    if len(w) > 3 and w[-3:] in ("ied", "ies"):  # died -> die, tried -> try
        return w[:-3] + ("i" if len(w) == 4 else "y")
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= MIN_STEM:
            w = w[: -len(suf)]
            break
    return w.rstrip("e")


@dataclass
class EventFeatures:
    """What clustering looks at for one event mention."""

    doc_id: str
    event_id: str
    type: str
    lemma: str
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    place_key: str | None = None
    place_inferred: bool = False  # the article's setting, not a place the report gives for this event
    published: str | None = None  # publication date of the reporting document
    modality: str = "asserted"
    figures: list[float] = field(default_factory=list)  # people the trigger's sentence says were killed
    actor: str | None = None  # canonical key of the actor ("c12"), when resolved
    target: str | None = None
    date_source: str | None = None  # clause | attribution | publication (the events stage's when.source)
    place_geo: list[float] | None = None  # [lat, lon] of the event's place when geocoded
    place_country: str | None = None  # ISO3 of the event's place
    place_admin1: str | None = None
    place_precision: str | None = None  # place | admin1 | country
    place_feature: str | None = None  # city | facility | region | admin1 | country (the geocoder's feature)
    evidence: list[int] | None = None  # [start, end) of the sentence that reports the event
    aggregate: bool = False  # a tally of many happenings ("90 airstrikes", "dozens of raids"), not one event
    place_named: bool = True  # the place is a name or geocoded ("Wonsan"), not a common noun ("the country")
    specific: bool = True  # one happening, not a generic, habitual or unrealised mention (ledger/specific.py)
    actor_country: str | None = None  # ISO3 of the actor, when the events stage gives it
    target_country: str | None = None
    target_person: bool = False  # the target is a canonical person (a person is killed or abducted once)
    actor_name: str | None = None  # the lower-cased canonical name of a resolved actor ("lindsay lohan")
    target_name: str | None = None
    actor_person: bool = False  # the actor is a canonical person
    target_place: bool = False  # the target is a place under country level ("checked into a clinic in California")

    @property
    def clusterable(self) -> bool:
        """Factual, specific and one happening: the reports that may join a cluster and count in it."""
        return self.factual and self.specific and not self.aggregate

    @property
    def factual(self) -> bool:
        """Only events the text asserts or reports as real are clustered and counted."""
        return self.modality in ("asserted", "reported")

    def resolved(self) -> set[str]:
        """Participants resolved to a canonical entity (unresolved names "n:..." do not count)."""
        return {p for p in self.participants if p.startswith("c")}

    def blocking(self) -> list[str]:
        keys = [f"ent:{p}" for p in self.participants]
        if self.place:
            keys.append(f"ent:{self.place}")
        if self.lemma:
            keys.append(f"trig:{trigger_classes().get(self.lemma, self.lemma)}")
            if len(self.lemma) > MIN_STEM + 1:  # compounds share their head ("earthquake" / "quake")
                keys.append(f"head:{self.lemma[-(MIN_STEM + 1):]}")
        keys += [f"place:{w}" for w in (self.place_key or "").split() if w not in PLACE_STOP]
        return keys


def _is_person(conn: sqlite3.Connection, key: str | None) -> bool:
    """The participant is a canonical entity of class person."""
    if not key or not key.startswith("c") or not key[1:].isdigit():
        return False
    row = conn.execute("SELECT class FROM canonical_entities WHERE id = ?", (int(key[1:]),)).fetchone()
    return bool(row and row[0] == "person")


def _canonical_name(conn: sqlite3.Connection, key: str | None) -> str | None:
    """The lower-cased canonical name of a resolved participant (None for an unresolved one)."""
    if not key or not key.startswith("c") or not key[1:].isdigit():
        return None
    row = conn.execute("SELECT name FROM canonical_entities WHERE id = ?", (int(key[1:]),)).fetchone()
    return str(row[0]).lower() if row and row[0] else None


def _sub_country_place(conn: sqlite3.Connection, doc_id: str, key: str | None, entity: str | None) -> bool:
    """The participant is a resolved place that is not a country (a city, a region, a facility)."""
    if not key or not key.startswith("c") or not key[1:].isdigit():
        return False
    row = conn.execute("SELECT class FROM canonical_entities WHERE id = ?", (int(key[1:]),)).fetchone()
    geo = _geo(conn, doc_id, "entity", entity)
    return bool(row and row[0] == "place") and (geo is None or geo["precision"] != "country")


def _participant(conn: sqlite3.Connection, doc_id: str, entity: str | None, name: str | None) -> str | None:
    if entity:
        row = conn.execute(
            "SELECT canonical_id FROM entity_links WHERE doc_id = ? AND entity_id = ?", (doc_id, entity)
        ).fetchone()
        if row:
            return f"c{row[0]}"
    if name:
        key = name_key(name)
        rows = conn.execute("SELECT DISTINCT canonical_id FROM canonical_keys WHERE key = ? LIMIT 2", (key,)).fetchall()
        return f"c{rows[0][0]}" if len(rows) == 1 else (f"n:{key}" if key else None)
    return None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentence around a trigger (bounded to 400 characters each side)."""
    lo = max(0, start - 400)
    ends = [m.end() for m in _SENT_END.finditer(text, lo, start)]
    s = ends[-1] if ends else lo
    m = _SENT_END.search(text, end, min(len(text), end + 400))
    e = m.start() + 1 if m and text[m.start()] in ".!?" else (m.start() if m else min(len(text), end + 400))
    while s < e and text[s].isspace():
        s += 1
    return s, e


_TALLY = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|dozens|hundreds|scores|several|many|"
                    r"numerous|multiple|repeated|more|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                    r"another)(?:\s+of)?)\s+(?:[\w.-]+\s+){0,2}$", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(1[89]|20)\d\d\s+(?:[\w.-]+\s+){0,2}$")


def is_tally(text: str, start: int, end: int) -> bool:
    """A plural trigger after a count ("90 airstrikes", "dozens of U.S. raids", "launched 143 attacks") or an
    ordinal ("a fourth round of airstrikes"): many happenings, or one of a series, not the event itself. The count
    stands on the trigger's line: a number ending the line above (a dateline's clock, a URL's id) counts nothing."""
    words = list(re.finditer(r"\S+", text[start:end]))
    head = start + words[-1].start() if words else start  # a trigger span may hold the count ("launched 143 attacks")
    word, before = text[head:end].lower(), text[max(0, head - 40) : head].rsplit("\n", 1)[-1]
    return word.endswith("s") and not word.endswith("ss") and bool(_TALLY.search(before)) and not _YEAR_BEFORE.search(before)


def _figures(text: str, start: int, end: int) -> list[float]:
    """People the trigger's sentence says were killed (empty when it gives no death toll)."""
    s, e = sentence_span(text, start, end)
    killed = casualties(text[s:e]).killed
    return [float(killed)] if killed else []


def _main_place(conn: sqlite3.Connection, doc_id: str) -> tuple[str, str, str] | None:
    """The article's setting: its most mentioned place, if it clearly dominates the others."""
    rows = conn.execute(
        "SELECT l.canonical_id, e.name, e.id, count(*) AS n FROM entities e JOIN mentions m ON m.doc_id = e.doc_id AND m.entity_id = e.id"
        " JOIN entity_links l ON l.doc_id = e.doc_id AND l.entity_id = e.id"
        " WHERE e.doc_id = ? AND e.type IN ('GPE', 'LOC', 'FAC') GROUP BY l.canonical_id ORDER BY n DESC LIMIT 2",
        (doc_id,),
    ).fetchall()
    if not rows or (len(rows) > 1 and rows[1]["n"] * MAIN_PLACE_RATIO > rows[0]["n"]):
        return None
    return f"c{rows[0]['canonical_id']}", name_key(rows[0]["name"]), str(rows[0]["id"])


def _geo(conn: sqlite3.Connection, doc_id: str, record: str, record_id: str | None) -> sqlite3.Row | None:
    if not record_id:
        return None
    try:
        return conn.execute(  # type: ignore[no-any-return]
            "SELECT lat, lon, country_iso3, admin1_code, precision, feature FROM geo_places WHERE doc_id = ? AND record = ? AND record_id = ?",
            (doc_id, record, record_id)).fetchone()
    except sqlite3.OperationalError:  # a ledger made before migration 006
        return None


def _records(conn: sqlite3.Connection, doc_id: str) -> dict[str, dict[str, object]]:
    """Event id -> its stored contract record (the date's source, the roles' countries live only there)."""
    row = conn.execute("SELECT analysis FROM documents WHERE id = ?", (doc_id,)).fetchone()
    try:
        events = json.loads(row[0]).get("events", []) if row else []
    except ValueError:
        return {}
    return {str(e.get("id")): e for e in events if isinstance(e, dict)}


def _sub(record: dict[str, object] | None, key: str, field_: str) -> str | None:
    """record[key][field_] as a string, or None (roles and dates are optional)."""
    part = (record or {}).get(key)
    value = part.get(field_) if isinstance(part, dict) else None
    return str(value) if value else None


_CAMPAIGN_BEFORE = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "such", "recent", "further",
                              "continued", "continuing", "ongoing", "new", "repeated", "daily", "nightly", "weekly",
                              "coalition", "allied", "more", "u.s.", "us"})


_DETERMINERS = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "such"})


def is_campaign(text: str, start: int, end: int) -> bool:
    """A plural noun trigger ("the airstrikes", "Israeli raids", "U.S.-led strikes"), not a verb ("Israel strikes")."""
    word = text[start:end].strip().split()[-1].lower() if text[start:end].strip() else ""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return False
    before = re.findall(r"[\w.'-]+", text[max(0, start - 30) : start])
    prev = before[-1] if before else ""
    if len(before) > 1 and before[-2].lower() in _DETERMINERS:  # "the street protests", "their ground raids"
        return True
    return prev.lower() in _CAMPAIGN_BEFORE or prev.lower().endswith("-led") or (
        prev[:1].isupper() and prev.lower().endswith(("i", "ian", "ese", "ish", "can")))


def event_features(conn: sqlite3.Connection, doc_id: str) -> list[EventFeatures]:
    """The clustering features of every event of one stored document."""
    row = conn.execute("SELECT text, published FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return []
    text, published = str(row[0]), row[1]
    out = []
    doc_place = _main_place(conn, doc_id)
    records = _records(conn, doc_id)
    for e in conn.execute("SELECT * FROM events WHERE doc_id = ? ORDER BY trigger_start", (doc_id,)).fetchall():
        actor = _participant(conn, doc_id, e["actor_entity"], e["actor_name"])
        target = _participant(conn, doc_id, e["target_entity"], e["target_name"])
        if target == actor:  # "a meeting with Obama" parsed with Obama on both sides: the other side is unknown
            target = None
        place = _participant(conn, doc_id, e["where_entity"], e["where_name"])
        place_key = name_key(e["where_name"]) if e["where_name"] else None
        geo = _geo(conn, doc_id, "event", e["id"]) or _geo(conn, doc_id, "entity", e["where_entity"])
        span = sentence_span(text, e["trigger_start"], e["trigger_end"])
        inferred = False
        if place is None and doc_place:  # an event without a place happens where the article is set
            (place, place_key, main_entity), inferred = doc_place, True
            geo = _geo(conn, doc_id, "entity", main_entity)
        ev = EventFeatures(
            doc_id=doc_id, event_id=e["id"], type=(e["type"] or "").upper(), lemma=lemma(e["trigger_text"]),
            participants=sorted({p for p in (actor, target) if p}),
            place=place, place_key=place_key, place_inferred=inferred, published=published,
            date=e["when_value"], modality=e["modality"] or "asserted",
            figures=_figures(text, e["trigger_start"], e["trigger_end"]),
            actor=actor, target=target, evidence=list(span),
            aggregate=is_tally(text, e["trigger_start"], e["trigger_end"]),
            date_source=_sub(records.get(e["id"]), "when", "source"),
            actor_country=_sub(records.get(e["id"]), "actor", "country"),
            target_country=_sub(records.get(e["id"]), "target", "country"), target_person=_is_person(conn, target),
            actor_name=_canonical_name(conn, actor), target_name=_canonical_name(conn, target),
            actor_person=_is_person(conn, actor),
            target_place=_sub_country_place(conn, doc_id, target, e["target_entity"]),
        )
        ev.specific = specific(text, e["trigger_start"], span, ev.date, ev.date_source)
        # a plural noun the clause does not date names a campaign ("the airstrikes", "U.S.-led raids"), not one event
        ev.aggregate = ev.aggregate or (is_campaign(text, e["trigger_start"], e["trigger_end"]) and ev.date_source != "clause")
        ev.place_named = inferred or geo is not None or bool(e["where_name"] and e["where_name"].strip()[:1].isupper())
        if geo is not None:
            ev.place_geo = [float(geo["lat"]), float(geo["lon"])]
            ev.place_country, ev.place_admin1, ev.place_precision = geo["country_iso3"], geo["admin1_code"], geo["precision"]
            ev.place_feature = geo["feature"]
        out.append(ev)
    return out


@lru_cache(maxsize=1)
def trigger_classes() -> dict[str, str]:
    """Trigger lemma -> class, from ledger/lexicons/trigger_classes.tsv."""
    text = resources.files("newsledger.ledger").joinpath("lexicons/trigger_classes.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            cls, words = line.split("\t")
            out.update({lemma(w): cls for w in words.split("|")})
    return out
