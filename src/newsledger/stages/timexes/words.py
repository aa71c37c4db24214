"""Reading the words inside a matched span: numbers, months, modifiers."""

from __future__ import annotations

import re

from newsledger.stages.timexes.lexicon import lexicon

_NUM_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")
_TENS_UNITS = re.compile(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)")
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Lower case with single spaces."""
    return _WS.sub(" ", text.strip().lower())


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation (with or without the period)."""
    return lexicon().months.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """0 (Monday) - 6 for a weekday name or abbreviation."""
    return lexicon().weekdays.get(word.lower().rstrip(".").removesuffix("'s"))


def number_value(phrase: str) -> float | None:
    """The number a phrase starts with ("three", "twenty-five", "1.5", "a"); None when vague ("several")."""
    p = norm(phrase)
    lex = lexicon()
    for vague in sorted(lex.vague_numbers, key=len, reverse=True):
        if p == vague or p.startswith(vague + " "):
            return None
    m = _NUM_TOKEN.match(p)
    if m:
        value = float(m.group().replace(",", ""))
        return value + 0.5 if p[m.end() :].startswith(" 1/2") else value
    m3 = re.match(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) (one|two|three|four|five|six|seven|eight|nine)\b", p)
    if m3:
        return float(lex.numbers[m3.group(1)] + lex.numbers[m3.group(2)])
    m2 = _TENS_UNITS.match(p)
    if m2:
        return float(lex.numbers[m2.group(1)] + lex.numbers[m2.group(2)])
    for w in sorted(lex.numbers, key=len, reverse=True):
        if p == w or p.startswith(w + " ") or p.startswith(w + "-"):
            return float(lex.numbers[w])
    return None


def leading_mod(text: str) -> tuple[str | None, str]:
    """The TIMEX3 mod of a leading modifier ("early", "the end of", "about", "more than") and the rest."""
    p = norm(text)
    lex = lexicon()
    for table in (lex.prefix_mods, lex.approx_mods):
        for w in sorted(table, key=len, reverse=True):
            for sep in (" ", "-"):
                if p.startswith(w + sep):
                    return table[w], p[len(w) + 1 :]
    return None, p


def two_digit_year(yy: int, pivot: int | None) -> int:
    """A four-digit year for '98 / 98: the century that puts it at most one year after ``pivot``."""
    base = pivot if pivot is not None else 2000
    year = (base // 100) * 100 + yy
    return year - 100 if year > base + 1 else year


def unit_code(word: str) -> str | None:
    """The lexicon code of a unit word (D, W, M, Y, ...)."""
    return lexicon().units.get(word.lower())
