"""Calendar arithmetic, TIMEX3 value formatting and the tense of the clause governing a timex."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"

# Verbs whose complement is a future event ("is expected to meet Friday", "plans to vote in March").
FUTURE_GOVERNORS = frozenset({"expect", "schedule", "plan", "due", "intend", "aim", "hope", "prepare", "slate", "ready", "set"})
# Verbs that move a deadline: "postponed until Tuesday", "extended its offer to Nov. 6" name a date
# after the act even in a past clause.
DEFERRAL_VERBS = frozenset({"postpone", "delay", "defer", "extend", "adjourn", "give", "grant", "push", "move", "reschedule"})
# "is continuing to try", "are beginning to sell": an aspectual verb tells how an action goes on now, not
# an intention ("is trying to sell by April", "are preparing to vote Friday" look ahead).
ASPECTUAL_VERBS = frozenset({"continue", "keep", "begin", "start", "cease", "stop"})
DEADLINE_PREPS = frozenset({"until", "till", "to", "through"})
MODALS = frozenset({"would", "might", "may", "can", "'d"})  # + infinitive: a later event ("could" is often past ability)
# How far up the dependency tree a timex looks for its governing verb (a date inside a noun phrase
# inside a prepositional phrase is three hops from the verb; "on the night of Oct. 23" is four, and
# "since shortly after the Oct. 23 attack" five, counting the adverb; TimeBank error analysis).
MAX_HOPS = 6
# Dependencies of a bare participle clause whose time is its head verb's ("rose, climbing to ...").
PARTICIPLE_DEPS = frozenset({"advcl", "conj", "xcomp"})
# A past clause may still name a date this close ahead ("the offer, extended to Nov. 20, ..."): TimeBank.
PAST_GRACE_MONTHS = 2
# Without a tense a partial date is the next occurrence when it is at most this far ahead, else the last one.
NO_TENSE_AHEAD_MONTHS = 6


def iso_week(d: date) -> str:
    """ISO week of a day, e.g. ``1998-W10``."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: date) -> int:
    """Calendar quarter (1-4) of a day."""
    return (d.month - 1) // 3 + 1


def add_months(d: date, months: int) -> date:
    """``d`` shifted by whole months, the day clipped to the month's length."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def safe_date(y: int, m: int, d: int) -> date | None:
    """A date, or None when the parts are not a real day (31 April)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def shift(d: date, unit: str, n: int) -> tuple[str, str]:
    """The (value, precision) of the calendar unit ``n`` units from ``d`` (negative: earlier)."""
    if unit == "D":
        return (d + timedelta(days=n)).isoformat(), "day"
    if unit == "W":
        return iso_week(d + timedelta(weeks=n)), "week"
    if unit == "WE":
        return iso_week(d + timedelta(weeks=n)) + "-WE", "week"
    if unit == "M":
        return add_months(d, n).strftime("%Y-%m"), "month"
    if unit == "Q":
        q = d.year * 4 + quarter_of(d) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}", "quarter"
    if unit == "Y":
        return f"{d.year + n:04d}", "year"
    if unit == "DE":
        return f"{(d.year // 10 + n):03d}", "decade"
    if unit == "CE":
        return f"{(d.year // 100 + n):02d}", "century"
    raise ValueError(f"unknown calendar unit {unit!r}")


def weekday_date(anchor: date, weekday: int, tense: str | None) -> date:
    """The day named ``weekday`` (0 = Monday) nearest ``anchor`` in the direction the tense gives.

    Past: the most recent such day on or before the anchor; future: the next one after it (the anchor
    itself when it is that day); present: the nearer of the two, ties going to the past; no tense:
    the past one (news mostly reports what happened; in TimeBank 32 of 36 weekdays in clauses
    without a tense are on or before the DCT).
    """
    back = (anchor.weekday() - weekday) % 7
    fwd = (weekday - anchor.weekday()) % 7
    if tense == FUTURE:
        return anchor + timedelta(days=fwd)
    if tense == PRESENT:
        return anchor - timedelta(days=back) if back <= fwd else anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back)


def month_year(anchor: date, month: int, day: int | None, tense: str | None) -> int:
    """The year of a month (and day) given without a year.

    Future clause: the next occurrence (this month included). Past clause: the last occurrence,
    unless the month is at most PAST_GRACE_MONTHS ahead ("was set for Nov. 20" written on Nov. 2).
    No tense: the next occurrence when at most NO_TENSE_AHEAD_MONTHS ahead, else the last one.
    (Measured on TimeBank partial dates: past clauses reach up to 11 months back, future ones up to
    6 months ahead. PAST_GRACE_MONTHS is the best of 0-4 on TimeBank+AQUAINT; for
    NO_TENSE_AHEAD_MONTHS 4 scores 0.002 better there than 6, but 6 is right for "the November
    election" in the summer articles of an election year, the common case in today's news.)
    """
    def offset(y: int) -> float:
        months = (y - anchor.year) * 12 + month - anchor.month
        return months + ((day - anchor.day) / 31 if day else 0.0)

    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if month == anchor.month and not day:
        return anchor.year
    if tense == FUTURE:
        return min((y for y in years if offset(y) >= 0), key=offset)
    if tense == PAST:
        ahead = [y for y in years if 0 < offset(y) <= PAST_GRACE_MONTHS]
        if ahead:
            return ahead[0]
        return max((y for y in years if offset(y) <= 0), key=offset)
    ahead = [y for y in years if 0 < offset(y) <= NO_TENSE_AHEAD_MONTHS]
    if ahead:
        return ahead[0]
    return max((y for y in years if offset(y) <= 0), key=offset)


def add_workdays(d: date, n: int) -> date:
    """``n`` working days (Monday-Friday) after ``d`` (before it when negative)."""
    step = 1 if n >= 0 else -1
    for _ in range(abs(n)):
        d += timedelta(days=step)
        while d.weekday() >= 5:
            d += timedelta(days=step)
    return d


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` of a month (n = -1: the last one), e.g. Thanksgiving = 4th Thursday of November."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    return date(year, month, (h + ell - 7 * m + 114) % 31 + 1)


def _verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for a in auxes:
        low = a.lower_
        if low in ("will", "'ll", "shall", "wo"):
            return FUTURE
        if low == "going" or (low in ("is", "are", "am", "'s", "'re") and verb.tag_ == "VBG" and _has_to_child(verb) and verb.lemma_ not in ASPECTUAL_VERBS):
            return FUTURE
    lows = {a.lower_ for a in auxes}
    if lows & MODALS:
        return PAST if "have" in lows and verb.tag_ == "VBN" else FUTURE
    if verb.lemma_ in FUTURE_GOVERNORS and verb.tag_ != "VBD" and (verb.tag_ != "VBN" or auxes):
        return FUTURE  # "is scheduled for Friday", "are expected Tuesday" (not "planned on Friday")
    if verb.lemma_ in FUTURE_GOVERNORS and verb.tag_ == "VBD" and any(c.dep_ == "dobj" for c in verb.children):
        return PRESENT  # "planned a rally on Saturday": a past plan for a day on either side of today
    for a in auxes:
        if a.tag_ in ("VBD",) or a.lower_ in ("had", "did", "was", "were"):
            return PAST
        if a.lower_ in ("has", "have", "'ve") and verb.tag_ == "VBN":
            return PAST
    if verb.tag_ == "VBG" and lows & {"has", "have", "'ve"} and "been" in lows:
        return PAST  # "have been searching since March": the perfect progressive started in the past
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and verb.dep_ != "amod"):
        return PAST
    if verb.tag_ in ("VBZ", "VBP"):
        return PRESENT
    return None


def _has_to_child(verb: Token) -> bool:
    return any(c.dep_ == "xcomp" for c in verb.children)


def clause_tense(token: Token) -> str | None:
    """PAST, PRESENT or FUTURE of the verb governing ``token`` (None when unknown).

    Walks up the dependency tree to the first verb; an infinitive under a future-oriented verb
    ("expected to arrive", "plans to meet") counts as future.
    """
    t = token
    deadline = False
    if token.i >= 2 and token.doc[token.i - 2].lower_ in ("soon", "early") and token.doc[token.i - 1].lower_ == "as":
        return FUTURE  # "as soon as Tuesday", "as early as March"
    for _ in range(MAX_HOPS):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "amod":
            if deadline and t.lemma_ in DEFERRAL_VERBS:
                return FUTURE
            tense = _verb_tense(t)
            if tense is None and t.tag_ == "VB" and t.dep_ == "xcomp" and _is_to_infinitive(t) and t.head.lemma_ == "be":
                return FUTURE  # "is to resume trading Tuesday": be + to-infinitive is an arrangement (not the
                # subject of "be": "the first countries to join on Friday were ...")
            if tense == FUTURE and t.lemma_ in FUTURE_GOVERNORS and any(c.lower_ == "had" for c in t.children):
                return PAST  # "had been due to expire Friday": the plan lay before the past
            if tense is None and t.tag_ == "VB" and t.head.lemma_ in FUTURE_GOVERNORS and _had_near(t.head):
                return PAST
            if tense is None and t.tag_ == "VB" and any(c.tag_ == "MD" for c in t.children):
                return None  # "could change", "should end": no time direction
            if tense is None and t.tag_ == "VB":
                head = t.head
                if head is not t and head.lemma_ in FUTURE_GOVERNORS:
                    return FUTURE
                if any(c.lower_ in ("will", "'ll", "shall") for c in t.children):
                    return FUTURE
                if head is not t and head.pos_ in ("VERB", "AUX"):
                    return _verb_tense(head) if _verb_tense(head) != PRESENT else PRESENT
            if tense is None and t.lemma_ in FUTURE_GOVERNORS:
                return FUTURE
            if tense is None and t.tag_ in ("VBG", "VBN") and t.dep_ in PARTICIPLE_DEPS and t.head is not t:
                t = t.head  # "has swung, climbing to a peak in June": a bare participle takes its head's tense
                continue
            return tense
        if t.head is t:
            break
        deadline = deadline or (t.dep_ == "pobj" and t.head.lower_ in DEADLINE_PREPS)
        t = t.head
    return None


def _had_near(gov: Token) -> bool:
    """'had' on the governor or, for 'had been due', on the verb it complements."""
    return any(c.lower_ == "had" for c in (*gov.children, *gov.head.children))


def _is_to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
