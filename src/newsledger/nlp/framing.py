"""Loaded language and persuasion techniques with their voice."""

from __future__ import annotations

from newsledger.document import Framing
from newsledger.nlp.registry import Context, register


@register("framing", key="framing", requires=("quotes",))
def extract_framing(ctx: Context) -> list[Framing]:
    """Not built yet: returns no records."""
    return []
