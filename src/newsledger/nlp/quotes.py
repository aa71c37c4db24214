"""Direct, indirect and mixed quotes with resolved speakers."""

from __future__ import annotations

from newsledger.document import Quote
from newsledger.nlp.registry import Context, register


@register("quotes", key="quotes", requires=("entities", "timexes"))
def extract_quotes(ctx: Context) -> list[Quote]:
    """Not built yet: returns no records."""
    return []
