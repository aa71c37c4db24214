"""Pydantic models of the contract record (schema newsledger/1) as the API returns it, for typed clients."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    """A contract record: the named fields are typed; fields a later contract version adds pass through."""

    model_config = ConfigDict(extra="allow")


class Span(BaseModel):
    """A piece of the article: ``text == article[start:end]`` (str indices, end exclusive)."""

    start: int
    end: int
    text: str


class Removed(_Open):
    start: int
    end: int
    kind: str = Field(examples=["boilerplate"])
    reason: str
    score: float | None = None


class Mention(_Open):
    start: int
    end: int
    text: str
    kind: str | None = None


class Entity(_Open):
    id: str
    name: str
    type: str = Field(examples=["PERSON"])
    mentions: list[Mention]
    aliases: list[str] = []
    country: str | None = None


class Timex(_Open):
    start: int
    end: int
    text: str
    type: str = Field(examples=["DATE"])
    value: str = Field(examples=["2017-04-09"])
    precision: str | None = None
    mod: str | None = None
    anchor: str | None = None


class Speaker(_Open):
    name: str
    entity: str | None = None
    start: int | None = None
    end: int | None = None


class Quote(_Open):
    id: str
    kind: str = Field(examples=["direct"])
    mode: str = "speech"
    speaker: Speaker | None = None
    cue: Span | None = None
    content: Span
    when: str | None = None


class Role(_Open):
    name: str
    entity: str | None = None


class EventDate(_Open):
    value: str = Field(examples=["2017-04"])
    precision: str = Field(examples=["month"])


class ClaimedBy(_Open):
    name: str
    quote: str | None = None


class Event(_Open):
    id: str
    type: str = Field(examples=["ASSAULT"])
    trigger: Span
    actor: Role | None = None
    target: Role | None = None
    where: Role | None = None
    when: EventDate | None = None
    claimed_by: ClaimedBy | None = None
    modality: str = Field(examples=["asserted"])
    summary: str = ""


class Framing(_Open):
    start: int
    end: int
    text: str
    technique: str = Field(examples=["Loaded_Language"])
    voice: str = Field(examples=["outlet"])
    quote: str | None = None
    contested: bool = False
    score: float | None = None


class StageError(_Open):
    stage: str
    message: str


class Links(BaseModel):
    """Cross-document links of a stored document."""

    entities: dict[str, int] = Field(description="Document entity id -> canonical entity id.")
    clusters: dict[str, int] = Field(description="Document event id -> event cluster id.")


class DocumentRecord(_Open):
    """One analysed article (the newsledger/1 contract) with its cross-document links."""

    schema_: str = Field("newsledger/1", alias="schema")
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    text: str
    meta: dict[str, Any] = {}
    removed: list[Removed] = []
    entities: list[Entity] = []
    timexes: list[Timex] = []
    quotes: list[Quote] = []
    events: list[Event] = []
    framing: list[Framing] = []
    errors: list[StageError] = []
    extras: dict[str, Any] = {}
    links: Links

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class EventItem(Event):
    """A contract event plus where it was reported."""

    doc_id: str
    outlet: str
    published: str | None = None
    cluster_id: int | None = None


class QuoteItem(Quote):
    """A contract quote plus where it was reported and its speaker's canonical entity."""

    doc_id: str
    outlet: str
    published: str | None = None
    speaker_canonical: int | None = None
