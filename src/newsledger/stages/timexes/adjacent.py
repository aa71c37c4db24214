"""Timexes read with their neighbours: clock times joined to days, apposed and conjoined days."""

from __future__ import annotations

import re

from newsledger.document import Timex
from newsledger.stages.timexes.anchor import safe_date

# "on April 24 and 25": a second day number after a date, then the end of the phrase.
_AND_DAY = re.compile(
    r"\s+(?:and|or|&)\s+([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?=\s*(?:[,.;:)]|$)|\s+(?:at|in|on|to|for|when|with|and)\b)"
)
_YEAR_AFTER = re.compile(r",?\s+((?:1[5-9]|20)\d\d)\b")
# Between a clock time and a day that make one TIME: "9 a.m. Tuesday", "Friday, 10 p.m.", "noon on Friday".
_MERGE_GAP = re.compile(r"^(?:,?\s+|\s+on\s+)$")


def with_neighbours(timexes: list[Timex], text: str) -> list[Timex]:
    """The stage's timexes after the passes that look at the timex before or after each one."""
    return _conjoined_days(_day_in_parentheses(_apposed_days(_merge_times(timexes, text), text), text), text)


def _merge_times(timexes: list[Timex], text: str) -> list[Timex]:
    """'9 a.m. Tuesday', 'Friday at 10 p.m.': a clock time next to a day becomes one TIME on that day."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        t = timexes[i]
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        if nxt is not None and _MERGE_GAP.match(text[t.end : nxt.start]):
            clock, day = (t, nxt) if t.type == "TIME" and "T" in t.value[10:11] else (nxt, t) if nxt.type == "TIME" else (None, None)
            if clock is not None and day is not None and day.type == "DATE" and day.precision == "day" and clock.value[10:11] == "T":
                value = day.value + clock.value[10:]
                out.append(Timex(t.start, nxt.end, text[t.start : nxt.end], "TIME", value, "time", clock.mod, day.anchor))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


# "Oct. 12, the day before the crash": the apposition names the date before it again, it does not move it.
_APPOSED = re.compile(r"^the\s+(?:day|night)\s+(?:before|after)$", re.I)


def _apposed_days(timexes: list[Timex], text: str) -> list[Timex]:
    """'the day before X' set off by a comma after a day takes that day's value."""
    out = list(timexes)
    for i in range(1, len(out)):
        prev, t = out[i - 1], out[i]
        if _APPOSED.match(t.text) and prev.precision == "day" and _ISO_DAY.match(prev.value) and text[prev.end : t.start] in (", ", ","):
            out[i] = Timex(t.start, t.end, t.text, t.type, prev.value, prev.precision, t.mod, "narrative")
    return out


# "10:35 a.m. (0735 GMT) Friday", "4 in the morning (4 a.m. EDT Thursday)": a clock time, then a
# parenthesis, then the day it falls on (TimeML annotates the two apart; the day still dates the clock).
_PAREN_GAP = re.compile(r"^\s*\([^()]{0,30}\)\s*$|^\s*\(\s*$")
_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


def _day_in_parentheses(timexes: list[Timex], text: str) -> list[Timex]:
    """A clock time dated from the DCT or the narrative takes the day named right after it, past a parenthesis."""
    out = list(timexes)
    for i, t in enumerate(out[:-1]):
        nxt = out[i + 1]
        if t.type != "TIME" or t.value[10:11] != "T" or t.anchor is None or not _ISO_DAY.match(nxt.value):
            continue
        if nxt.precision in ("day", "time") and _PAREN_GAP.match(text[t.end : nxt.start]):
            out[i] = Timex(t.start, t.end, t.text, t.type, nxt.value[:10] + t.value[10:], t.precision, t.mod, nxt.anchor)
    return out


# A leap year, to check a day of a month whose year is unknown (29 February is a valid "XXXX-02-29").
LEAP_YEAR = 2000


def _conjoined_days(timexes: list[Timex], text: str) -> list[Timex]:
    """'April 24 and 25': the bare second day is a date of the same month (TimeML annotates it on its own)."""
    out: list[Timex] = []
    for i, t in enumerate(timexes):
        out.append(t)
        if t.precision != "day" or len(t.value) != 10 or not t.text[-1:].isdigit() and not t.text.endswith(("st", "nd", "rd", "th")):
            continue
        m = _AND_DAY.match(text, t.end)
        if m is None or int(m.group(1)) <= int(t.value[8:]) or (i + 1 < len(timexes) and timexes[i + 1].start < m.end()):
            continue
        if not t.value[5:7].isdigit() or not t.value[8:].isdigit():
            continue
        unknown_year = not t.value[:4].isdigit()  # no publication date: "XXXX-04-24"
        year = LEAP_YEAR if unknown_year else int(t.value[:4])
        y = _YEAR_AFTER.match(text, m.end())
        if y is not None and (t.anchor == "dct" or unknown_year):  # "Oct. 5 and 6, 1998": the year after the pair holds for both
            year = int(y.group(1))
            first = safe_date(year, int(t.value[5:7]), int(t.value[8:]))
            if first is not None:
                out[-1] = Timex(t.start, t.end, t.text, t.type, first.isoformat(), t.precision, t.mod, None)
        d = safe_date(year, int(t.value[5:7]), int(m.group(1)))
        if d is not None:
            anchor = None if y is not None else t.anchor
            value = "XXXX" + d.isoformat()[4:] if unknown_year and y is None else d.isoformat()
            out.append(Timex(m.start(1), m.end(), text[m.start(1) : m.end()], "DATE", value, "day", None, anchor))
    return out
