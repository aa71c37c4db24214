"""Pydantic response models of the API: pages, list items, cluster and entity details, search, timeline, framing."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from newsledger.web.schemas import EventItem, QuoteItem


class PageInfo(BaseModel):
    """Totals and paging of a list: ``next`` is the URL of the following page, null on the last one."""

    total: int = Field(description="Items matching the filters (all pages).", examples=[120])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])
    next: str | None = Field(None, description="URL of the next page, with the same filters.",
                             examples=["/api/events?type=ASSAULT&limit=50&offset=50"])


class DocumentItem(BaseModel):
    id: str = Field(examples=["valley-post-2024-11-20-flood"])
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(None, examples=["2024-11-20"])
    chars: int = Field(description="Length of the text in characters.")


class DocumentPage(PageInfo):
    items: list[DocumentItem]


class EntityItem(BaseModel):
    id: int
    name: str = Field(examples=["Kim Jong Un"])
    type: str = Field(examples=["PERSON"])
    class_: str = Field(alias="class", description="person | place | org | group | other")
    external_id: str | None = Field(None, examples=["Q56226"])
    n_docs: int
    n_mentions: int

    model_config = {"populate_by_name": True}


class EntityPage(PageInfo):
    items: list[EntityItem]


class EntityDocument(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class EntityDetail(EntityItem):
    aliases: list[str] = Field(description="Surface forms seen in the documents.")
    documents: list[EntityDocument] = Field(description="The latest documents mentioning the entity, under the filters (one page).")
    documents_total: int = Field(description="Documents mentioning the entity under the filters.")


class EventPage(PageInfo):
    items: list[EventItem]


class QuotePage(PageInfo):
    items: list[QuoteItem]


class Conflict(BaseModel):
    kind: str = Field(examples=["numbers"])
    detail: str
    members: list[str] = []


class ClusterItem(BaseModel):
    id: int
    type: str | None = None
    label: str
    date_value: str | None = Field(None, examples=["2017-04-09"])
    date_label: str | None = Field(None, description="The date for people, with its precision.", examples=["9 April 2017"])
    date_precision: str | None = None
    date_start: str | None = None
    place: str | None = None
    n_events: int = Field(description="Reports (member events).")
    n_documents: int
    n_outlets: int
    corroboration: int = Field(description="Independent sources (copies and one outlet count once).")
    conflicts: list[Conflict] = []
    updated_at: str | None = None


class ClusterPage(PageInfo):
    items: list[ClusterItem]


class SourceDocument(BaseModel):
    doc_id: str
    outlet: str
    published: str | None = None


class SourceGroup(BaseModel):
    outlets: list[str]
    documents: list[SourceDocument]


class Span(BaseModel):
    """Text of a document with its character offsets."""

    text: str | None = None
    start: int
    end: int


class Evidence(BaseModel):
    """One report of a cluster: where it was published and the sentence that reports it."""

    doc_id: str
    event_id: str
    title: str | None = None
    outlet: str = Field(description="Outlet name (the outlet field, else the URL's host).")
    outlet_filter: str | None = Field(None, description="The outlet field to filter lists by (null when the document has none).")
    published: str | None = None
    published_label: str | None = Field(None, examples=["9 April 2017"])
    date: str | None = Field(None, description="The date the report gives the event (TIMEX3 value).")
    date_label: str | None = Field(None, examples=["week 14 of 2017"])
    modality: str
    url: str | None = None
    type: str | None = Field(None, examples=["MISSILE_LAUNCH"])
    trigger: Span = Field(description="The report's trigger word and its offsets in the document text.")
    source_group: str = Field(description="Shared by the reports that count as one independent source.")
    evidence: Span | None = Field(None, description="The evidence sentence the clustering stored, with its offsets.")
    sentence: str = Field(description="The sentence holding the report's trigger word.")
    start: int = Field(description="Offset of the trigger in the document text.")
    end: int
    sentence_start: int
    href: str = Field(description="Link to the document page with the report highlighted.")


class TimelineItem(BaseModel):
    date: str | None = None
    date_label: str | None = None
    precision: str | None = None
    date_source: str = Field(description="event | quote | publication (the report gives no date of its own)")
    start: str | None = None
    end: str | None = None
    kind: str = Field(examples=["event"])
    label: str
    doc_id: str
    record_id: str
    outlet: str
    published: str | None = None
    evidence: dict[str, Any]
    modality: str | None = None
    cluster_id: int | None = None
    type: str | None = None


class ClusterDetail(ClusterItem):
    events: list[EventItem]
    sources: list[SourceGroup]
    evidence: list[Evidence]
    timeline: list[TimelineItem]


class Timeline(PageInfo):
    """A page of a timeline, in event-date order; ``total`` counts the whole timeline."""

    items: list[TimelineItem]


class Part(BaseModel):
    text: str
    match: bool


class DocumentHit(BaseModel):
    doc_id: str
    title: str | None = None
    title_parts: list[Part] = []
    outlet: str | None = None
    outlet_name: str
    url: str | None = None
    published: str | None = None
    score: float
    snippet: str
    snippet_parts: list[Part]


class QuoteHit(BaseModel):
    doc_id: str
    quote_id: str
    speaker: str | None = None
    speaker_canonical: int | None = None
    title: str | None = None
    outlet: str | None = None
    outlet_name: str
    published: str | None = None
    start: int
    end: int
    snippet: str
    snippet_parts: list[Part]


class EventHit(BaseModel):
    doc_id: str
    event_id: str
    type: str
    modality: str
    when: str | None = None
    when_label: str | None = None
    precision: str | None = None
    start: int
    end: int
    summary: str
    summary_parts: list[Part]
    title: str | None = None
    outlet: str | None = None
    outlet_name: str
    published: str | None = None
    cluster_id: int | None = None


class EntityHit(BaseModel):
    id: int
    name: str
    type: str
    n_docs: int
    n_mentions: int


class ClusterHit(BaseModel):
    id: int
    type: str | None = None
    label: str
    date_value: str | None = None
    date_label: str | None = None
    date_precision: str | None = None
    place: str | None = None
    n_events: int
    n_documents: int
    n_outlets: int
    corroboration: int


class DocumentHits(PageInfo):
    items: list[DocumentHit]


class QuoteHits(PageInfo):
    items: list[QuoteHit]


class EventHits(PageInfo):
    items: list[EventHit]


class EntityHits(PageInfo):
    items: list[EntityHit]


class ClusterHits(PageInfo):
    items: list[ClusterHit]


class FacetValue(BaseModel):
    value: str = Field(description="The filter value to pass back (outlet, date, type, entity id).")
    label: str
    count: int = Field(description="Matching documents with this value.")
    selected: bool = False
    href: str = Field(description="The same search with this filter applied.")


class Facets(BaseModel):
    outlet: list[FacetValue]
    date: list[FacetValue]
    type: list[FacetValue]
    entity: list[FacetValue]


class SearchResults(BaseModel):
    """Every kind of record matching the words, each ranked and paged, and facets of the matching documents."""

    query: str = Field(examples=["sanctions"])
    match: str = Field(description="The FTS5 query run (every word quoted).", examples=['"sanctions"'])
    total: int = Field(description="Matches over every kind returned.")
    next: str | None = Field(None, description="Next page of the kinds that have more.")
    documents: DocumentHits
    quotes: QuoteHits
    events: EventHits
    entities: EntityHits
    clusters: ClusterHits
    facets: Facets


class TermCount(BaseModel):
    name: str
    n: int


class OutletFraming(BaseModel):
    outlet: str
    documents: int
    sentences: int
    narrator_sentences: int
    loaded_narrator: int
    narrator_share: float = Field(description="Loaded narrator sentences / narrator sentences.")
    spans: int
    outlet_spans: int
    quoted_spans: int
    contested: int
    by_technique: list[TermCount]
    contested_terms: list[TermCount]


class OutletFramingList(PageInfo):
    items: list[OutletFraming]
    min_documents: int = Field(description="Outlets with fewer documents are left out.")


class StoredDocument(BaseModel):
    id: str
    linked: int
    events: int


class GeoPlace(BaseModel):
    """A geocoded place with the factual events reported there."""

    name: str = Field(examples=["Wonsan"])
    lat: float
    lon: float
    country: str | None = None
    country_iso3: str | None = Field(None, examples=["PRK"])
    admin1_name: str | None = None
    precision: str | None = Field(None, description="place | admin1 | country")
    n_events: int
    n_clusters: int
    n_documents: int
    types: list[str]


class GeoPlaces(BaseModel):
    items: list[GeoPlace]
    total: int = Field(description="Places returned (the most reported first, at most 1,000).")


class GeoWeekly(BaseModel):
    weeks: list[str] = Field(examples=[["2017-W14", "2017-W15"]])
    series: dict[str, list[int]] = Field(description="Events per week for each of the most frequent types (the rest as 'other').")
    total: int
