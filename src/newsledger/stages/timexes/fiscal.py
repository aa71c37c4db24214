"""Business-calendar dates to TIMEX3: quarters, halves, fiscal years and reporting periods."""

from __future__ import annotations

import re

from newsledger.stages.timexes import anchor as an
from newsledger.stages.timexes.normalize import Resolved, State, year, year_in
from newsledger.stages.timexes.words import norm, two_digit_year

# How many sentences back "the year-earlier period" still finds the quarter it compares with (an earnings
# report names its quarter once, in the lead; the default reach is normalize.NARRATIVE_REACH).
PERIOD_REACH = 1000
_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}


def fiscal_year(text: str, st: State) -> Resolved | None:
    """'fiscal 1999' -> 1999; 'the current fiscal year' -> the DCT's year."""
    if re.search(r"\d", text):
        return year(text, st)
    if re.match(r"\s+(?:ended|ending)\b", st.after, re.I):
        return Resolved("DURATION", "P1Y", None)  # "the fiscal year ended Jan. 31": a twelve-month period
    if st.dct is None:
        return Resolved("DATE", "XXXX", "year")
    p = norm(text)
    off = -1 if re.search(r"\b(?:previous|latest|recent)\b", p) else 1 if "next" in p else 0  # "the latest fiscal year": the last closed
    return Resolved("DATE", f"{st.dct.year + off:04d}", "year", None, "dct")


def period(text: str, st: State) -> Resolved | None:
    """'the year-earlier period', 'the 1989 period': the quarter under discussion (a year back), else the year."""
    p = norm(text)
    explicit = year_in(text, None)
    back = 1 if re.search(r"year-earlier|year-ago|prior-year|year earlier|last year|a year", p) else 0
    # "the year-ago period" compares with the reporting quarter of the article, however far back it was named
    recent = st.recent_quarter(reach=PERIOD_REACH)
    if recent is None and re.match(r"the (latest|current|most recent) period", p):
        if st.dct is None:
            return None  # no reporting quarter under discussion and no date: nothing to resolve it to
        # no quarter named: the last one completed by the publication date (as "the latest quarter")
        y, q = divmod(st.dct.year * 4 + an.quarter_of(st.dct) - 2, 4)
        return Resolved("DATE", f"{y:04d}-Q{q + 1}", "quarter", None, "dct")
    if recent is not None:
        y = explicit if explicit is not None else recent[0] - back
        return Resolved("DATE", f"{y:04d}-Q{recent[1]}", "quarter", None, "narrative")
    if explicit is not None:
        return Resolved("DATE", f"{explicit:04d}", "year")
    if st.dct is None:
        return Resolved("DATE", "XXXX", "year")
    return Resolved("DATE", f"{st.dct.year - back:04d}", "year", None, "dct")


def quarter(text: str, st: State) -> Resolved | None:
    """'the third quarter' -> 1998-Q3, 'the year-earlier quarter', 'Q3 2024', 'the first half of 2019'."""
    p = norm(text)
    half = "half" in p
    m = re.search(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|final|last)\b(?=[ -](?:fiscal[ -])?(?:quarter|half))", p)
    if m and m.group(1) == "last" and not re.search(r"\bof\b|\d", p):
        m = None  # "last quarter" is the previous quarter; "the last quarter of 2024" is the fourth
    q = (2 if half else 4) if m and m.group(1) == "last" else _ORDINAL_Q[m.group(1)] if m else None
    code = re.search(r"\b(?:q([1-4])|([1-4])q|h([12]))\b", p)
    if code:
        q = int(code.group(1) or code.group(2) or code.group(3))
        half = code.group(3) is not None
    if half and q == 4:
        q = 2
    y = year_in(text, st.dct.year if st.dct else None)
    if y is None and code:
        m2 = re.search(r"(\d\d)\s*$", text)
        y = two_digit_year(int(m2.group(1)), st.dct.year if st.dct else None) if m2 else None
    earlier = bool(re.search(r"year[- ](?:earlier|ago)|prior[- ]year|last year|a year (?:earlier|ago)", p))
    later = "next year" in p
    anchor = None
    if y is None:
        if st.dct is None:
            letter = "H" if half else "Q"
            return Resolved("DATE", f"XXXX-{letter}{q}" if q else f"XXXX-{letter}X", "quarter")
        anchor = "dct"
        cur_q = an.quarter_of(st.dct)
        if q is None and half:
            cur_h = (cur_q + 1) // 2
            step = 1 if re.search(r"\b(next|coming)\b", p) else 0 if re.search(r"\b(this|current)\b", p) else -1
            y, h = divmod(st.dct.year * 2 + cur_h - 1 + step, 2)
            return Resolved("DATE", f"{y:04d}-H{h + 1}", "quarter", None, anchor)
        if q is None:
            recent = st.recent_quarter()
            if re.search(r"\b(this|current)\b", p):
                y, q = st.dct.year, cur_q
            elif re.search(r"\b(next|coming)\b", p):
                y, q = divmod(st.dct.year * 4 + cur_q, 4)
                q += 1
            elif re.search(r"\b(last|previous|past|latest)\b", p) and not re.search(r"year'?s", p) or recent is None:
                y, q = divmod(st.dct.year * 4 + cur_q - 2, 4)
                q += 1
            else:
                y, q = recent
        else:
            cur = (cur_q + 1) // 2 if half else cur_q
            y = st.dct.year if q <= cur or st.tense == an.FUTURE else st.dct.year - 1
        if earlier:
            y -= 1
        elif later:
            y += 1
    elif earlier:
        y -= 1
    if q is None:
        return Resolved("DATE", f"{y:04d}", "year", None, anchor)  # "the quarter of 1999"? only the year is known
    if half:
        return Resolved("DATE", f"{y:04d}-H{q}", "quarter", None, anchor)
    if not earlier and (st.dct is None or (y, q) <= (st.dct.year, an.quarter_of(st.dct))):
        # the quarter under discussion is a reported one: a forecast ("losses through the third quarter
        # of 1990") is not what "the year-ago period" compares with
        st.quarter, st.quarter_sent = (y, q), st.sent
    return Resolved("DATE", f"{y:04d}-Q{q}", "quarter", None, anchor)


def two_quarters(text: str, st: State) -> Resolved | None:
    """'the first two quarters of 1990' -> 1990-H1; 'the last two quarters of this year' -> the second half."""
    p = norm(text)
    half = 1 if re.search(r"\bfirst\b", p) else 2
    base = st.dct.year if st.dct else None
    y = year_in(text, base)
    if y is None and base is not None:
        y = base - 1 if "last year" in p else base + 1 if "next year" in p else base
    if y is None:
        return Resolved("DATE", f"XXXX-H{half}", "quarter")
    return Resolved("DATE", f"{y:04d}-H{half}", "quarter", None, None if re.search(r"\d{4}", p) else "dct")

