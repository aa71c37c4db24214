"""Temporal expressions normalised to TIMEX3 (filled by the dates stage)."""

from __future__ import annotations

from newsledger.document import Timex
from newsledger.nlp.registry import Context, register


@register("timexes", key="timexes", requires=("entities",))
def extract_timexes(ctx: Context) -> list[Timex]:
    """Not built yet: returns no records."""
    return []
