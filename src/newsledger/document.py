"""Document, record types and the versioned JSON contract (schema ``newsledger/1``)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from newsledger.sanitize import dumps

SCHEMA_VERSION = "newsledger/1"

# Keys of the contract, in output order. Stages not built yet still emit their key as [].
RECORD_KEYS = ("removed", "entities", "timexes", "quotes", "events", "framing")


@dataclass
class Document:
    """One article as read by a reader; ``text`` is never changed afterwards."""

    id: str
    text: str
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """A stable hash of the text, used for idempotent re-ingestion."""
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class TextSpan:
    """A span of the document text; ``end`` is exclusive."""

    start: int
    end: int
    text: str


@dataclass
class Removed:
    """Text that is not the article (boilerplate, off-topic splice, ...)."""

    start: int
    end: int
    kind: str  # "boilerplate" | "off_topic" | "duplicate" | ...
    reason: str
    score: float | None = None


@dataclass
class Mention:
    """One surface mention of an entity."""

    start: int
    end: int
    text: str
    kind: str = "name"  # name | alias | acronym | title | pronoun | demonym | nominal


@dataclass
class Geo:
    """Where a place lies: coordinates, ISO country, first-level region and how precise the match is."""

    name: str  # the gazetteer's name of the place ("Kursk Oblast", "Paris", "France")
    lat: float
    lon: float
    precision: str  # place (a town, site or small region) | admin1 (a first-level region) | country
    feature: str  # city | facility | region | admin1 | country
    country_iso3: str | None = None
    country_iso2: str | None = None
    country: str | None = None  # the country's short English name
    admin1_code: str | None = None  # ISO 3166-2 when known ("US-TX"), else the GeoNames code ("RU.41")
    admin1_name: str | None = None
    admin2_name: str | None = None
    geonames_id: int | None = None


@dataclass
class Entity:
    """One real-world entity of a document with all its mentions."""

    id: str
    name: str
    type: str  # PERSON | ORG | GPE | LOC | NORP | LAW | FAC | EVENT | ...
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-3 for places/organisations when known
    geo: Geo | None = None  # places (GPE, LOC, FAC) only: set by the geo stage


@dataclass
class Timex:
    """A temporal expression normalised to a TIMEX3 value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    precision: str | None = None  # day | week | month | quarter | year | decade | century | time | vague
    mod: str | None = None  # TIMEX3 mod: START | MID | END | APPROX | ...
    anchor: str | None = None  # "dct" | "narrative" | None (explicit)


@dataclass
class Speaker:
    """The source of a quote, resolved to an entity when possible."""

    name: str
    entity: str | None
    start: int | None
    end: int | None


@dataclass
class Quote:
    """An attribution: who said (direct, indirect or mixed) what."""

    id: str
    kind: str  # direct | indirect | mixed
    speaker: Speaker | None
    cue: TextSpan | None
    content: TextSpan
    when: str | None = None
    # What the source does with the content: speech (says, writes), belief (thinks, hopes, is expected to),
    # knowledge (knows, found, shows). Only speech is a statement; see docs/quotes.md.
    mode: str = "speech"


@dataclass
class Role:
    """An event participant or place, resolved to an entity when possible."""

    name: str
    entity: str | None = None
    sector: str | None = None  # e.g. "military", "government"
    country: str | None = None
    geo: Geo | None = None  # an event's `where` only: set by the geo stage


@dataclass
class When:
    """An event date with its precision."""

    value: str
    precision: str
    source: str = "clause"  # clause | attribution | publication


@dataclass
class ClaimedBy:
    """The speaker whose claim an event is, with the quote that carries it."""

    name: str
    quote: str | None
    entity: str | None = None


@dataclass
class Event:
    """A PLOVER-typed event with roles, date, attribution and modality."""

    id: str
    type: str
    trigger: TextSpan
    actor: Role | None = None
    target: Role | None = None
    where: Role | None = None
    when: When | None = None
    claimed_by: ClaimedBy | None = None
    modality: str = "asserted"  # asserted | reported | planned | hypothetical | negated | denied
    summary: str = ""
    mentions: list[TextSpan] = field(default_factory=list)  # later mentions of the same event in the document
    plover_type: str | None = None  # the current PLOVER/POLECAT category ("ACCUSE" for DISAPPROVE; None for CRIME)
    plover_mode: str | None = None  # its POLECAT mode ("investigate", "arrest", "visit"), when known


@dataclass
class Framing:
    """A loaded or persuasive span and whose voice it is in."""

    start: int
    end: int
    text: str
    technique: str
    voice: str  # the quote speaker's name, or "outlet"
    quote: str | None = None
    contested: bool = False
    score: float | None = None


@dataclass
class StageError:
    """A failure of one stage on one document (the other stages still run)."""

    stage: str
    message: str


@dataclass
class Analysis:
    """The contract record for one document."""

    document: Document
    removed: list[Removed] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Serialise to the documented JSON shape."""
        d = self.document
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "id": d.id,
            "url": d.url,
            "outlet": d.outlet,
            "title": d.title,
            "published": d.published.isoformat() if d.published else None,
            "text": d.text,
        }
        for key in RECORD_KEYS:
            out[key] = [_plain(r) for r in getattr(self, key)]
        _drop_empty_geo(out)
        out["meta"] = dict(d.meta)
        if self.errors:
            out["errors"] = [_plain(e) for e in self.errors]
        if self.extras:
            out["extras"] = self.extras
        return out

    def to_json(self, indent: int | None = None) -> str:
        """Serialise to a JSON string."""
        return dumps(self.to_dict(), indent=indent)


def _drop_empty_geo(out: dict[str, Any]) -> None:
    """``geo`` is optional: leave it out of entities and roles that have none (older consumers see no change)."""
    for e in out["entities"]:
        if e.get("geo") is None:
            e.pop("geo", None)
    for ev in out["events"]:
        for key in ("actor", "target", "where"):
            role = ev.get(key)
            if isinstance(role, dict) and role.get("geo") is None:
                role.pop("geo", None)


def geo_from_dict(x: dict[str, Any] | None) -> Geo | None:
    """A Geo from its JSON form (unknown keys ignored, so later optional fields do not break older readers)."""
    if not x:
        return None
    names = {f.name for f in dataclasses.fields(Geo)}
    return Geo(**{k: v for k, v in x.items() if k in names})


def _plain(obj: Any) -> Any:
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) and not isinstance(obj, type) else obj


def load_schema() -> dict[str, Any]:
    """Return the shipped JSON Schema of the contract."""
    ref = resources.files("newsledger").joinpath("schema/newsledger-1.schema.json")
    return json.loads(ref.read_text(encoding="utf-8"))


def validate(record: dict[str, Any]) -> None:
    """Validate a serialised analysis against the shipped schema (raises jsonschema.ValidationError)."""
    import jsonschema

    jsonschema.validate(record, load_schema())


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    """Rebuild an Analysis from its JSON form (the inverse of ``Analysis.to_dict``)."""
    pub = data.get("published")
    doc = Document(
        id=data["id"],
        text=data["text"],
        published=date.fromisoformat(pub) if pub else None,
        outlet=data.get("outlet"),
        url=data.get("url"),
        title=data.get("title"),
        meta=dict(data.get("meta") or {}),
    )

    def span(x: dict[str, Any] | None) -> TextSpan | None:
        return TextSpan(**x) if x else None

    def role(x: dict[str, Any] | None) -> Role | None:
        return Role(**{**x, "geo": geo_from_dict(x.get("geo"))}) if x else None

    quotes = []
    for q in data.get("quotes", []):
        quotes.append(
            Quote(
                id=q["id"],
                kind=q["kind"],
                speaker=Speaker(**q["speaker"]) if q.get("speaker") else None,
                cue=span(q.get("cue")),
                content=TextSpan(**q["content"]),
                when=q.get("when"),
                mode=q.get("mode") or "speech",
            )
        )
    events = []
    for e in data.get("events", []):
        events.append(
            Event(
                id=e["id"],
                type=e["type"],
                trigger=TextSpan(**e["trigger"]),
                actor=role(e.get("actor")),
                target=role(e.get("target")),
                where=role(e.get("where")),
                when=When(**e["when"]) if e.get("when") else None,
                claimed_by=ClaimedBy(**e["claimed_by"]) if e.get("claimed_by") else None,
                modality=e.get("modality", "asserted"),
                summary=e.get("summary", ""),
                mentions=[TextSpan(**m) for m in e.get("mentions") or []],
                plover_type=e.get("plover_type"),
                plover_mode=e.get("plover_mode"),
            )
        )
    return Analysis(
        document=doc,
        removed=[Removed(**r) for r in data.get("removed", [])],
        entities=[
            Entity(**{**e, "mentions": [Mention(**m) for m in e.get("mentions", [])], "geo": geo_from_dict(e.get("geo"))})
            for e in data.get("entities", [])
        ],
        timexes=[Timex(**t) for t in data.get("timexes", [])],
        quotes=quotes,
        events=events,
        framing=[Framing(**f) for f in data.get("framing", [])],
        errors=[StageError(**x) for x in data.get("errors", [])],
        extras=dict(data.get("extras") or {}),
    )
