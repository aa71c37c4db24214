"""TIMEX3 date values as intervals: compatibility within precision, sort keys, distances."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# Seasons as TIMEX3 writes them (SP, SU, FA/AU, WI) -> (first month, last month); winter spans the year end
# and is approximated by Dec..Feb of the *next* year's start as TimeML does (WI of 2025 = Dec 2025 - Feb 2026).
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
# Halves (H1/H2) and quarters (Q1..Q4) -> month ranges.
_PARTS = {"H1": (1, 6), "H2": (7, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(.*))?$")  # group 4: the time (HH:MM, or MO/AF/EV/NI)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")  # group 3: the weekend
_PART = re.compile(r"^(\d{4})-(H[12]|Q[1-4]|SP|SU|FA|AU|WI)$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")

# Precision names ordered from finest to coarsest (used to pick the more precise of two dates).
PRECISION_ORDER = ("time", "day", "week", "month", "quarter", "season", "half", "year", "decade", "century")


@dataclass(frozen=True)
class Interval:
    """A closed date interval [start, end] that a TIMEX3 value denotes."""

    start: date
    end: date
    precision: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def gap_days(self, other: Interval) -> int:
        """Days between the two intervals (0 when they overlap)."""
        if self.overlaps(other):
            return 0
        return (other.start - self.end).days if self.end < other.start else (self.start - other.end).days


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    start = date(year + (first - 1) // 12, (first - 1) % 12 + 1, 1)
    ly, lm = year + (last - 1) // 12, (last - 1) % 12 + 1
    return start, date(ly, lm, calendar.monthrange(ly, lm)[1])


@lru_cache(maxsize=65536)  # the same few thousand values recur across a ledger
def interval(value: str | None) -> Interval | None:
    """The interval of a TIMEX3 date value, or None for PRESENT_REF, durations and unparseable values."""
    if not value:
        return None
    v = value.strip().upper()
    try:
        if m := _DAY.match(v):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Interval(d, d, "time" if "T" in v else "day")
        if m := _MONTH.match(v):
            s, e = _month_range(int(m.group(1)), int(m.group(2)), int(m.group(2)))
            return Interval(s, e, "month")
        if m := _WEEK.match(v):
            s = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return Interval(s, s + timedelta(days=6), "week")
        if m := _PART.match(v):
            part = m.group(2)
            first, last = _PARTS.get(part) or _SEASONS[part]
            s, e = _month_range(int(m.group(1)), first, last)
            prec = "quarter" if part.startswith("Q") else "half" if part.startswith("H") else "season"
            return Interval(s, e, prec)
        if m := _YEAR.match(v):
            y = int(m.group(1))
            return Interval(date(y, 1, 1), date(y, 12, 31), "year")
        if m := _DECADE.match(v):
            y = int(m.group(1)) * 10
            return Interval(date(max(y, 1), 1, 1), date(y + 9, 12, 31), "decade")
        if m := _CENTURY.match(v):
            y = int(m.group(1)) * 100
            return Interval(date(max(y, 1), 1, 1), date(y + 99, 12, 31), "century")
    except (ValueError, OverflowError):  # not a calendar date, or past year 9999 (e.g. the last week of 9999)
        return None
    return None


def compatible(a: str | None, b: str | None) -> bool | None:
    """True when two date values can denote the same time (2025-04 vs 2025-04-26); None if either is unknown."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return None
    return ia.overlaps(ib)


def sort_key(value: str | None) -> tuple[str, int]:
    """Order by interval start, then finer precision first; unknown dates sort last."""
    iv = interval(value)
    if iv is None:
        return ("9999-12-31", 1 << 30)
    return (iv.start.isoformat(), iv.days)


def finer(a: str | None, b: str | None) -> str | None:
    """The more precise of two compatible values (the narrower interval)."""
    ia, ib = interval(a), interval(b)
    if ia is None:
        return b if ib is not None else a
    if ib is None:
        return a
    return a if ia.days <= ib.days else b


def intersect(a: Interval, b: Interval) -> Interval | None:
    """The common part of two intervals (precision of the narrower), or None when disjoint."""
    if not a.overlaps(b):
        return None
    prec = a.precision if a.days <= b.days else b.precision
    return Interval(max(a.start, b.start), min(a.end, b.end), prec)
