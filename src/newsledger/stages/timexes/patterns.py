"""Span patterns of temporal expressions: one precompiled regex per kind, found over the article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsledger.stages.timexes.lexicon import alternation, lexicon


@dataclass(frozen=True)
class Candidate:
    """A span that one pattern matched; ``kind`` names the pattern (and the normaliser that reads it)."""

    start: int
    end: int
    kind: str
    text: str


_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MONTH_BARE_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"  # only before a day or year
MON = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR}|{_MONTH_BARE_ABBR}(?=\s+\d))"
MON_NAMED = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)"
YEAR = rf"(?:{YEAR4}|'\d\d)(?![\d,]\d)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Tues\.|Wed\.|Thurs\.|Fri\.)"
PART = r"(?:morning|afternoon|evening|night)"
DAY_BEFORE = r"(?i:(?:the\s+)?day\s+(?:before|after))"  # "the day before last Tuesday"
DAY_KIND = r"(?:trading|business|working|straight|consecutive)"  # "eight trading days", "five straight days"
WEEKDAY_PLURAL = r"(?:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)"
TZ = r"(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|MSK|local\s+time)"
AMPM = r"(?:a\.m\.?|p\.m\.?|am\b|pm\b|A\.M\.|P\.M\.)"
NUMBER_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|"
    + alternation(lexicon().numbers)
    + ")"
)
VAGUE_NUM = alternation(lexicon().vague_numbers)
NUM = rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+(?:one|two|three|four|five|six|seven|eight|nine)\b|{NUMBER_WORDS}|{VAGUE_NUM})"
UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnight|months?|quarters?|years?|decades?|centuries|century)"
CAL_UNIT = r"(?:day|week|weekend|month|quarter|year|decade|century|fiscal\s+year)"
APPROX = alternation(lexicon().approx_mods)
PREMOD = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end|close|early\s+part|latter\s+part)\s+of|the\s+(?:early|mid|late))"
SEASON = alternation(lexicon().seasons)
ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|fiscal)"
QUARTER_MOD = (
    r"(?:this|last|next|latest|current|past|previous|recent|coming|same|comparable|year-earlier|year-ago|"
    r"prior-year|year\s+earlier|fiscal|calendar|the|its|their|\w+'s|'s)"
)
VAGUE = alternation(lexicon().vague)
SETS = alternation(lexicon().sets)
HOLIDAY = (
    r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Halloween|"
    r"Valentine's\s+Day|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Election\s+Day|Easter(?:\s+Sunday|\s+[Ww]eek)?|Holy\s+Week)"
)


_ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"


def _i(s: str) -> str:
    return f"(?i:{s})"


SPELLED_YEAR = _i(rf"(?:nineteen|eighteen)[\s-]+(?:{_TENS}(?:[\s-]+{_ONES})?|{_TEENS}|hundred)\b")
OF = _i("of")
SEASON_OF = _i(rf"(?:the\s+)?(?:{SEASON})\s+of")
FISCAL = _i("fiscal")
THE = _i("the")
CLOCK_WORDS = _i(r"in\s+the\s+(?:morning|afternoon|evening)|at\s+night|o'clock")
THE_YEAR = _i(r"the\s+year")
THIS_YEAR = _i(r"(?:this|last|next)\s+year")
HALF_OF = _i(r"the\s+(?:first|second|last|latter)\s+half\s+of")  # "the last half of the '80s"


# ordinal words up to the hundredth day of a strike, siege or offensive ("the 100th day" is written in digits)
ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|\w+teenth|(?:twen|thir|for|fif|six|seven|eigh|nine)tieth"
)
WEEKDAY_MOD = _i(r"last|next|this|coming|past|early|late|the\s+(?:previous|preceding|prior|following)")


# (kind, regex). The order breaks ties between spans of the same length: earlier wins.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?\b"),
    ("numeric", r"(?<![\d/.])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])"),
    ("weekday", rf"(?:{WEEKDAY_MOD}\s+)?{WEEKDAY}(?:'s)?(?:\s+{_i(PART)})?"
     rf"(?:,?\s+{MON}\s+{DAYNUM}(?:,?\s+{YEAR})?)?(?!\w)"),
    ("day_before", rf"{DAY_BEFORE}\s+(?:{_i(r'last|next|this|coming|past|early|late')}\s+)?{WEEKDAY}(?:'s)?(?:\s+{_i(PART)})?"
     rf"(?:,?\s+{MON}\s+{DAYNUM}(?:,?\s+{YEAR})?)?(?!\w)"),
    ("mdy", rf"(?:{_i(PREMOD)}[\s-]+)?{MON}\s+{DAYNUM}(?:,?\s+{YEAR})?(?![\w-])"),
    ("dmy", rf"\b(?:{_i('the')}\s+)?{DAYNUM}\s+(?:{_i('of')}\s+)?{MON}(?:,?\s+{YEAR})?(?!\w)"),
    ("month", rf"(?:(?:{_i(PREMOD)}|{_i(r'this|last|next|past|coming')})[\s-]+)?"
     rf"{MON_NAMED}(?!\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s*\d{{3}}))(?:,?\s+(?:{_i('of')}\s+)?{YEAR}|\s+{_i(r'this|last|next')}\s+{_i('year')})?(?!\w)"),
    ("decade", _i(r"the\s+(?:early\s+|mid-?|late\s+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")),
    ("decade", rf"(?:{_i('the')}\s+)?(?:{_i(r'early|mid|late')}[\s-]+)?(?:(?:1[5-9]|20)\d0'?s|'\d0s)\b"),
    ("decade_half", rf"{HALF_OF}\s+(?:{_i('the')}\s+)?(?:(?:1[5-9]|20)\d0'?s|'\d0s)\b"),
    ("century", rf"(?:{_i('the')}\s+)?(?:{_i(r'early|mid|late')}[\s-]+)?"
     rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_i(r'(?:twenty-)?first|nineteenth|twentieth|eighteenth')})[\s-]+{_i('century')}"),
    ("season", _i(rf"(?:(?:{PREMOD})\s+)?(?:this|last|next|past|coming|the|early|late|mid)[\s-]+(?:{SEASON})")
     + rf"(?:(?:\s+{OF})?\s+{YEAR4})?(?!\w)"),
    ("season", _i(rf"(?:{SEASON})") + rf"(?:\s+{OF})?\s+{YEAR4}(?!\w)"),
    ("season_year", rf"\b{YEAR4}\s+{_i(SEASON)}\b"),
    ("quarter", _i(rf"(?:(?:{PREMOD})\s+)?(?:(?:{QUARTER_MOD})\s+)*") + rf"(?:(?:{FISCAL}\s+)?{YEAR4}(?:'s)?\s+)?"
     + _i(rf"(?:(?:{QUARTER_MOD})\s+)*{ORD}[\s-]+(?:fiscal[\s-]+)?(?:quarter|half|quarter-century)")
     + rf"(?:\s+{OF}\s+(?:{FISCAL}\s+)?(?:{YEAR4}|{THIS_YEAR})|\s+{YEAR4})?\b"),
    # "the first two quarters of 1990" is that year's first half
    ("two_quarters", _i(r"(?:the\s+)?(?:first|last|final|second)\s+two\s+(?:fiscal\s+)?quarters\s+of\s+(?:fiscal\s+)?")
     + rf"(?:{YEAR4}|{THIS_YEAR})\b"),
    ("quarter", _i(r"the\s+(?:(?:latest|current|past|previous|recent|same|comparable|year-earlier|year-ago|prior-year)\s+)*quarter\b(?!-to-)(?:\s+a\s+year\s+(?:ago|earlier))?")),
    ("quarter", _i(r"(?:this|last|next|the\s+(?:latest|current|previous))\s+quarter\b")),
    ("quarter", _i(r"(?:(?:this|last|next)\s+year's|the\s+(?:year-earlier|year-ago|prior-year))\s+quarter\b")),
    ("period", _i(r"the\s+(?:year-earlier|year-ago|same|comparable|corresponding|prior-year|year\s+earlier)\s+period"
                  r"(?:\s+(?:last\s+year|a\s+year\s+(?:earlier|ago)))?\b")),
    ("period", _i(r"the\s+") + rf"{YEAR4}" + _i(r"\s+(?:period|quarter)\b")),
    ("period", _i(r"the\s+(?:latest|current|most\s+recent)\s+period\b")),
    ("qcode", r"\b(?:Q[1-4]|[1-4]Q|H[12])(?:\s+|/|-)?(?:FY)?(?:'?\d\d|\d{4})?\b"),
    ("fiscal", _i(r"(?:the\s+)?(?:fiscal|calendar|financial)(?:\s+year)?|FY") + rf"\s*(?:{YEAR4}|'\d\d|\d\d)(?:[-/](?:\d{{4}}|\d\d))?\b"),
    ("fiscal", _i(r"the\s+(?:current\s+|previous\s+|next\s+|latest\s+|most\s+recent\s+)?(?:fiscal|calendar|financial)\s+year\b")),
    ("week_of", _i(r"the\s+week\s+of\s+") + rf"{MON}\s+{DAYNUM}(?:,?\s+{YEAR})?(?!\w)"),
    ("spelled_month", rf"(?:{MON_NAMED}|{SEASON_OF})\s+{SPELLED_YEAR}"),
    ("spelled_year", _i(rf"(?:the\s+year\s+)?(?:nineteen|eighteen)[\s-]+(?:{_TENS}(?:[\s-]+{_ONES})?|{_TEENS}|hundred)\b"
                        rf"|the\s+year\s+two\s+thousand(?:\s+(?:and\s+)?(?:{_TEENS}|{_ONES}|{_TENS}(?:[\s-]+{_ONES})?))?\b")),
    ("year", rf"(?:{_i(PREMOD)}[\s-]+|{THE_YEAR}\s+|(?<![\d$€£.,/-])){YEAR4}(?!\d|,\d|\.\d|\s*(?:%|percent|-\d))"),
    # "post-1959 politics", "pre-1990 levels": the year before or after which (TimeML tags the whole word)
    ("year", rf"(?<![\w-]){_i('(?:post|pre)-')}{YEAR4}(?!\d|,\d|\.\d|-\d)"),
    ("relday", _i(rf"(?:(?:early|late|later|earlier)\s+)?(?:(?:the\s+day\s+(?:before|after)\s+)?(?:yesterday|today|tomorrow)"
                  rf"(?:\s+{PART})?|tonight|last\s+night|this\s+{PART}|overnight|mid[-\s]?afternoon(?:\s+yesterday)?)\b")),
    ("thisunit", _i(rf"(?:(?:earlier|later|early|late)\s+)?(?:the\s+|that\s+(?=same\b))?(?:this|last|next|past|previous|coming|current|following|same)\s+"
                    rf"{CAL_UNIT}(?:'s)?\b")),
    ("weekend", _i(r"the\s+weekend\b")),
    ("the_year", _i(r"the\s+year\b(?![\s-]+(?:(?:earlier|ago|before|after|end|two|nineteen|eighteen)\b|\d))(?!-|'s)")),
    ("unit_end", _i(r"(?:around\s+)?(?:the\s+)?(?:year[\s-]end|year's\s+end|end\s+of\s+the\s+(?:year|month|week|quarter))\b")),
    ("unit_end", _i(r"(?:earlier|later)\s+in\s+the\s+(?:day|week|month|year)\b")),
    ("unit_end", _i(r"the\s+(?:full|entire|whole)\s+year\b")),
    ("duration", _i(r"the\s+(?:days|weeks|months|years)\s+ahead\b")),
    # "a day-long meeting", "the decades-long feud", "a two-week-long strike": a duration as an adjective
    ("long_adj", _i(rf"(?<![\w-])(?:{NUM}-)?(?:hour|day|week|month|year|decade|century)s?-long\b")),
    ("ago", _i(rf"(?:(?:{APPROX})\s+)?(?:{NUM}|a\s+half)[\s-]+(?:(?:and\s+a\s+half|more|{DAY_KIND})\s+)?{UNIT}\s+"
               rf"(?:or\s+so\s+)?(?:ago|earlier|later|before|from\s+now|hence|back|previously)\b")),
    ("ago", _i(r"(?:the\s+)?(?:year|quarter|month|week)[\s-](?:earlier|ago)(?:\s+(?:quarter|period|month|year|level))?\b")),
    ("duration", _i(r"(?:the\s+)?(?:coming|next|past|last)\s+(?:years|months|weeks|days|decades)\b")),
    ("vague_period", _i(r"(?:the\s+)?(?:past|last|previous)\s+(?:few|several)\s+(?:years|months|weeks|days|quarters|decades)\b")),
    ("recent", _i(r"recent\s+(?:years|months|weeks|days|quarters|decades)\b")),
    # "placed orders in the morning" after "Friday": a part of the day the text is at (the "in" is a signal)
    ("day_part", _i(rf"(?:(?<=\bin\s)|(?<=\bduring\s))the\s+{PART}\b")),
    # "today is the eighth day of the strike": the ordinal day of a running event is the publication day
    ("nth_day", _i(rf"(?:(?<=\bis\s)|(?<=['’]s\s))the\s+(?:{ORDINAL_WORDS}|\d+(?:st|nd|rd|th))\s+day(?=\s+of\b)")),
    ("narrative", _i(rf"(?:the\s+(?:previous|following|next|same|preceding|prior)\s+(?:day|week|weekend|month|year|{PART})|"
                     rf"the\s+(?:day|night|week|month|year)\s+(?:before|after|earlier|later)|that\s+(?:day|night|week|month|quarter|year|{PART}))\b")),
    ("duration", _i(rf"(?:(?:the|a|an)\s+)?(?:(?:past|last|next|first|previous|coming|following|final|latest|remaining|entire|full|whole|same|initial)\s+)?"
                    rf"(?:(?:{APPROX})\s+)?{NUM}(?:\s+(?:or|to|and)\s+{NUM}|\s*-\s*\d+)?[\s-]+(?:(?:more|additional|further|{DAY_KIND})\s+)?"
                    rf"{UNIT}(?:\s+and\s+a\s+half)?(?!-old)\b")),
    ("duration", _i(r"(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bover\s)|(?<=\bwithin\s)|(?<=\bfor\s\s))(?:years|months|weeks|days|decades|hours|minutes|centuries)\b")),
    # "over the years", "in the years that followed": an unspecified stretch of years (TimeBank PXY)
    ("duration", _i(r"(?:(?<=\bover\s)|(?<=\bin\s)|(?<=\bduring\s)|(?<=\bthrough\s))the\s+(?:years|decades)\b")),
    # "for a while", "for some time": a duration of unknown length (TIMEX3 PXX)
    ("vague_duration", _i(r"(?:(?<=\bfor\s)|(?<=\bafter\s)|(?<=\bin\s))(?:a\s+(?:short\s+|long\s+)?while|some\s+time)\b")),
    ("duration", _i(r"(?:half\s+an?\s+(?:hour|day|year|century|decade)|a\s+(?:year|day|month)\s+and\s+a\s+half)\b")),
    ("time", rf"(?:{_i(APPROX)}\s+)?\b(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*{AMPM}(?:,?\s+{TZ})?"),
    ("time", rf"\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s+{TZ}|\s+{_i('hours')})"),
    ("time", rf"(?:{_i(APPROX)}\s+)?\b(?:[01]?\d)\s+{CLOCK_WORDS}"),
    ("time", _i(r"\b(?:noon|midday|midnight|mid-?morning|mid-?day)\b")),
    ("holiday", rf"{HOLIDAY}(?:,?\s+{YEAR4})?\b"),
    ("set", _i(rf"\b(?:{SETS})\b|\b(?:every|each)\s+(?:other\s+)?(?:{NUM}\s+)?(?:{UNIT}|{PART})\b|\bper\s+(?:day|week|month|year|hour)\b")),
    ("set", rf"\b{_i(r'every|each')}\s+(?:{WEEKDAY}|{MON_NAMED})(?!\s+\d)\b"),
    ("set", rf"\b(?:{WEEKDAY_PLURAL}(?:\s+{_i(PART)}s)?|{WEEKDAY}\s+{_i(PART)}s)\b"),
    ("vague", _i(rf"\b(?:{VAGUE})\b")),
    ("then_current", _i(r"\bthen[\s-]current\b")),
    # "terminate on Nov. 30. Until then, ...": "then" names the date before it (not "since then", a span)
    ("then_ref", _i(r"(?:(?<=\buntil\s)|(?<=\btill\s)|(?<=\bby\s))then\b")),
    ("future", _i(r"\bfuture\s+(?:days|weeks|months|quarters|years|decades|generations)\b")),
)


_UNIT_TRIGGER = r"second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur|half"
# Expensive patterns only run near a word they cannot match without (a speed-up, not a filter).
# Triggers are matched against the lower-cased text.
TRIGGERS: dict[str, str] = {
    "duration": _UNIT_TRIGGER,
    "ago": _UNIT_TRIGGER,
    "set": _UNIT_TRIGGER + r"|daily|weekly|monthly|annually|yearly|hourly|nightly|every|each|per",
    "vague_period": _UNIT_TRIGGER,
    "vague_duration": r"while|some\s+time",
    "recent": _UNIT_TRIGGER,
    "quarter": r"quarter|half",
    "decade_half": r"half\s+of",
    "two_quarters": r"two\s+(?:fiscal\s+)?quarters",
    "long_adj": r"-long\b",
    "period": r"period|quarter",
    "the_year": r"the\s+year",
    "week_of": r"week\s+of",
    "then_current": r"then[\s-]current",
    "then_ref": r"(?:until|till|by)\s+then",
    "future": r"future",
    "day_before": r"day\s+(?:before|after)",
    "spelled_month": r"nineteen|eighteen",
    "season": r"spring|summer|fall|autumn|winter",
    "century": r"century",
    "day_part": r"morning|afternoon|evening|night",
    "nth_day": r"day\s+of",
    "time": r"a\.?m\b|p\.?m\b|noon|midday|mid-?day|midnight|morning|evening|afternoon|night|o'clock|\d:\d\d",
}
# How far before / after a trigger word a match may start / end (the longest prefixes are
# "the past several hundred", "more than"; the longest tails "and a half", "ago", "of fiscal 1999").
TRIGGER_BACK, TRIGGER_FORWARD = 80, 48


@lru_cache(maxsize=1)
def compiled() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """The patterns (and their triggers), compiled once."""
    # no span starts inside a word ("early 2025" must not be found in "Nearly 2025 people")
    return tuple(
        (kind, re.compile(r"(?<![A-Za-z0-9])(?:" + rx + ")"), re.compile(TRIGGERS[kind]) if kind in TRIGGERS else None)
        for kind, rx in PATTERNS
    )


def _windows(trigger: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        s, e = max(0, m.start() - TRIGGER_BACK), min(len(text), m.end() + TRIGGER_FORWARD)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def find_candidates(text: str) -> list[Candidate]:
    """Every pattern match over ``text`` (overlapping; the stage picks among them)."""
    out: list[Candidate] = []
    low = text.lower()
    cache: dict[str, list[tuple[int, int]]] = {}
    for kind, rx, trigger in compiled():
        if trigger is None:
            windows = [(0, len(text))]
        else:
            windows = cache.get(trigger.pattern) or cache.setdefault(trigger.pattern, _windows(trigger, low))
        seen: set[tuple[int, int]] = set()
        for ws, we in windows:
            for m in rx.finditer(text, ws, we):
                s, e = m.span()
                while e > s and text[e - 1] in " \t\n-,":
                    e -= 1
                if e > s and (s, e) not in seen:
                    seen.add((s, e))
                    out.append(Candidate(s, e, kind, text[s:e]))
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring the longer span, then the earlier pattern."""
    order = {kind: i for i, (kind, _) in enumerate(PATTERNS)}
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), order.get(c.kind, 99), c.start))
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    import bisect

    for c in ranked:
        i = bisect.bisect_left(occupied, (c.start, c.start))
        if i > 0 and occupied[i - 1][1] > c.start:
            continue
        if i < len(occupied) and occupied[i][0] < c.end:
            continue
        occupied.insert(i, (c.start, c.end))
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)
