"""The temporal word lists (stages/timexes/lexicons/temporal.json), loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    """Tables of the temporal lexicon; keys are lower case."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    vague: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str | None]
    prefix_mods: dict[str, str]
    approx_mods: dict[str, str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped temporal lexicon."""
    ref = resources.files("newsledger.stages.timexes").joinpath("lexicons/temporal.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    return Lexicon(
        months=data["months"],
        weekdays=data["weekdays"],
        numbers=data["numbers"],
        vague_numbers=frozenset(data["vague_numbers"]),
        ordinals=data["ordinals"],
        units=data["units"],
        seasons=data["seasons"],
        parts_of_day=data["parts_of_day"],
        vague=data["vague"],
        sets=data["sets"],
        holidays=data["holidays"],
        prefix_mods=data["prefix_mods"],
        approx_mods=data["approx_mods"],
    )


def alternation(words: object) -> str:
    """A regex alternation of words (longest first, spaces matching any run of whitespace)."""
    import re

    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
