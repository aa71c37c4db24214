"""Ceiling analysis: how much of the timexes stage's TimeML error is the gold contradicting the issue or the other part.

Usage: PYTHONPATH=src python scripts/timeml_conflicts.py ../shared/data/timebank [--examples 2] [--cache FILE]

Runs the stage once (or reads ``--cache``), classifies every error (wrong value, false alarm, miss) by the
pattern rules below and prints, per part (TimeBank, AQUAINT), how many errors fall in each class and what the
value F1 would be if exactly the conflict cases were scored as correct: a wrong value counts as right, a false
alarm counts as a found timex (the gold lacks a timex the rules require), a miss is dropped from the gold (the
gold holds a timex the other part does not annotate). Classes, first match wins:

issue: the issue's explicit requirements
  vague_ref       now / currently / current -> PRESENT_REF, recently / the past -> PAST_REF, soon / the future ->
                  FUTURE_REF: we give that reference and the gold has none (or another value for the same span)
  month_name      "In March" has month precision: a bare month name we give as YYYY-MM, the gold as a day,
                  a duration or another shape
  iso_week        last / this / next week is the ISO week before / of / after the DCT: we give exactly that week,
                  the gold another value (1989-WXX, a month, a day, P1W, another week)
  weekday_tense   a weekday name resolved by tense lies within six days of the DCT and is that weekday: ours
                  does, the gold date is a week or more away or another weekday (also inside "9 a.m. Tuesday")
other: the other part annotates the same expression our way
  day_part        "Friday night": we give the day + TNI/TMO/...; the gold the same day alone or with another part
  x_year          a year (or "a decade ago") the gold writes 1968-XX / 1994-XX-XX where we write 1968
  x_decade        a decade the gold writes 199X where we write 199
  weekend         "the weekend": we give the ISO week's weekend, the gold P2D or a day
  ago_duration    "four decades ago": we give a date, the gold a duration (the other part dates most "ago"s)
  same_expression a false alarm whose expression (weekdays, months and numbers generalised) the other part
                  annotates in at least two thirds of at least MIN_OCCURRENCES uses (not inside a name, not "today's"
                  meaning nowadays); a missed vague reference (PAST_REF, PXY, ...) it annotates in at most a third
ext: our reading of the issue beyond its explicit list (a second ceiling counts these too)
  calendar_unit   last / this / next month or year is that calendar month or year (the design table's "next
                  month" -> 2025-05): we give it, the gold a duration, a day, a quarter or another month
  precision       a value has the precision the text gives (as "In March" has month precision): the gold adds a
                  month or a day the text does not say ("in 1992" = 1992-05-10, "a year ago" = 1988-11)
slip: the gold contradicts the number in its own span ("13 years" = P12Y, "six months" = P6D); not in a ceiling.
ours: everything else ("ours:removed": misses inside passages the clean stage removed as off-topic).

The last figures per part go the other way: every "ours" error fixed and every other error left, i.e. the best
value F1 a system can reach while keeping to the issue and to the other part, and how many of our errors must
be fixed to reach the issue's target.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from timeml_errors import error_rows

from newsledger.evaluate.timeml import Scores, TimeMLDoc

TARGET = 0.85  # the value F1 target for each part
MIN_OCCURRENCES = 3  # uses of an expression in the other part before its convention counts (fewer is noise)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]  # fmt: skip
NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "a", "an"]
_WD = "(?:" + "|".join(WEEKDAYS) + ")"
_MON = "(?:" + "|".join(MONTHS) + r")\.?"
VAGUE_WORDS = re.compile(r"^(?:(?:for|until|by|from)\s+)?(?:now|right now|currently|current|recently|(?:in\s+)?the past|soon|"
                         r"(?:in\s+)?the future|as soon as possible)$", re.I)  # fmt: skip
MONTH_NAME = re.compile(rf"^(?:(?:in|by|until|since|early|late|mid-?)\s+)?{_MON}$", re.I)
ISO_WEEK_TEXT = re.compile(r"^(?:(?:early|late|earlier|later)\s+)?(last|this|next)\s+week$", re.I)
CALENDAR_UNIT_TEXT = re.compile(r"^(?:(?:early|late|earlier|later)\s+)?(last|this|next)\s+(month|year)$", re.I)
RELATIONAL = re.compile(r"\b(?:before|after|previous|following|next|last|ago|earlier|later|prior|preceding)\b", re.I)
WEEKDAY_TEXT = re.compile(rf"^(?:on\s+)?({_WD})(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
DAY_PART_TEXT = re.compile(rf"\b(?:{_WD}|tonight|today|yesterday|tomorrow)\b", re.I)
PART_SUFFIX = re.compile(r"^(\d{4}-\d\d-\d\d)T(MO|AF|EV|NI)$")
NUMBER_IN_SPAN = re.compile(r"\b(\d+|" + "|".join(NUMBERS[:12]) + r")\s+(year|month|week|day|hour)s?\b", re.I)
UNIT_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H"}


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_unit(dct: date, unit: str, step: int) -> str:
    """The value of this / last / next month or year from the DCT."""
    if unit == "year":
        return f"{dct.year + step:04d}"
    y, m = divmod(dct.year * 12 + dct.month - 1 + step, 12)
    return f"{y:04d}-{m + 1:02d}"


def _norm_week(v: str) -> str:
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", v)


def classify(e: dict[str, Any], other: ExpressionStats) -> str:
    """The conflict class of one error row (see the module docstring), or 'ours' / 'slip'."""
    kind, text = e["kind"], " ".join(e["text"].split()).strip(" .,")
    gold, sys_v = e.get("gold", ""), e.get("system", "")
    sys_text = " ".join(e.get("system_text", text).split()).strip(" .,")
    dct = date.fromisoformat(e["dct"])
    same_span = kind == "false_alarm" or sys_text.lower() == text.lower()
    if kind in ("false_alarm", "value") and same_span and VAGUE_WORDS.match(sys_text) and sys_v.endswith("_REF"):
        return "issue:vague_ref"
    if kind == "value":
        if MONTH_NAME.match(text) and re.fullmatch(r"\d{4}-\d\d", sys_v) and not re.fullmatch(r"\d{4}-\d\d", gold):
            return "issue:month_name"
        m = ISO_WEEK_TEXT.match(text)
        if m and same_span:
            shift = {"last": -7, "this": 0, "next": 7}[m.group(1).lower()]
            expected = _iso_week(dct + timedelta(days=shift))
            if _norm_week(sys_v) == expected and _norm_week(gold) != expected:
                return "issue:iso_week"
        m = WEEKDAY_TEXT.match(text)
        gd = re.match(r"(\d{4}-\d\d-\d\d)", gold)
        sd = re.match(r"(\d{4}-\d\d-\d\d)", sys_v)
        ours_by_rule = sd is not None and abs((date.fromisoformat(sd.group(1)) - dct).days) < 7
        if m and gd and ours_by_rule:
            g = date.fromisoformat(gd.group(1))
            if abs((g - dct).days) >= 7 or g.weekday() != WEEKDAYS.index(m.group(1).lower()):
                return "issue:weekday_tense"
        m = re.search(rf"\b({_WD})\b", text, re.I)
        if m and gd and ours_by_rule and not RELATIONAL.search(text) and date.fromisoformat(gd.group(1)).weekday() != WEEKDAYS.index(m.group(1).lower()):
            return "issue:weekday_tense"  # "9 a.m. Tuesday" dated on a Monday
        sp = PART_SUFFIX.match(sys_v)
        if sp and DAY_PART_TEXT.search(sys_text) and gold.startswith(sp.group(1)) and gold != sys_v:
            return "other:day_part"
        if re.fullmatch(r"\d{4}", sys_v) and gold in (sys_v + "-XX", sys_v + "-XX-XX"):
            return "other:x_year"
        if re.fullmatch(r"\d{3}", sys_v) and gold == sys_v + "X":
            return "other:x_decade"
        if re.search(r"\bweekend$", sys_text, re.I) and sys_v.endswith("-WE") and (gold.startswith("P") or re.fullmatch(r"\d{4}-\d\d-\d\d", gold)):
            return "other:weekend"
        if re.search(r"\bago$", sys_text, re.I) and not sys_v.startswith("P") and re.match(r"P[\dX]", gold) and other.ago_dates():
            return "other:ago_duration"
        m = CALENDAR_UNIT_TEXT.match(text)
        if m and same_span:
            expected = _shift_unit(dct, m.group(2).lower(), {"last": -1, "this": 0, "next": 1}[m.group(1).lower()])
            if sys_v == expected and gold != expected:
                return "ext:calendar_unit"
        if re.fullmatch(r"\d{4}(?:-\d\d)?", sys_v) and gold.startswith(sys_v + "-") and "X" not in gold:
            return "ext:precision"  # "in 1992" given a day, "a year ago" a month: more than the text says
        m = NUMBER_IN_SPAN.search(text)
        if m and re.match(r"P\d", gold) and _literal(m) == sys_v:
            return "slip"  # the span says "13 years", the gold P12Y; "six months", the gold P6D
        return "ours"
    if kind == "false_alarm" and not _name_or_nowadays(e) and other.annotated_share(text) >= 2 / 3:
        return "other:same_expression"
    if kind == "miss" and re.match(r"(?:PAST|PRESENT|FUTURE)_REF$|PX", gold) and other.annotated_share(text) <= 1 / 3:
        return "other:same_expression"
    return "ours"


def _name_or_nowadays(e: dict[str, Any]) -> bool:
    """A false alarm inside a name ('VOA Today') or "today's" meaning nowadays ("today's computers") stays ours."""
    prev = e["left"].split()[-1:] if e["left"].strip() else []
    name = bool(prev) and prev[0][:1].isupper() and prev[0][-1:] not in ".,;:!?\"'" and e["text"][:1].isupper()
    return name or (e["text"].lower() == "today" and e["right"][:2] in ("'s", "’s"))


def _literal(m: re.Match[str]) -> str:
    n = m.group(1).lower()
    num = int(n) if n.isdigit() else NUMBERS.index(n) + 1
    return f"P{num}{UNIT_CODE[m.group(2).lower()]}"


def expression_pattern(text: str) -> re.Pattern[str]:
    """A regex for the same expression with weekdays, months and numbers generalised ('Friday night' ~ 'Monday night')."""
    out = []
    for w in " ".join(text.split()).split(" "):
        low = w.lower().strip(".,")
        if low in WEEKDAYS:
            out.append(_WD)
        elif low in MONTHS:
            out.append(_MON)
        elif low.isdigit() or low in NUMBERS[:12]:
            out.append(r"(?:\d+|" + "|".join(NUMBERS[:12]) + ")")
        else:
            out.append(re.escape(low))
    return re.compile(r"(?<![\w-])" + r"\s+".join(out) + r"(?![\w-])", re.I)


class ExpressionStats:
    """How the other part's gold treats an expression: the share of its uses inside a gold timex."""

    def __init__(self, docs: list[TimeMLDoc]) -> None:
        self.docs = docs
        self._cache: dict[str, float] = {}

    def annotated_share(self, text: str) -> float:
        """Share of the expression's uses annotated; 0.5 (no evidence) below MIN_OCCURRENCES uses."""
        key = " ".join(text.lower().split())
        if key not in self._cache:
            pat = expression_pattern(text)
            hits = annotated = 0
            for d in self.docs:
                for m in pat.finditer(d.text):
                    hits += 1
                    annotated += any(t.start < m.end() and m.start() < t.end for t in d.timexes)
            self._cache[key] = annotated / hits if hits >= MIN_OCCURRENCES else 0.5
        return self._cache[key]

    def ago_dates(self) -> bool:
        """Does the other part give 'N units ago' a date more often than a duration?"""
        if "__ago__" not in self._cache:
            vals = [t.value for d in self.docs for t in d.timexes if re.search(r"\bago$", t.text.strip(), re.I)]
            self._cache["__ago__"] = float(sum(re.match(r"P[\dX]", v) is None for v in vals) > len(vals) / 2)
        return bool(self._cache["__ago__"])


def ceiling(s: Scores, counts: Counter[tuple[str, str]], with_ext: bool = False) -> dict[str, float]:
    """Value F1 and friends when the conflict errors (issue and other; ext too if asked) are scored as correct."""
    gold, system, rg, rs, ok, pairs = s.gold, s.system, s.relaxed_gold, s.relaxed_system, s.value_ok, s.value_pairs
    for (cls, kind), n in counts.items():
        if not _conflict(cls, with_ext):
            continue
        if kind == "value":
            ok += n
        elif kind == "false_alarm":
            gold, rg, rs, ok, pairs = gold + n, rg + n, rs + n, ok + n, pairs + n
        elif kind == "miss":
            gold -= n
    return _figures(gold, system, rg, rs, ok, pairs)


def _conflict(cls: str, with_ext: bool) -> bool:
    return cls.startswith(("issue:", "other:")) or (with_ext and cls.startswith("ext:"))


def reachable(s: Scores, counts: Counter[tuple[str, str]]) -> dict[str, float]:
    """Value F1 with every error of ours fixed and every conflict and slip left as an error: the best a system
    that keeps to the issue and to the other part can score."""
    gold, system, rg, rs, ok, pairs = s.gold, s.system, s.relaxed_gold, s.relaxed_system, s.value_ok, s.value_pairs
    for (cls, kind), n in counts.items():
        if not cls.startswith("ours"):
            continue
        if kind == "value":
            ok += n
        elif kind == "false_alarm":
            system -= n
        elif kind == "miss":
            system, rg, rs, ok, pairs = system + n, rg + n, rs + n, ok + n, pairs + n
    return _figures(gold, system, rg, rs, ok, pairs)


def fixes_needed(s: Scores, counts: Counter[tuple[str, str]], target: float) -> int | None:
    """The fewest "ours" errors to fix (best kinds first, greedily) for value F1 >= ``target``; None if out of reach."""
    left: Counter[str] = Counter()
    for (c, k), n in counts.items():
        if c.startswith("ours"):
            left[k] += n
    state = [s.gold, s.system, s.relaxed_gold, s.relaxed_system, s.value_ok, s.value_pairs]
    step = {"value": (0, 0, 0, 0, 1, 0), "false_alarm": (0, -1, 0, 0, 0, 0), "miss": (0, 1, 1, 1, 1, 1)}
    done = 0
    while _figures(*state)["value_f1"] < target:
        options = [k for k in left if left[k] > 0]
        if not options:
            return None
        best = max(options, key=lambda k: _figures(*[a + b for a, b in zip(state, step[k], strict=True)])["value_f1"])
        state = [a + b for a, b in zip(state, step[best], strict=True)]
        left[best] -= 1
        done += 1
    return done


def _figures(gold: int, system: int, rg: int, rs: int, ok: int, pairs: int) -> dict[str, float]:
    rp, rr = rs / system, rg / gold
    rf = 2 * rp * rr / (rp + rr)
    return {"relaxed_f1": rf, "value_accuracy": ok / pairs, "value_f1": rf * ok / pairs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--examples", type=int, default=2, help="examples shown per class and part (0: none)")
    ap.add_argument("--cache", type=Path, help="pickle of the stage's errors: written when absent, read when present")
    args = ap.parse_args()
    if args.cache and args.cache.exists():
        docs, rows, scores = pickle.loads(args.cache.read_bytes())
    else:
        docs, rows, scores = error_rows(args.directory)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((docs, rows, scores)))
    parts = sorted(scores)
    stats = {p: ExpressionStats([d for d in docs if d.group != p]) for p in parts}
    counts: dict[str, Counter[tuple[str, str]]] = {p: Counter() for p in parts}
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in rows:
        cls = classify(e, stats[e["group"]])
        if cls == "ours" and e["kind"] == "miss" and e.get("removed"):
            cls = "ours:removed"  # a miss inside a passage the clean stage removed as off-topic
        counts[e["group"]][(cls, e["kind"])] += 1
        examples[(e["group"], cls)].append(f"{e['kind']}: [{e['text']}] gold={e.get('gold', '-')} ours={e.get('system', '-')} (DCT {e['dct']})")
    classes = sorted({c for cnt in counts.values() for c, _ in cnt}, key=lambda c: (c.startswith("ours"), c == "slip", c))
    w = sys.stdout.write
    w(f"{'class':<24}" + "".join(f"{p + ' ' + k:>22}" for p in parts for k in ("value/FA/miss",)) + "\n")
    for c in classes:
        cells = []
        for p in parts:
            v, f, m = (counts[p][(c, k)] for k in ("value", "false_alarm", "miss"))
            cells.append(f"{v}/{f}/{m} ({v + f + m})")
        w(f"{c:<24}" + "".join(f"{x:>22}" for x in cells) + "\n")
    w("\n")
    for p in parts:
        s = scores[p]
        base, ceil, ceil_ext = s.figures(), ceiling(s, counts[p]), ceiling(s, counts[p], with_ext=True)
        n = sum(v for (c, _), v in counts[p].items() if _conflict(c, False))
        n_ext = sum(v for (c, _), v in counts[p].items() if _conflict(c, True))
        reach = reachable(s, counts[p])
        need = fixes_needed(s, counts[p], TARGET)
        ours = sum(v for (c, _), v in counts[p].items() if c.startswith("ours"))
        w(f"{p}: value F1 {base['value_f1']:.4f} (relaxed F1 {base['relaxed_f1']:.4f}, value accuracy {base['value_accuracy']:.4f})\n"
          f"  the {n} issue + other conflicts scored as correct: value F1 {ceil['value_f1']:.4f} "
          f"(relaxed F1 {ceil['relaxed_f1']:.4f}, value accuracy {ceil['value_accuracy']:.4f})\n"
          f"  the {n_ext} issue + other + ext conflicts scored as correct: value F1 {ceil_ext['value_f1']:.4f}\n"
          f"  every one of our {ours} other errors fixed, all conflicts and slips left: value F1 {reach['value_f1']:.4f}; "
          f"value F1 {TARGET} needs {'more than all' if need is None else need} of them fixed\n")
    if args.examples:
        w("\n")
        for (p, c), ex in sorted(examples.items()):
            if c.startswith("ours"):
                continue
            for line in ex[: args.examples]:
                w(f"{p:<9} {c:<24} {line}\n")


if __name__ == "__main__":
    main()
