"""Calendar dates to TIMEX3: explicit and partial dates, months, years, decades, seasons, weekdays, holidays."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsledger.stages.timexes import anchor as an
from newsledger.stages.timexes.lexicon import lexicon
from newsledger.stages.timexes.words import leading_mod, month_number, norm, two_digit_year, weekday_number

_YEAR4 = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_YY = re.compile(r"'(\d\d)\b")
_DAY = re.compile(r"(?<![\d.])([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])")
_MONTH_WORD = re.compile(r"[A-Za-z]+\.?")
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month of each season (northern meteorological)
# How many sentences back a narrative date (or a quarter) still anchors a relative expression.
NARRATIVE_REACH = 3
# "the previous Friday" always points back to a day the text named: it may look further back (the same
# reach as "that year" in relative.this_unit).
ANAPHOR_REACH = 8


@dataclass
class Resolved:
    """A normalised timex: TIMEX3 type and value, precision, mod and what it was anchored on."""

    type: str
    value: str
    precision: str | None
    mod: str | None = None
    anchor: str | None = None


@dataclass
class State:
    """What the resolver remembers while reading a document in order."""

    dct: date | None
    narrative: date | None = None
    narrative_sent: int = -100
    year: int | None = None  # the year of the last explicit date or year mentioned ("that year")
    year_sent: int = -100
    month: date | None = None  # the first day of the last month mentioned ("the following month")
    month_sent: int = -100
    last_day: date | None = None  # the last weekday resolved ("the previous Friday" counts from it)
    last_day_sent: int = -100
    quarter: tuple[int, int] | None = None  # (year, quarter) of the last quarter mentioned
    quarter_sent: int = -100
    sent: int = 0
    tense: str | None = None
    after: str = ""  # a few characters of text after the span (for "the fall of Rome")
    before: str = ""  # a few characters of text before the span ("until March", "since March")
    notes: list[str] = field(default_factory=list)

    def narrative_anchor(self) -> tuple[date | None, str | None]:
        """The narrative date if one was set in the last few sentences, else the DCT."""
        if self.narrative is not None and self.sent - self.narrative_sent <= NARRATIVE_REACH:
            return self.narrative, "narrative"
        return self.dct, "dct"

    def recent_day(self) -> date | None:
        """The last day the text named (a date or a weekday) within NARRATIVE_REACH sentences, else None."""
        days = [(s, d) for s, d in ((self.narrative_sent, self.narrative), (self.last_day_sent, self.last_day)) if d is not None]
        s, d = max(days, key=lambda sd: sd[0], default=(-100, None))
        return d if d is not None and self.sent - s <= NARRATIVE_REACH else None

    def note_year(self, y: int) -> None:
        self.year, self.year_sent = y, self.sent

    def recent_quarter(self, reach: int = NARRATIVE_REACH) -> tuple[int, int] | None:
        if self.quarter is not None and self.sent - self.quarter_sent <= reach:
            return self.quarter
        return None


_RANGE_END = re.compile(r"\b(?:to|through|until|till)\s+$", re.I)
_CLOSED_SESSION = re.compile(r"^['’]s\s+(?:close|closing|session|trading)\b", re.I)
_FUTURE_PREP = re.compile(r"\b(?:until|till|before|through|come|ahead\s+of|by\s+the\s+end\s+of)\s+$", re.I)
_EFFECTIVE = re.compile(r"\beffective\s+$", re.I)
_PAST_PREP = re.compile(r"\bsince\s+$", re.I)


def preposition_tense(st: State) -> str | None:
    """The clause tense, or when it says nothing, what the preposition says: 'until March' ahead, 'since March' back."""
    if _EFFECTIVE.search(st.before):
        return an.FUTURE  # "created an office, effective Feb. 1": the date a measure takes effect is announced ahead
    if st.tense in (an.PAST, an.FUTURE):
        return st.tense
    if _FUTURE_PREP.search(st.before):
        return an.FUTURE
    if _PAST_PREP.search(st.before):
        return an.PAST
    return st.tense


def year_in(text: str, pivot: int | None) -> int | None:
    """A four-digit (or '98) year in the text."""
    m = _YEAR4.search(text)
    if m:
        return int(m.group(1))
    m2 = _YY.search(text)
    return two_digit_year(int(m2.group(1)), pivot) if m2 else None


def _month_in(text: str) -> int | None:
    for w in _MONTH_WORD.findall(text):
        if w[0].isupper():
            m = month_number(w)
            if m is not None:
                return m
    return None


def _day_in(text: str, month_first: bool) -> int | None:
    t = _YEAR4.sub(" ", text)
    t = _YY.sub(" ", t)
    m = _DAY.search(t)
    return int(m.group(1)) if m else None


def explicit_day(text: str, st: State) -> Resolved | None:
    """'April 26, 2025', '26 April', 'Apr. 26': a day, its year completed from the DCT and tense."""
    mod, _ = leading_mod(text)
    month = _month_in(text)
    day = _day_in(text, True)
    if month is None or day is None:
        return None
    pivot = st.dct.year if st.dct else None
    year = year_in(text, pivot)
    anchor = None
    if year is None:
        if st.dct is None:
            return Resolved("DATE", f"XXXX-{month:02d}-{day:02d}", "day", mod, None)
        year = an.month_year(st.dct, month, day, preposition_tense(st))
        anchor = "dct"
    d = an.safe_date(year, month, day)
    if d is None:
        return None
    st.narrative, st.narrative_sent = d, st.sent
    st.note_year(d.year)
    return Resolved("DATE", d.isoformat(), "day", mod if mod in ("START", "MID", "END") else None, anchor)


def numeric_day(text: str, st: State) -> Resolved | None:
    """'2025-04-26', '4/26/2025' (US order unless the first number is over 12)."""
    if "-" in text and text[:4].isdigit():
        d = an.safe_date(int(text[:4]), int(text[5:7]), int(text[8:10]))
        if d is None:
            return None
        if "T" in text:
            return Resolved("TIME", text[:16], "time")
        st.narrative, st.narrative_sent = d, st.sent
        return Resolved("DATE", d.isoformat(), "day")
    a, b, y = (int(x) for x in text.split("/"))
    if y < 100:
        y = two_digit_year(y, st.dct.year if st.dct else None)
    month, day = (a, b) if a <= 12 else (b, a)
    d = an.safe_date(y, month, day)
    if d is None:
        return None
    st.narrative, st.narrative_sent = d, st.sent
    return Resolved("DATE", d.isoformat(), "day")


def month(text: str, st: State) -> Resolved | None:
    """'March', 'June 2024', 'late November', 'last April', 'May this year'."""
    mod, rest = leading_mod(text)
    m = _month_in(text)
    if m is None:
        return None
    mod = mod if mod in ("START", "MID", "END") else None
    year = year_in(text, st.dct.year if st.dct else None)
    if year is not None:
        st.note_year(year)
        st.month, st.month_sent = date(year, m, 1), st.sent
        return Resolved("DATE", f"{year:04d}-{m:02d}", "month", mod)
    if st.dct is None:
        return Resolved("DATE", f"XXXX-{m:02d}", "month", mod)
    words = rest.split()
    if "last" in words[:1] or "past" in words[:1] or rest.endswith("last year"):
        year = st.dct.year if m < st.dct.month and not rest.endswith("last year") else st.dct.year - 1
    elif "next" in words[:1] or rest.endswith("next year"):
        year = st.dct.year if m > st.dct.month and not rest.endswith("next year") else st.dct.year + 1
    elif "this" in words[:1] or rest.endswith("this year"):
        year = st.dct.year
    else:
        year = an.month_year(st.dct, m, None, preposition_tense(st))
    st.month, st.month_sent = date(year, m, 1), st.sent
    return Resolved("DATE", f"{year:04d}-{m:02d}", "month", mod, "dct")


def year(text: str, st: State) -> Resolved | None:
    """'1998', 'mid-2019', 'the end of 1990', 'the year 2000', 'fiscal 1999', 'FY98'."""
    mod, _ = leading_mod(text)
    y = year_in(text, st.dct.year if st.dct else None)
    if y is None:
        m = re.search(r"(\d\d)\b", text)
        if m is None:
            return None
        y = two_digit_year(int(m.group(1)), st.dct.year if st.dct else None)
    st.note_year(y)
    return Resolved("DATE", f"{y:04d}", "year", mod if mod in ("START", "MID", "END") else None)


_SPELLED = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_SPELLED_TENS = {w: 10 * (i + 2) for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}


def spelled_year(text: str, st: State) -> Resolved | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000 (broadcast transcripts)."""
    words = re.sub(r"^the year ", "", norm(text)).replace("-", " ").replace(" and ", " ").split()
    if words[:2] == ["two", "thousand"]:
        century, rest = 2000, words[2:]
    else:
        century, rest = _SPELLED[words[0]] * 100, words[1:]
    if rest == ["hundred"]:
        rest = []
    n = sum(_SPELLED_TENS.get(w, _SPELLED.get(w, 0)) for w in rest)
    y = century + n
    st.note_year(y)
    return Resolved("DATE", f"{y:04d}", "year")


_SPELLED_YEAR = re.compile(r"(?:nineteen|eighteen)[\s-]+[a-z -]+$", re.I)


def spelled_month(text: str, st: State) -> Resolved | None:
    """'January nineteen ninety-seven' -> 1997-01, 'the winter of nineteen ninety-four' -> 1994-WI."""
    m = _SPELLED_YEAR.search(text)
    if m is None:
        return None
    y = spelled_year(m.group(0), st)
    if y is None:
        return None
    digits = text[: m.start()] + y.value
    return month(digits, st) if _month_in(digits) is not None else season(digits, st)


def week_of(text: str, st: State) -> Resolved | None:
    """'the week of March 6' -> the ISO week holding that day."""
    day = explicit_day(re.sub(r"^(?i:the\s+week\s+of\s+)", "", text), st)
    if day is None or not day.value[:1].isdigit():
        return Resolved("DATE", "XXXX-WXX", "week") if day is not None else None
    return Resolved("DATE", an.iso_week(date.fromisoformat(day.value)), "week", None, day.anchor)


def decade(text: str, st: State) -> Resolved | None:
    """'the 1990s' -> 199, "the '80s" -> 198, 'the early 2000s' -> 200 START."""
    mod, _ = leading_mod(re.sub(r"^(?i:the)\s+", "", text))
    m = re.search(r"(\d{3})0'?s", text)
    word = re.search(r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", text.lower())
    if word:
        tens = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties").index(word.group(1)) + 2
        value = f"{two_digit_year(tens * 10, st.dct.year if st.dct else None) // 10:03d}"
    elif m:
        value = m.group(1)
    else:
        m2 = re.search(r"'(\d)0s", text)
        if m2 is None:
            return None
        value = f"{two_digit_year(int(m2.group(1)) * 10, st.dct.year if st.dct else None) // 10:03d}"
    half = re.match(r"(?i)the\s+(first|second|last|latter)\s+half", text)
    if half:  # "the last half of the '80s": the decade, its end
        mod = "START" if half.group(1).lower() == "first" else "END"
    return Resolved("DATE", value, "decade", mod if mod in ("START", "MID", "END") else None)


_CENTURY_WORDS = {"first": 1, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def century(text: str, st: State) -> Resolved | None:
    """'the 20th century' -> 19; 'the twenty-first century' -> 20."""
    mod, _ = leading_mod(re.sub(r"^(?i:the)\s+", "", text))
    p = norm(text)
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", p)
    n = int(m.group(1)) if m else next((v for k, v in sorted(_CENTURY_WORDS.items(), key=lambda kv: -len(kv[0])) if k in p), None)
    if n is None:
        return None
    return Resolved("DATE", f"{n - 1:02d}", "century", mod if mod in ("START", "MID", "END") else None)


def season(text: str, st: State) -> Resolved | None:
    """'last fall' -> 1998-FA, 'the summer of 2019' -> 2019-SU, 'this spring'."""
    p = norm(text)
    if p.split()[0] == "the" and re.match(r"\s+of\s+(?!\d)", st.after):
        return None  # "the fall of Rome"
    code = next((c for w, c in lexicon().seasons.items() if re.search(rf"\b{w}\b", p)), None)
    if code is None:
        return None
    mod, _ = leading_mod(p)
    mod = mod if mod in ("START", "MID", "END") else None
    y = year_in(text, None)
    if y is not None:
        return Resolved("DATE", f"{y:04d}-{code}", "quarter", mod)
    if st.dct is None:
        return Resolved("DATE", f"XXXX-{code}", "quarter", mod)
    start = _SEASON_START[code]
    # the year in which the most recent such season began (winter begins in December)
    y = st.dct.year if st.dct.month >= start else st.dct.year - 1
    current = st.dct.month >= start and st.dct.month < start + 3 or (code == "WI" and st.dct.month <= 2)
    if "last" in p.split() or "past" in p.split():
        y = y - 1 if current else y
    elif "next" in p.split() or "coming" in p.split():
        y = y + 1
    elif "this" in p.split():
        y = st.dct.year if code != "WI" or st.dct.month >= 6 else st.dct.year - 1
    elif not current and st.tense == an.FUTURE:
        y += 1
    return Resolved("DATE", f"{y:04d}-{code}", "quarter", mod, "dct")


def weekday(text: str, st: State) -> Resolved | None:
    """'Tuesday' by tense from the DCT (or the narrative date); 'Friday morning' -> ...TMO; 'Tuesday, April 28'."""
    if _month_in(text) is not None and _day_in(text, True) is not None:
        r = explicit_day(re.sub(r"^\w+\.?,?\s+", "", text), st)
        return r
    shift = 0
    m_day = re.match(r"(?:the\s+)?day\s+(before|after)\s+", text, re.I)
    if m_day:  # "the day before last Tuesday"
        shift = -1 if m_day.group(1).lower() == "before" else 1
        text = text[m_day.end() :]
    words = norm(text).split()
    wd = next((weekday_number(w) for w in words if weekday_number(w) is not None), None)
    if wd is None:
        return None
    part = next((lexicon().parts_of_day[w] for w in words[1:] if w in lexicon().parts_of_day), None)
    base, anchor = st.narrative_anchor()
    if anchor == "narrative" and (
        st.narrative_sent != st.sent or (st.dct is not None and base is not None and (st.dct - base).days <= 7) or _RANGE_END.search(st.before)
    ):
        # a weekday follows the narrative only within the sentence that moved it; else it is the publication
        # week; the end of a range ("from Sept. 14 to Thursday") is read from the publication date too
        base, anchor = st.dct, "dct"
    if base is None:
        value = f"XXXX-WXX-{wd + 1}"
        return Resolved("TIME" if part else "DATE", value + (f"T{part}" if part else ""), "day", None, None)
    tense = st.tense
    if _CLOSED_SESSION.match(st.after):
        tense = an.PAST  # "Thursday's close", "Friday's closing price": a session that is over
    if words[0] == "the" and words[1:2] and words[1] in _BEFORE_WORDS + _AFTER_WORDS:
        # "the previous Friday", "the following Monday": counted from the last day the text named
        if st.last_day is not None and st.sent - st.last_day_sent <= ANAPHOR_REACH:
            base, anchor = st.last_day, "narrative"
        words = words[1:]
        words[0] = "last" if words[0] in _BEFORE_WORDS else "next"
    if words[0] == "last":
        tense = an.PAST
        base = base - timedelta(days=1)
    elif words[0] in ("next", "coming"):
        tense = an.FUTURE
        base = base + timedelta(days=1)
    d = an.weekday_date(base, wd, tense) + timedelta(days=shift)
    st.last_day, st.last_day_sent = d, st.sent
    if part:
        return Resolved("TIME", f"{d.isoformat()}T{part}", "time", None, anchor)
    return Resolved("DATE", d.isoformat(), "day", None, anchor)


_BEFORE_WORDS = ("previous", "preceding", "prior")
_AFTER_WORDS = ("following",)
_MOVABLE_MONTH = {"thanksgiving": 11, "labor": 9, "memorial": 5, "easter": 4, "holy": 4, "election": 11}


def holiday(text: str, st: State) -> Resolved | None:
    """Fixed and movable holidays ('Christmas', 'Thanksgiving') in the year the tense gives."""
    p = norm(text)
    fixed = lexicon().holidays
    y = year_in(text, None)
    base = st.dct
    if base is None and y is None:
        return None
    month_day = fixed.get(p) if p in fixed else fixed.get(p.split()[0])
    if month_day:
        mo, dd = (int(x) for x in month_day.split("-"))
        anchor = "dct" if y is None else None  # "Christmas 2019" says its year
        if y is None and base is not None:
            y = an.month_year(base, mo, dd, st.tense)
        assert y is not None
        return Resolved("DATE", f"{y:04d}-{mo:02d}-{dd:02d}", "day", None, anchor)
    yy = y if y is not None else an.month_year(base, _MOVABLE_MONTH.get(p.split()[0], 6), 25, st.tense) if base else 0
    if p.startswith("thanksgiving"):
        d = an.nth_weekday(yy, 11, 3, 4)
    elif p.startswith("labor"):
        d = an.nth_weekday(yy, 9, 0, 1)
    elif p.startswith("memorial"):
        d = an.nth_weekday(yy, 5, 0, -1)
    elif p.startswith("election"):  # US Election Day: the Tuesday after the first Monday of November
        d = an.nth_weekday(yy, 11, 0, 1) + timedelta(days=1)
    elif p.startswith("easter") or p == "holy week":
        d = an.easter(yy)
        if p.endswith("week"):  # Holy Week, "Easter week": the ISO week that ends on Easter Sunday
            return Resolved("DATE", an.iso_week(d), "week", None, "dct" if y is None else None)
    else:
        return None
    return Resolved("DATE", d.isoformat(), "day", None, "dct" if y is None else None)
