"""PLOVER-typed events with roles, dates, attribution and modality."""

from __future__ import annotations

from newsledger.document import Event
from newsledger.nlp.registry import Context, register


@register("events", key="events", requires=("entities", "timexes", "quotes"))
def extract_events(ctx: Context) -> list[Event]:
    """Not built yet: returns no records."""
    return []
