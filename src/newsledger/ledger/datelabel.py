"""Dates for people: TIMEX3 values as "9 April 2017", "April 2017", "week 14 of 2017" (never raw codes)."""

from __future__ import annotations

import re
from datetime import date

from newsledger.ledger.when import _CENTURY, _DAY, _DECADE, _MONTH, _PART, _WEEK, _YEAR

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
PARTS = {"H1": "first half of", "H2": "second half of", "Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4"}
# TIMEX3 parts of the day (T + code).
DAY_PARTS = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}

_TIME = re.compile(r"^(\d{2}):(\d{2})")


def _day(y: int, m: int, d: int) -> str | None:
    try:
        date(y, m, d)
    except ValueError:
        return None
    return f"{d} {MONTHS[m - 1]} {y}"


def _time_of_day(code: str) -> str:
    if code in DAY_PARTS:
        return DAY_PARTS[code]
    m = _TIME.match(code)
    return f"{m[1]}:{m[2]}" if m else ""


def date_label(value: str | None) -> str:
    """A TIMEX3 date value in words; the precision shows in the wording ("2017" is a year, "April 2017" a month).

    Values it cannot read come back as "date unknown" rather than as a code.
    """
    if not value:
        return "undated"
    v = value.strip().upper()
    if v in REFS:
        return REFS[v]
    if m := _DAY.match(v):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        if day is None:
            return "date unknown"
        when = _time_of_day(m[4] or "")
        return f"{day}, {when}" if when else day
    if (m := _MONTH.match(v)) and 1 <= int(m[2]) <= 12:
        return f"{MONTHS[int(m[2]) - 1]} {m[1]}"
    if m := _WEEK.match(v):
        week = f"week {int(m[2])} of {m[1]}"
        return f"weekend of {week}" if m[3] else week
    if m := _PART.match(v):
        part = m[2]
        return f"{SEASONS[part]} {m[1]}" if part in SEASONS else f"{PARTS[part]} {m[1]}"
    if m := _YEAR.match(v):
        return m[1]
    if m := _DECADE.match(v):
        return f"the {m[1]}0s"
    if m := _CENTURY.match(v):
        return f"the {m[1]}00s"
    return "date unknown"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 report", "11 reports" (``many`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
