"""Query parameters shared by the API and its HTML pages: enums (case-insensitive), checked dates, filter models.

Every model forbids unknown parameters (``/api/events?typo=1`` is a 422, not a silently ignored filter).
The HTML pages take the same models as ``...Form`` subclasses, which also read an empty value
(``date_from=`` from a filter form) as not given; the API is strict: an empty value is invalid.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from newsledger.ledger.filters import DEFAULT_LIMIT, MAX_LIMIT, Filters
from newsledger.web.security import MAX_QUERY_CHARS

# SQLite integers are signed 64-bit: a larger id can match nothing and must not reach the database.
MAX_ID = 2**63 - 1
# Longest free-text query (characters): the Guard's cap (web/security.py), stated here so OpenAPI documents it.
MAX_QUERY = MAX_QUERY_CHARS
# Longest outlet name accepted as a filter.
MAX_NAME = 300


class _CaseInsensitive(StrEnum):
    """A string enum that accepts any letter case (``assault`` and ``ASSAULT`` are one type)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            for member in cls:
                if member.value.lower() == value.strip().lower():
                    return member
        return None


class EventType(_CaseInsensitive):
    """PLOVER event types (the contract's ``events[].type``)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    COOPERATE = "COOPERATE"
    AID = "AID"
    CONCEDE = "CONCEDE"
    RETREAT = "RETREAT"
    INVESTIGATE = "INVESTIGATE"
    DEMAND = "DEMAND"
    DISAPPROVE = "DISAPPROVE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    MOBILIZE = "MOBILIZE"
    SANCTION = "SANCTION"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"
    FIGHT = "FIGHT"
    CRIME = "CRIME"
    STATEMENT = "STATEMENT"


class Modality(_CaseInsensitive):
    """Whether the outlet asserts an event or only reports, plans, supposes, negates or relays a denial of it."""

    asserted = "asserted"
    reported = "reported"
    planned = "planned"
    hypothetical = "hypothetical"
    negated = "negated"
    denied = "denied"


class Precision(_CaseInsensitive):
    """Precision of a normalised date."""

    time = "time"
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    season = "season"
    half = "half"
    year = "year"
    decade = "decade"
    century = "century"
    vague = "vague"


class SearchKind(_CaseInsensitive):
    """One kind of search result."""

    documents = "documents"
    quotes = "quotes"
    events = "events"
    entities = "entities"
    clusters = "clusters"


_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# The same rule as a regular expression, for the OpenAPI description (clients and schemathesis): a year, a
# real month, or a real day (month lengths and leap years included).
_LEAP = r"(\d\d(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29"
_DAYS = r"\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2[0-8]))"
DATE_PATTERN = rf"^(\d{{4}}(-(0[1-9]|1[0-2]))?|{_DAYS}|{_LEAP})$"
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_date(value: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD that names a real year, month or day."""
    m = _ISO_PREFIX.match(value)
    if not m:
        raise ValueError("use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if not 1 <= month <= 12:
        raise ValueError(f"not a real date: month {month} (1..12)")
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    if not 1 <= day <= last:
        raise ValueError(f"not a real date: day {day} of a month with {last} days")
    return value


IsoDate = Annotated[str, Field(max_length=10, examples=["2017-04"], json_schema_extra={"pattern": DATE_PATTERN}),
                    AfterValidator(_real_date)]
Id = Annotated[int, Field(ge=0, le=MAX_ID)]


def single_values(request: Request) -> None:
    """Router dependency: a parameter given twice is an error (every parameter takes one value), not "the last wins"."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for key, _ in request.query_params.multi_items():
        (repeated if key in seen else seen).add(key)
    if repeated:
        raise RequestValidationError([{"loc": ("query", k), "msg": "given more than once; give one value", "type": "repeated"}
                                      for k in sorted(repeated)])


class _Query(BaseModel):
    """Base of every query model: unknown parameters are errors."""

    model_config = ConfigDict(extra="forbid")


class _EmptyIsAbsent(BaseModel):
    """Mixin of the HTML pages' models: a form's empty field means the filter is not set."""

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None, [])}
        return data


class Paging(_Query):
    """Page of a list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Items to skip.")


class _Filters(_Query):
    """The shared filters but the entity (see ``newsledger.ledger.filters`` for what each means on each list)."""

    q: str | None = Field(None, max_length=MAX_QUERY, description="Words to find (stemmed; \"phrases\", prefix*, OR, -exclude).",
                          examples=["sanctions"])
    date_from: IsoDate | None = Field(None, description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_to: IsoDate | None = Field(None, description="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")
    outlet: str | None = Field(None, max_length=MAX_NAME, description="Only this outlet.", examples=["Daily Meridian"])
    type: EventType | None = Field(None, description="Event type (any letter case).")
    modality: Modality | None = Field(None, description="Event modality (any letter case).")
    precision: Precision | None = Field(None, description="Precision of the event date.")
    actor: Id | None = Field(None, description="Canonical entity id of the event's actor.")
    target: Id | None = Field(None, description="Canonical entity id of the event's target.")

    def to_filters(self, limit: int = DEFAULT_LIMIT, offset: int = 0) -> Filters:
        return Filters(q=self.q, date_from=self.date_from, date_to=self.date_to, outlet=self.outlet,
                       type=self.type.value if self.type else None, modality=self.modality.value if self.modality else None,
                       precision=self.precision.value if self.precision else None, actor=self.actor, target=self.target,
                       entity=getattr(self, "entity", None), limit=limit, offset=offset)


class FilterFields(_Filters):
    """The shared filters."""

    entity: Id | None = Field(None, description="Canonical entity id taking part (mentioned, actor/target/place, speaker).")


class ListQuery(FilterFields, Paging):
    """Filters plus a page: documents, quotes and the entity page."""

    def filters(self) -> Filters:
        return self.to_filters(self.limit, self.offset)


class EntityPageQuery(_Filters, Paging):
    """The filters of an entity's page (the entity is the page's own)."""

    def filters(self) -> Filters:
        return self.to_filters(self.limit, self.offset)


class EventQuery(ListQuery):
    """Events: the shared filters plus a cluster."""

    cluster: Id | None = Field(None, description="Only the reports of this event cluster.")


class ClusterQuery(ListQuery):
    """Clusters: the shared filters plus a minimum corroboration."""

    min_corroboration: int = Field(0, ge=0, le=10_000, description="Minimum number of independent sources.")




class SearchQuery(FilterFields):
    """A search: the words, the kinds to return, the shared filters and a page per kind."""

    q: str = Field(..., min_length=1, max_length=MAX_QUERY, description="Words to find (stemmed; \"phrases\", prefix*, OR, -exclude).",
                   examples=["sanctions"])
    kind: SearchKind | None = Field(None, description="Only this kind of result (default: every kind).")
    facets: bool = Field(True, description="Count the matching documents by outlet, date, event type and entity.")
    limit: int = Field(10, ge=1, le=100, description="Page size per kind.")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Items to skip per kind.")


class SearchPageQuery(SearchQuery):
    """The search page: the same parameters, the words optional (without them it shows the latest articles)."""

    q: str | None = Field(None, max_length=MAX_QUERY, description="Words to find.")  # type: ignore[assignment]
    limit: int = Field(10, ge=1, le=100, description="Page size per kind.")


class TimelineQuery(_Query):
    """One of entity, cluster or q, and how many items."""

    entity: Id | None = Field(None, description="Timeline of this canonical entity.")
    cluster: Id | None = Field(None, description="Timeline of this event cluster.")
    q: str | None = Field(None, max_length=MAX_QUERY, description="Timeline of the documents and quotes matching these words.")
    limit: int = Field(200, ge=1, le=MAX_LIMIT, description="Page size (items in event-date order).")
    offset: int = Field(0, ge=0, le=100_000, description="Items to skip.")


class OutletQuery(_Query):
    """Framing per outlet."""

    outlet: str | None = Field(None, max_length=MAX_NAME, description="Only this outlet.")
    min_documents: int = Field(3, ge=1, le=100_000, description="Leave out outlets with fewer documents (too small a sample).")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Items to skip.")


class DownloadQuery(FilterFields):
    """Exactly the filters of a list view; a download holds every matching row, not one page."""


class EntityDownloadQuery(_Query):
    """Exactly the filters of the entity list."""

    q: str | None = Field(None, max_length=MAX_QUERY, description="Name or variant (stemmed words).")
    type: str | None = Field(None, max_length=40, description="Entity type (PERSON, ORG, GPE, ...; any letter case).")
    outlet: str | None = Field(None, max_length=MAX_NAME, description="Only entities mentioned by this outlet.")
    date_from: IsoDate | None = Field(None, description="Only entities mentioned in documents from this date.")
    date_to: IsoDate | None = Field(None, description="Only entities mentioned in documents up to this date.")

    def filters(self) -> Filters:
        return Filters(q=self.q, date_from=self.date_from, date_to=self.date_to, outlet=self.outlet,
                       type=self.type.upper() if self.type else None, limit=MAX_LIMIT)


class EntityListQuery(EntityDownloadQuery, Paging):
    """Canonical entities by name, entity type, and where they are mentioned; one page."""

    def filters(self) -> Filters:
        return replace(super().filters(), limit=self.limit, offset=self.offset)


class EventDownloadQuery(DownloadQuery):
    cluster: Id | None = Field(None, description="Only the reports of this event cluster.")


class ClusterDownloadQuery(DownloadQuery):
    min_corroboration: int = Field(0, ge=0, le=10_000, description="Minimum number of independent sources.")


class GeoQuery(_Query):
    """Filters of the map and chart data (factual events only)."""

    type: EventType | None = Field(None, description="Only this event type (any letter case).")
    actor: str | None = Field(None, max_length=200, description="Only events whose actor or target name contains this.")
    outlet: str | None = Field(None, max_length=MAX_NAME, description="Only this outlet.")
    date_from: IsoDate | None = Field(None, description="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_to: IsoDate | None = Field(None, description="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")


# The HTML pages' variants: the same parameters, an empty form field read as "not set".
class SearchForm(_EmptyIsAbsent, SearchPageQuery):
    """The search page's parameters."""


class ListForm(_EmptyIsAbsent, ListQuery):
    """The documents and quotes pages' parameters."""


class EventForm(_EmptyIsAbsent, EventQuery):
    """The events page's parameters."""


class ClusterForm(_EmptyIsAbsent, ClusterQuery):
    """The clusters page's parameters."""


class EntityListForm(_EmptyIsAbsent, EntityListQuery):
    """The entities page's parameters."""


class EntityPageForm(_EmptyIsAbsent, EntityPageQuery):
    """An entity page's parameters."""


class OutletForm(_EmptyIsAbsent, OutletQuery):
    """The outlets page's parameters."""


class GeoForm(_EmptyIsAbsent, GeoQuery):
    """The map and chart pages' parameters."""
