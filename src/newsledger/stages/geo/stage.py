"""The ``geo`` stage: geocode place entities and event places with ``newsledger.geo`` (one module for all places).

It runs after ``entities`` and ``events``, reads no spaCy annotation, and adds the optional ``geo`` field to
each place entity (GPE, LOC, FAC) and each event's ``where`` (from its entity, else from the name in the
document's context), and links place descriptions ("the country") and skipped repeats of a place's name as
mentions of the placed entity. Its key is ``events`` because it hands back the events with their places filled in.
"""

from __future__ import annotations

from newsledger.document import Event
from newsledger.geo.resolve import geocode_analysis
from newsledger.registry import Context, register


@register("geo", key="events", requires=("entities", "events"), needs=())
def geocode_places(ctx: Context) -> list[Event]:
    """Fill ``entities[].geo`` and ``events[].where.geo``; returns the events."""
    geocode_analysis(ctx.analysis)
    return ctx.analysis.events
