"""Vague and anaphoric references to TIMEX3: now, recently, soon, 'until then', 'in the morning', 'the eighth day of'."""

from __future__ import annotations

import re

from newsledger.stages.timexes.lexicon import lexicon
from newsledger.stages.timexes.normalize import Resolved, State
from newsledger.stages.timexes.relative import duration_value
from newsledger.stages.timexes.words import norm, unit_code


def day_part(text: str, st: State) -> Resolved | None:
    """'in the morning' after 'Friday': that day's morning; with no day named just before, a habit (no timex)."""
    part = lexicon().parts_of_day.get(norm(text).split()[-1])
    base = st.recent_day()
    if part is None or base is None:
        return None
    return Resolved("TIME", f"{base.isoformat()}T{part}", "time", None, "narrative")


def then_ref(text: str, st: State) -> Resolved | None:
    """'until then', 'by then': the last date the text named (within NARRATIVE_REACH), else no timex."""
    day = st.recent_day()
    return Resolved("DATE", day.isoformat(), "day", None, "narrative") if day is not None else None


def nth_day(text: str, st: State) -> Resolved | None:
    """'(today) is the eighth day of the strike', "it's the second day of": the publication day."""
    if st.dct is None:
        return Resolved("DATE", "XXXX-XX-XX", "day")
    return Resolved("DATE", st.dct.isoformat(), "day", None, "dct")


def future_units(text: str, st: State) -> Resolved | None:
    """'future quarters', 'future generations': an unbounded time ahead -> FUTURE_REF (TimeBank)."""
    return Resolved("DATE", "FUTURE_REF", "vague")


def vague_duration(text: str, st: State) -> Resolved | None:
    """'for a while', 'for some time': a duration whose length and unit are unknown -> PXX."""
    return Resolved("DURATION", "PXX", None)


def vague_period(text: str, st: State) -> Resolved | None:
    """'the past few years', 'the last several quarters' -> PAST_REF (TimeBank)."""
    return Resolved("DATE", "PAST_REF", "vague")


def recent(text: str, st: State) -> Resolved | None:
    """'recent years' -> PAST_REF; 'recent days/weeks/months' -> PXD / PXW / PXM."""
    unit = unit_code(norm(text).split()[-1]) or "Y"
    if unit == "Y":
        return Resolved("DATE", "PAST_REF", "vague")
    return Resolved("DURATION", duration_value(None, unit), None)


def vague(text: str, st: State) -> Resolved | None:
    """now/currently -> PRESENT_REF, recently/the past -> PAST_REF, soon/the future -> FUTURE_REF."""
    p = norm(text)
    if re.match(r"then[ -]current$", p):
        return Resolved("DATE", "PAST_REF", "vague")  # "the then current price": current at a past time
    value = lexicon().vague.get(p)
    if value is None:
        return None
    if p == "current" and re.match(r"\s*(account|events|affairs)\b", st.after, re.I):
        return None  # "current account" is economics, not time
    return Resolved("DATE", value, "vague")
