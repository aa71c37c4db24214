"""The ``clean`` stage: spans of the text that are not the article."""

from __future__ import annotations

from newsledger.document import Removed
from newsledger.nlp.registry import Context, register


@register("clean", key="removed")
def find_removed(ctx: Context) -> list[Removed]:
    """Not built yet: returns no records."""
    return []
