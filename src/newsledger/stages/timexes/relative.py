"""Relative dates, durations, times of day, sets and vague references to TIMEX3."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsledger.stages.timexes import anchor as an
from newsledger.stages.timexes.lexicon import lexicon
from newsledger.stages.timexes.normalize import NARRATIVE_REACH, Resolved, State
from newsledger.stages.timexes.words import leading_mod, month_number, norm, number_value, unit_code

_UNIT_WORD = re.compile(
    r"\b(seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnight|months?|quarters?|years?|decades?|centuries|century)\b"
)
_PRECISION = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century"}
_PERIOD_MOD = ("START", "MID", "END")
# An amount right before or after "last year" in an earnings report compares with the same quarter a year back.
_AMOUNT_BEFORE = re.compile(r"\d(?:\s*(?:million|billion|percent|%|cents?))?,?\s+$", re.I)
_AMOUNT_AFTER = re.compile(r"^['’]s\s+(?:[$€£]|\d)")
_OR_SO = re.compile(r"\s+or\s+so\s+")
_BOUND_MODS = ("MORE_THAN", "LESS_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE")
# "a few years ago" is annotated as the decade of about three years back (TimeBank: 199X in 1998).
VAGUE_YEARS_BACK = 3


def _x_value(unit: str) -> str:
    """The X placeholder of a calendar unit when there is no anchor date."""
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX"}.get(unit, "XXXX")


def relative_day(text: str, st: State) -> Resolved | None:
    """today, yesterday, tomorrow, tonight, last night, this morning, the day before yesterday."""
    p = norm(text)
    off = 0
    if "yesterday" in p or "last night" in p:
        off = -1
    elif "tomorrow" in p:
        off = 1
    if "day before" in p:
        off -= 1
    elif "day after" in p:
        off += 1
    if p == "overnight" and st.tense == an.PAST:
        off = -1
    parts = lexicon().parts_of_day
    part = next((parts[w] for w in re.findall(r"[a-z]+", p.replace("mid-", "")) if w in parts), None)
    if "tonight" in p:
        part = "NI"
    if "afternoon" in p:
        part = "AF"
    if st.dct is None:
        return Resolved("TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""), "time" if part else "day")
    # "Stocks closed lower Friday ... overnight losses in New York": the night before the weekday the text is
    # telling (a weekday is a day of the news week; an explicit date nearby is often background: "the bombings,
    # on Aug. 7, killed 247. ... the sites struck overnight")
    recent_weekday = st.last_day is not None and st.sent - st.last_day_sent <= NARRATIVE_REACH
    narrated = st.last_day if p == "overnight" and recent_weekday else None
    if narrated is not None:
        return Resolved("TIME", f"{narrated - timedelta(days=1)}T{part or 'NI'}", "time", None, "narrative")
    d = st.dct + timedelta(days=off)
    if part:
        return Resolved("TIME", f"{d.isoformat()}T{part}", "time", None, "dct")
    return Resolved("DATE", d.isoformat(), "day", None, "dct")


def this_unit(text: str, st: State) -> Resolved | None:
    """this week -> 1998-W10, last year, next month, earlier this month, the past year, the following day."""
    p = norm(text).removesuffix("'s")
    mod, rest = leading_mod(p)
    if re.match(r"(earlier|later) ", p):
        mod, rest = None, p.split(" ", 1)[1]
    m = _UNIT_WORD.search(rest)
    if m is None:
        return _narrative_part(rest, st)
    unit = unit_code(m.group(1)) or "Y"
    if "fiscal year" in rest:
        unit = "Y"
    words = rest.split()
    if unit in ("DE", "CE") and "past" in words[:2]:
        # "the past decade" is the ten years up to now, not the 1990s (TimeML: P10Y); "the last decade" stays a decade
        return Resolved("DURATION", "P10Y" if unit == "DE" else "P100Y", None)
    narrative = (
        any(w in words for w in ("following", "same", "previous", "preceding"))
        or words[:2] == ["the", "next"]
        or (words[:1] == ["the"] and any(w in words[2:] for w in ("before", "after", "earlier", "later")))
    )  # "the day after" counts from the day the text is at, like "the next day"
    base, anchor = st.narrative_anchor() if narrative else (st.dct, "dct")
    off = 0
    if any(w in words for w in ("last", "past", "previous", "preceding", "before", "earlier")):
        off = -1
    elif any(w in words for w in ("next", "coming", "following", "after", "later")):
        off = 1
    if unit in ("Y", "DE", "CE") and (narrative or words[0] == "that") and st.year is not None and st.sent - st.year_sent <= 8:
        y = st.year + off
        return Resolved("DATE", f"{y:04d}" if unit == "Y" else f"{y // 10:03d}", "year" if unit == "Y" else "decade", None, "narrative")
    if unit == "M" and (narrative or words[0] == "that") and st.month is not None:
        value, precision = an.shift(st.month, "M", off)
        return Resolved("DATE", value, precision, None, "narrative")
    if words[0] == "that" and unit in ("D", "M", "W"):
        base, anchor = st.narrative_anchor()
        if anchor != "narrative" and st.dct is not None:
            if unit == "D" and st.month is not None and st.sent - st.month_sent <= 1:
                # "killed last October ... crossed out that same day": a day of the month just named
                return Resolved("DATE", f"{st.month.year:04d}-{st.month.month:02d}-XX", "month", None, "narrative")
            return None  # "trades made that day": no date before it to point back to (a generic or an event's day)
    if base is None:
        return Resolved("DATE", _x_value(unit), _PRECISION.get(unit, "year"), mod if mod in _PERIOD_MOD else None)
    if unit == "WE":
        return weekend(p, st)
    if unit == "Q":
        recent = st.recent_quarter()
        y, q = divmod(base.year * 4 + an.quarter_of(base) - 1 + off, 4)
        if off == 0 and recent is not None and "current" not in words and "this" not in words:
            y, q = recent[0], recent[1] - 1
        st.quarter, st.quarter_sent = (y, q + 1), st.sent
        return Resolved("DATE", f"{y:04d}-Q{q + 1}", "quarter", None, anchor)
    if unit == "Y" and off == -1 and rest == "last year" and (_AMOUNT_BEFORE.search(st.before) or _AMOUNT_AFTER.match(st.after)):
        recent = st.recent_quarter()  # "a loss of $3 million last year", "last year's $1.55 billion": that quarter
        if recent is not None:
            return Resolved("DATE", f"{recent[0] - 1:04d}-Q{recent[1]}", "quarter", None, "narrative")
    value, precision = an.shift(base, unit, off)
    if unit == "D" and anchor == "narrative":
        st.narrative, st.narrative_sent = base + timedelta(days=off), st.sent
    return Resolved("DATE", value, precision, mod if mod in _PERIOD_MOD else None, anchor)


def _narrative_part(p: str, st: State) -> Resolved | None:
    """'the next morning', 'the previous evening', 'that night': a part of the narrative day (or the DCT's)."""
    words = p.split()
    part = lexicon().parts_of_day.get(words[-1]) if words else None
    if part is None or part.startswith("T"):
        return None
    off = 1 if any(w in words for w in ("next", "following")) else -1 if any(w in words for w in ("previous", "preceding", "prior")) else 0
    base, anchor = st.narrative_anchor()
    if base is None:
        return Resolved("TIME", f"XXXX-XX-XXT{part}", "time")
    return Resolved("TIME", f"{(base + timedelta(days=off)).isoformat()}T{part}", "time", None, anchor)


def unit_end(text: str, st: State) -> Resolved | None:
    """year-end, the end of the month -> the DCT's year / month (mod END); later in the day; the full year."""
    p = norm(text)
    m = _UNIT_WORD.search(p)
    unit = unit_code(m.group(1)) if m else "Y"
    unit = unit or "Y"
    mod = "END" if "end" in p else None
    if st.dct is None:
        return Resolved("DATE", _x_value(unit), _PRECISION.get(unit, "year"), mod)
    value, precision = an.shift(st.dct, unit, 0)
    return Resolved("DATE", value, precision, mod, "dct")


_YEAR_ENDED = re.compile(r"^\s+(?:ended|ending)\b", re.I)
_YEAR_OF = re.compile(r"(?:\bfor|\b(?:months|weeks|half|part|rest)\s+of)\s+$", re.I)


def the_year(text: str, st: State) -> Resolved | None:
    """'the year ended March 31' -> P1Y (a fiscal year); 'for the year', 'nine months of the year' -> the DCT's year."""
    if _YEAR_ENDED.match(st.after):
        return Resolved("DURATION", "P1Y", None)
    if not _YEAR_OF.search(st.before):
        return None  # "the year" elsewhere ("man of the year") is no timex
    if st.dct is None:
        return Resolved("DATE", "XXXX", "year")
    return Resolved("DATE", f"{st.dct.year:04d}", "year", None, "dct")


def weekend(text: str, st: State) -> Resolved | None:
    """the weekend / this weekend / last weekend -> YYYY-Www-WE by tense."""
    if st.dct is None:
        return Resolved("DATE", "XXXX-WXX-WE", "week")
    p = norm(text)
    d = st.dct
    in_weekend = d.weekday() >= 5
    if "last" in p or "past" in p or (not in_weekend and ("next" not in p and "coming" not in p and "this" not in p) and st.tense != an.FUTURE):
        d = d - timedelta(days=7) if not in_weekend or "last" in p else d
    elif "next" in p and in_weekend:
        d = d + timedelta(days=7)
    return Resolved("DATE", an.iso_week(d) + "-WE", "week", None, "dct")


def ago(text: str, st: State) -> Resolved | None:
    """three years ago -> 1995, two days earlier (narrative), a year earlier (after a quarter: that quarter - 4)."""
    p = norm(text)
    mod, rest = leading_mod(p)
    if _OR_SO.search(rest):  # "a week or so ago": a hedge (APPROX), it says nothing of the direction
        rest, mod = _OR_SO.sub(" ", rest), mod or "APPROX"
    m = _UNIT_WORD.search(rest)
    if m is None:
        return None
    unit = unit_code(m.group(1)) or "Y"
    before = m.end() < len(rest) and rest[m.end() :].strip().split()[0] in ("ago", "earlier", "before", "back", "previously")
    if re.match(r"(the )?(year|quarter|month|week)[- ](earlier|ago)", rest):
        n: float | None = 1.0
        before = True
    else:
        n = number_value(rest)
        adverb = rest[m.end() :].split()[:1]
        comparison = unit in ("Y", "Q") and n == 1 and adverb[:1] in (["earlier"], ["before"])
        if adverb and adverb[0] not in ("ago", "back", "from", "hence") and (n is None or mod in _BOUND_MODS or not comparison):
            # "a few days later", "at least 30 days before", "three days later": a duration the adverb relates
            # to another event (TimeML: the duration is the timex, the adverb a signal; TimeBank and AQUAINT
            # agree). "a year earlier" after a figure is the same period a year back, a date (TimeBank 20 of 21).
            return Resolved("DURATION", duration_value(n, unit), None, mod if mod in (*_BOUND_MODS, "APPROX") else None)
        if n is None:
            if before and unit == "Y" and st.dct is not None and "ago" in rest:
                return Resolved("DATE", f"{(st.dct.year - VAGUE_YEARS_BACK) // 10:03d}X", "decade", None, "dct")
            return Resolved("DATE", "PAST_REF" if before else "FUTURE_REF", "vague", None, "dct")
    sign = -1 if before else 1
    relative_to_narrative = "ago" not in rest and "from now" not in rest and "hence" not in rest
    base, anchor = st.narrative_anchor() if relative_to_narrative else (st.dct, "dct")
    recent_q = st.recent_quarter()
    if unit == "Y" and n == 1 and recent_q is not None:
        y, q = recent_q
        return Resolved("DATE", f"{y - 1:04d}-Q{q}", "quarter", None, "narrative")
    if base is None or n is None:
        return Resolved("DATE", _x_value(unit), _PRECISION.get(unit, "year"), None)
    steps = int(round(n * sign))
    mod = mod if mod == "APPROX" else None
    if unit == "W":  # "six weeks ago": the week, as precise as the unit (TimeBank 3 of 4)
        d = base + timedelta(weeks=steps)
        return Resolved("DATE", an.iso_week(d), "week", mod, anchor)
    if unit in ("DE", "CE"):  # "a decade ago" is the year ten years back, not the previous decade
        unit, steps = "Y", steps * (10 if unit == "DE" else 100)
    if unit in ("H", "MIN", "S"):
        return Resolved("DATE", base.isoformat(), "day", mod, anchor)
    if unit == "D" and re.search(r"\b(?:trading|business|working)\b", rest):
        d = an.add_workdays(base, steps)  # "eight trading days later": weekends do not count
        st.narrative, st.narrative_sent = d, st.sent
        return Resolved("DATE", d.isoformat(), "day", mod, anchor)
    value, precision = an.shift(base, unit, steps)
    if unit == "D":
        st.narrative, st.narrative_sent = base + timedelta(days=steps), st.sent
    return Resolved("DATE", value, precision, mod, anchor)


def duration_value(n: float | None, unit: str) -> str:
    """The TIMEX3 duration of ``n`` units (X when unknown): P3Y, PT90M, P2Q, P1Y6M."""
    if unit in ("H", "MIN", "S"):
        letter = {"H": "H", "MIN": "M", "S": "S"}[unit]
        if n is not None and n != int(n) and unit in ("H", "MIN"):
            big, small = ("H", "M") if unit == "H" else ("M", "S")
            return f"PT{int(n)}{big}{round((n - int(n)) * 60)}{small}" if n > 1 else f"PT{int(n * 60)}{small}"
        return f"PT{'X' if n is None else int(n)}{letter}"
    if unit == "2W":
        return "P2W" if n is None or n == 1 else f"P{int(2 * n)}W"
    if unit == "Q":  # TimeBank writes quarters as their own unit: "every quarter" P1Q, "the past two quarters" P2Q
        return f"P{'X' if n is None else int(n)}Q" if n is None or n == int(n) else f"P{int(n * 3)}M"
    if unit == "WE":
        return "P2D" if n in (None, 1) else f"P{int(n * 2)}D"
    if unit in ("DE", "CE") and n is not None:
        return f"P{int(n * (10 if unit == 'DE' else 100))}Y"
    if unit == "DE":  # "for decades", "decades-long": some number of years (AQUAINT and MEANTIME write PXY)
        return "PXY"
    if unit == "CE":  # "for centuries": TimeBank's century unit is C ("PXC"; CE is no TIMEX3 unit)
        return "PXC"
    if n is not None and n != int(n) and unit in ("Y", "H") and n > 1:
        whole, part = int(n), n - int(n)
        return f"P{whole}Y{round(part * 12)}M" if unit == "Y" else f"PT{whole}H{round(part * 60)}M"
    if n is not None and n != int(n):
        smaller = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "DE": ("Y", 10), "W": ("D", 7)}.get(unit)
        if smaller is not None:
            sub, k = smaller
            return f"PT{int(n * k)}H" if sub == "H" else f"P{int(n * k)}{sub}"
    return f"P{'X' if n is None else int(n)}{unit}"


def long_adjective(text: str, st: State) -> Resolved | None:
    """'day-long' -> P1D, 'decades-long' -> PXY, 'two-week-long' -> P2W: a duration used as an adjective."""
    parts = norm(text).split("-")
    unit_word = parts[-2]
    unit = unit_code(unit_word.rstrip("s")) or unit_code(unit_word)
    if unit is None:
        return None
    n = number_value(parts[0]) if len(parts) == 3 else None if unit_word.endswith("s") else 1.0
    return Resolved("DURATION", duration_value(n, unit), None)


def duration(text: str, st: State) -> Resolved | None:
    """three years -> P3Y, the past 20 years -> P20Y, two-year -> P2Y, several weeks -> PXW, about a month."""
    p = re.sub(r"^(?:a|an) (?=(?:about|around|roughly|nearly|almost|some|approximately) )", "", norm(text))
    mod, rest = leading_mod(re.sub(r"^(the|a|an) (past|last|next|first|previous|coming|following|final|latest|remaining|entire|full|whole|same|initial) ", "", p))
    units = _UNIT_WORD.findall(rest)
    if not units:
        return None
    unit = unit_code(units[-1]) or "Y"
    body = re.sub(r"^(past|last|next|first|previous|coming|following|final|latest|remaining|entire|full|whole|same|initial) ", "", rest)
    body = re.sub(r"^(the|a|an) (?=\d|[a-z]+[ -](?:" + "|".join(sorted({u for u in units})) + "))", "", body) if not re.match(r"^(a|an) ", body) else body
    if re.match(r"^(a|an) (?=\d|[a-z]+[ -])", body) and number_value(body[body.index(" ") + 1 :]) is not None and not re.match(r"^an? (few|couple|dozen|half|hundred)", body):
        body = body[body.index(" ") + 1 :]
    n = number_value(body) if not re.match(r"^(years|months|weeks|days|decades|hours|minutes|centuries)$", body) else None
    if re.search(r"\b(or|to)\b|\d\s*-\s*\d", body):
        n = None
    if re.search(r"\band a half\b", body) and n is not None and n == int(n):  # "a year and a half", "two and a half years"
        n += 0.5
    if body.startswith("half"):
        n = 0.5
    if mod not in ("APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"):
        mod = None
    return Resolved("DURATION", duration_value(n, unit), None, mod)


_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?", re.I)


def time_of_day(text: str, st: State, day: date | None = None) -> Resolved | None:
    """9 a.m. -> the day (the adjacent date, the narrative day or the DCT) with T09:00; noon; midnight."""
    p = norm(text)
    mod, rest = leading_mod(p)
    parts = lexicon().parts_of_day
    clock: str | None = None
    words = rest.replace("-", " ").split()
    if "noon" in words or "midday" in words or "mid day" in rest:
        clock = "12:00"
    elif "midnight" in words:
        clock = "24:00"
    elif words and words[0] == "mid" and len(words) > 1 and words[1] in parts:
        clock = parts[words[1]]
    else:
        m = _CLOCK.search(rest)
        if m is None:
            return None
        h = int(m.group(1))
        mi = int(m.group(2) or 0)
        ap = (m.group(3) or "").replace(".", "").lower()
        if "evening" in rest or "afternoon" in rest or "at night" in rest:
            ap = ap or "pm"
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        clock = f"{h:02d}:{mi:02d}"
    base, anchor = (day, None) if day is not None else st.narrative_anchor()
    if day is None and anchor == "narrative" and st.sent != st.narrative_sent and not _moved_back(st):
        base, anchor = st.dct, "dct"
    prefix = base.isoformat() if base is not None else "XXXX-XX-XX"
    value = f"{prefix}T{clock}"
    return Resolved("TIME", value, "time", mod if mod == "APPROX" else None, anchor if base is not None else None)


def _moved_back(st: State) -> bool:
    """The narrative has moved to a date more than a week before the publication date."""
    return st.narrative is not None and st.dct is not None and (st.dct - st.narrative).days > 7


def set_expr(text: str, st: State) -> Resolved | None:
    """daily -> P1D, every week -> P1W, every two years -> P2Y, every Monday -> XXXX-WXX-1."""
    p = norm(text)
    sets = lexicon().sets
    if p in sets:
        return Resolved("SET", sets[p], None)
    words = p.split()
    from newsledger.stages.timexes.words import weekday_number

    wd = weekday_number(words[-1])
    plural = re.fullmatch(r"([a-z]+day)s(?: ([a-z]+?)s)?", p)  # "Tuesdays", "Tuesday nights", "Sundays mornings"
    if plural is None:
        plural = re.fullmatch(r"([a-z]+day) ([a-z]+?)s", p)
    if wd is None and plural is not None:
        wd = weekday_number(plural.group(1))
        part = lexicon().parts_of_day.get(plural.group(2) or "")
        if wd is not None:
            return Resolved("SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""), None)
    if wd is not None:
        return Resolved("SET", f"XXXX-WXX-{wd + 1}", None)
    month = month_number(words[-1])
    if month is not None and words[0] in ("every", "each"):
        return Resolved("SET", f"XXXX-{month:02d}", None)  # "each July"
    if words[-1] in lexicon().parts_of_day:
        return Resolved("SET", "T" + lexicon().parts_of_day[words[-1]], None)
    unit = unit_code(words[-1])
    if unit is None:
        return None
    n = number_value(" ".join(words[1:-1])) if len(words) > 2 else 1.0
    if "other" in words:
        n = 2.0
    return Resolved("SET", duration_value(n, unit), None)
