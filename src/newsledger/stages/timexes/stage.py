"""Temporal expressions normalised to TIMEX3 and anchored on the publication date (the timexes stage).

Rules over the text and the one spaCy parse (``ctx.doc``): ``stages/timexes/patterns`` finds spans,
``stages/timexes/normalize`` and ``relative`` give TIMEX3 values, ``anchor`` does the calendar arithmetic
and reads the tense of the governing verb. See docs/dates.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date

from spacy.attrs import IDX

from newsledger.document import Analysis, Timex
from newsledger.registry import Context, register
from newsledger.stages.timexes import fiscal
from newsledger.stages.timexes import normalize as nz
from newsledger.stages.timexes import references as ref
from newsledger.stages.timexes import relative as rel
from newsledger.stages.timexes.adjacent import with_neighbours
from newsledger.stages.timexes.anchor import PAST, clause_tense
from newsledger.stages.timexes.normalize import Resolved, State
from newsledger.stages.timexes.patterns import Candidate, find_candidates, select

Resolver = Callable[[str, State], Resolved | None]

RESOLVERS: dict[str, Resolver] = {
    "iso": nz.numeric_day,
    "numeric": nz.numeric_day,
    "mdy": nz.explicit_day,
    "dmy": nz.explicit_day,
    "weekday": nz.weekday,
    "day_before": nz.weekday,
    "then_current": ref.vague,
    "future": ref.future_units,
    "month": nz.month,
    "decade": nz.decade,
    "decade_half": nz.decade,
    "century": nz.century,
    "season": nz.season,
    "season_year": nz.season,
    "quarter": fiscal.quarter,
    "qcode": fiscal.quarter,
    "fiscal": fiscal.fiscal_year,
    "year": nz.year,
    "spelled_year": nz.spelled_year,
    "spelled_month": nz.spelled_month,
    "week_of": nz.week_of,
    "holiday": nz.holiday,
    "relday": rel.relative_day,
    "thisunit": rel.this_unit,
    "weekend": rel.weekend,
    "the_year": rel.the_year,
    "unit_end": rel.unit_end,
    "day_part": ref.day_part,
    "nth_day": ref.nth_day,
    "then_ref": ref.then_ref,
    "ago": rel.ago,
    "narrative": rel.this_unit,
    "duration": rel.duration,
    "long_adj": rel.long_adjective,
    "two_quarters": fiscal.two_quarters,
    "time": rel.time_of_day,
    "set": rel.set_expr,
    "vague": ref.vague,
    "vague_period": ref.vague_period,
    "vague_duration": ref.vague_duration,
    "recent": ref.recent,
    "period": fiscal.period,
}

# A bare year needs one of these words before it (or spaCy's DATE label) to count as a year:
# "in 1998", "since 2001"; "1998 students" does not.
YEAR_CUES = frozenset(
    ["in", "since", "by", "until", "till", "before", "after", "from", "to", "through", "during", "of", "and", "or", "between", "early", "late", "mid", "fiscal", "year", "summer", "spring", "fall", "autumn", "winter", "the", "end", "beginning", "start", "middle", "'s"]
)
_NOT_YEAR_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "FAC", "PRODUCT", "PERSON", "LAW"})
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "june", "april", "august"})
_HYPHEN_ADJ = re.compile(
    r"^(?:the|a|an)\s+(?=\S+-(?:second|minute|hour|day|week|month|year|decade|century)\b)|"
    r"^an?\s+(?=(?:\d|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred)\S*[\s-]+\w)",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s$")
# "The year-ago results": the article belongs to the noun the adjective modifies, like "the 30-year bond".
_ADJ_AGO_LEAD = re.compile(r"^the\s+(?=(?:year|quarter|month|week)-(?:earlier|ago)$)", re.I)
_LEAD_IN = re.compile(r"^in\s+(?=the\s)", re.I)
_QUARTER_ADJ_LEAD = re.compile(r"^(?:the|its|their|\w+'s|'s)\s+(?=(?:first|second|third|fourth|\w+)-quarter\b)", re.I)
# An owner is no part of the period: "its fourth quarter" -> "fourth quarter" (not "this year's quarter").
_OWNER_LEAD = re.compile(r"^(?!(?:this|last|next)\s+year's)(?:(?:the\s+)?[A-Za-z]+'s|its|their|our|his|her)\s+(?=\S)", re.I)
_ARTICLE_UNIT = re.compile(r"^(?:a|an)\s+(day|week|month|year|hour)$", re.I)
_SETS_FROM_ARTICLE = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H"}
# Patterns whose leading "last" may be the verb ("would last over a week"), not the adjective.
# Publication dates that anchor relative expressions: four-digit years with a millennium of room either way
# for date arithmetic (the readers accept years 1 to 9999; outside this range a document is treated as undated).
ANCHOR_RANGE = (date(1000, 1, 1), date(8999, 12, 31))
_LAST_VERB_KINDS = frozenset({"duration", "vague_period", "thisunit"})
# Words written in lower case in running text; capitalised inside a span they make it a title
# ("60 Minutes", "High Noon", ABC's "This Week").
_LOWER_WORDS = frozenset({
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "weekend",
    "month", "months", "quarter", "quarters", "year", "years", "decade", "decades", "century", "noon",
    "midnight", "morning", "afternoon", "evening", "night", "tonight", "today", "tomorrow", "yesterday",
})  # fmt: skip
# "the March for Life", "the March of the Mothers": a month followed by a named complement is a name.
_NAMED_MARCH = re.compile(r"^\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][a-z]")
# "soon after the vote", "as soon as talks begin": a signal tying an event to another one, not a time
# (TimeML annotates "soon" only as a vague future reference; "as soon as possible" is one).
_SOON_SIGNAL_AFTER = re.compile(r"^\s+(?:after|before|afterwards?|thereafter|enough\s+to)\b", re.I)
_AS_SOON_AS = re.compile(r"^\s+as\b", re.I)
# "he is 52 years old": an age is an attribute of a person, not a period of time (TimeBank: 0 of 4).
_AGE_AFTER = re.compile(r"^\s+old\b", re.I)
# "today's world", "today's youth": "today's" before a population or an era means nowadays, not the day.
_NOWADAYS_NOUNS = frozenset({
    "world", "youth", "society", "generation", "young", "children", "kids", "teenagers", "families",
    "economy", "culture", "standards", "terms", "dollars", "politics", "technology", "era", "age",
})  # fmt: skip
# "three quarters of the vote" is a fraction; "several quarters of losses" is time.
_FRACTION_OF = re.compile(r"^\s*of\s+(?:the|a|an|its|their|his|her|our|all|those|these|them|us|it|\d)\b", re.I)


class _Tokens:
    """Character offset -> token and sentence index, by binary search over the one parse."""

    def __init__(self, ctx: Context) -> None:
        self.doc = ctx.doc
        self.starts = ctx.doc.to_array(IDX).tolist() if len(ctx.doc) else []  # no Token objects made: 20% of the stage
        self.sent_starts = [s.start_char for s in ctx.doc.sents] if ctx.doc.has_annotation("SENT_START") else [0]

    def at(self, char: int):  # type: ignore[no-untyped-def]
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(0, i)] if len(self.doc) else None

    def sent(self, char: int) -> int:
        return bisect.bisect_right(self.sent_starts, char) - 1


def _keep(c: Candidate, text: str, toks: _Tokens) -> bool:
    """Token-level vetoes: modal 'may', the verb 'march', names, numbers that are not years, 'a second term'."""
    tok = toks.at(c.start)
    if tok is None:
        return True
    if c.kind == "month":
        mtok = next((t for t in _span_tokens(c, toks) if t.lower_.rstrip(".") in _AMBIGUOUS_MONTHS), None)
        if mtok is not None and (mtok.tag_ == "MD" or mtok.pos_ in ("VERB", "AUX") or mtok.ent_type_ in ("PERSON", "ORG")):
            return False
    if c.kind in ("mdy", "weekday") and tok.tag_ == "MD":
        return False
    if c.kind == "month" and " " not in c.text.strip() and _NAMED_MARCH.match(text[c.end : c.end + 24]):
        return False
    if _is_title(c, toks):
        return False
    if c.kind in ("weekday", "day_before") and any(t.ent_type_ in _NAME_LABELS for t in _span_tokens(c, toks)):
        return False  # "Fox News Sunday", "Bloody Sunday Inquiry": part of a name
    if c.kind == "set" and c.text.lower() == "daily" and tok.pos_ in ("NOUN", "PROPN"):
        return False  # "the party daily Granma" is a newspaper
    if c.kind == "year" and c.text[:1].isdigit():
        if tok.ent_type_ == "DATE":
            return True
        prev = toks.doc[tok.i - 1] if tok.i > 0 else None
        if tok.ent_type_ in _NOT_YEAR_LABELS and (prev is None or prev.lower_ not in ("in", "since", "of", "until", "by")):
            return False
        return prev is not None and prev.lower_ in YEAR_CUES
    if c.kind == "duration":
        low = c.text.lower()
        if re.search(r"\b(a|an|one)\s+second\b", low) or _FRACTION_OF.match(text[c.end : c.end + 12]) and "quarter" in low:
            return False
        if low.endswith(("years", "year", "months")) and _AGE_AFTER.match(text[c.end : c.end + 6]):
            return False
    if c.text.lower() == "noon" and text[max(0, c.start - 5) : c.start].lower() == "high ":
        return False  # "high noon comes today": the idiom for a decisive moment, not twelve o'clock
    if c.kind == "vague" and c.text.lower() == "soon":
        return _soon_is_time(c, text, tok)
    if c.kind == "relday" and c.text.lower() == "today" and text[c.end : c.end + 2] in ("'s", "’s"):
        m = re.match(r"\s*(\w+)", text[c.end + 2 : c.end + 24])
        return m is None or m.group(1).lower() not in _NOWADAYS_NOUNS
    return True


def _soon_is_time(c: Candidate, text: str, tok) -> bool:  # type: ignore[no-untyped-def]
    """'soon' is a vague future; a signal in 'soon after', 'as soon as X', and no present reference in a past clause."""
    after = text[c.end : c.end + 16]
    if _SOON_SIGNAL_AFTER.match(after):
        return False
    if _AS_SOON_AS.match(after) and text[max(0, c.start - 3) : c.start].lower() == "as ":
        return False
    return clause_tense(tok) != PAST


def _is_title(c: Candidate, toks: _Tokens) -> bool:
    """A lower-case time word capitalised after the first word of a span, in a sentence that is no headline."""
    if c.kind == "holiday" or not any(w[:1].isupper() and w.lower() in _LOWER_WORDS for w in c.text.split()):
        return False  # "Thanksgiving Day" is written so; a quick test before the token walk
    span = _span_tokens(c, toks)
    first = span[:1]
    if first and first[0].i > 0 and not first[0].is_sent_start:
        prev = toks.doc[first[0].i - 1]
        if not (prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start):
            first = []  # a capitalised first word counts only after another capitalised word ("High Noon")
    else:
        first = []
    caps = [t for t in [*first, *span[1:]] if t.lower_ in _LOWER_WORDS and t.text[:1].isupper()]
    if not caps:
        return False
    words = [t for t in caps[0].sent if t.is_alpha and len(t) > 3]
    return sum(t.text[:1].islower() for t in words) * 2 >= len(words)


def _span_tokens(c: Candidate, toks: _Tokens) -> list:  # type: ignore[type-arg]
    first = toks.at(c.start)
    if first is None:
        return []
    out = []
    for t in toks.doc[first.i :]:
        if t.idx >= c.end:
            break
        out.append(t)
    return out


def _tidy(c: Candidate) -> Candidate:
    """TimeBank spans: 'the 30-year bond' keeps '30-year', "Friday's" 'Friday', 'in the future' 'the future'."""
    start, end, text = c.start, c.end, c.text
    m = _POSSESSIVE.search(text)
    if m and c.kind != "decade":
        end -= len(m.group())
    m = _LEAD_IN.match(text) if c.kind == "vague" else _HYPHEN_ADJ.match(text) if c.kind == "duration" else None
    if m is None and c.kind == "quarter":
        m = _QUARTER_ADJ_LEAD.match(text) or _OWNER_LEAD.match(text)
    if m is None and c.kind == "ago":
        m = _ADJ_AGO_LEAD.match(text)
    if m:
        start += m.end()
    if (start, end) == (c.start, c.end):
        return c
    return Candidate(start, end, c.kind, c.text[start - c.start : end - c.start])


def find_timexes(text: str, dct: date | None, ctx: Context | None = None) -> list[Timex]:
    """All timexes of ``text`` with values anchored on ``dct`` (``ctx`` gives the parse for tense and vetoes)."""
    toks = _Tokens(ctx) if ctx is not None else None
    cands = find_candidates(text)
    if toks is not None:
        cands = [c for c in cands if _keep(c, text, toks)]
    if ctx is not None and ctx.analysis.removed:
        cands = [c for c in cands if not ctx.removed_at(c.start, c.end)]
    # a publication date too far out for date arithmetic (years 1 or 9999 pass the readers) anchors nothing:
    # relative expressions are then resolved as in an undated document
    st = State(dct=dct if dct is None or ANCHOR_RANGE[0] <= dct <= ANCHOR_RANGE[1] else None)
    out: list[Timex] = []
    for c in (_tidy(c) for c in select(cands)):
        try:
            timex = _resolve(c, text, toks, st)
        except (OverflowError, ValueError):  # arithmetic past year 9999 or before year 1 (e.g. "the next year" after 9999)
            continue
        if timex is not None:
            out.append(timex)
    return with_neighbours(out, text)


def _resolve(c: Candidate, text: str, toks: _Tokens | None, st: State) -> Timex | None:
    """The Timex of one candidate (None when it resolves to nothing)."""
    st.sent = toks.sent(c.start) if toks is not None else 0
    tok = toks.at(c.start) if toks is not None else None
    if tok is not None and c.kind in _LAST_VERB_KINDS and tok.lower_ == "last" and tok.pos_ in ("VERB", "AUX"):
        c = Candidate(c.start + 5, c.end, "duration", c.text[5:])  # "could last several months": the verb
        tok = toks.at(c.start) if toks is not None else None
    st.tense = clause_tense(tok) if tok is not None else None
    st.after = text[c.end : c.end + 24]
    st.before = text[max(0, c.start - 24) : c.start]
    r = _article_set(c, text) or _some_future_day(c, tok, toks) or RESOLVERS[c.kind](c.text, st)
    if r is None:
        return None
    if c.kind == "ago" and r.type == "DURATION":
        c = _without_signal(c)  # "a few days later": the duration is the timex, "later" its signal
    return Timex(c.start, c.end, c.text, r.type, r.value, r.precision, r.mod, r.anchor)


_SIGNAL_TAIL = re.compile(r"(?:\s+or\s+so)?\s+(?:ago|earlier|later|before|after|from\s+now|hence|back|previously)$", re.I)


def _without_signal(c: Candidate) -> Candidate:
    m = _SIGNAL_TAIL.search(c.text)
    return Candidate(c.start, c.start + m.start(), c.kind, c.text[: m.start()]) if m else c


def _some_future_day(c: Candidate, tok, toks: _Tokens | None) -> Resolved | None:  # type: ignore[no-untyped-def]
    """'will one day be', 'hopes to one day run': an unspecified future day (FUTURE_REF), not a length of one day."""
    if c.kind != "duration" or c.text.lower() != "one day" or tok is None or toks is None:
        return None
    nxt = toks.doc[tok.i + 2] if tok.i + 2 < len(toks.doc) else None
    prev = toks.doc[tok.i - 1] if tok.i > 0 else None
    modal = prev is not None and (prev.tag_ == "MD" or prev.lower_ == "to")  # "will one day", "hopes to one day"
    return Resolved("DATE", "FUTURE_REF", "vague") if modal or (nxt is not None and nxt.tag_ == "VB") else None


def _article_set(c: Candidate, text: str) -> Resolved | None:
    """'$5 a year', 'twice a day': a SET, not a duration."""
    m = _ARTICLE_UNIT.match(c.text)
    if c.kind != "duration" or m is None:
        return None
    before = text[max(0, c.start - 16) : c.start].rstrip().lower()
    if re.search(r"(\d|\b(?:once|twice|times|million|billion|dollars|cents|percent))$", before):
        return Resolved("SET", _SETS_FROM_ARTICLE[m.group(1).lower()], None)
    return None


@register("timexes", key="timexes", requires=("entities",))
def extract_timexes(ctx: Context) -> list[Timex]:
    """Every temporal expression of the article with its TIMEX3 value, precision and anchor."""
    return find_timexes(ctx.text, ctx.document.published, ctx)


def timex_in(analysis: Analysis, start: int, end: int) -> list[Timex]:
    """The timexes overlapping the character span [start, end), in text order."""
    return [t for t in analysis.timexes if t.start < end and start < t.end]


def clause_date(analysis: Analysis, start: int, end: int) -> Timex | None:
    """The date of a clause: its first DATE or TIME timex with a calendar value (not a vague or X one)."""
    for t in timex_in(analysis, start, end):
        if t.type in ("DATE", "TIME") and t.value[:1].isdigit():
            return t
    return None
