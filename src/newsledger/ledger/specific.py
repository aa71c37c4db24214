"""Is a report about one specific happening? Generic, habitual and unrealised mentions are kept out of clusters.

A cluster should be one real event, so only reports of a specific happening join one:

* **not generic or habitual** ("over the years Hamas has smuggled", "repeatedly made threats", "several rounds
  of fighting", "a long history of attacking", "several days of heavy shelling"), unless the clause itself dates the event to a day or week (a marker then qualifies a dated
  happening: "on Tuesday, police again arrested...");
* **not unrealised**: an infinitive ("threats to attack", "a plan to defeat", "calls to strike"), a modal
  just before the trigger ("could strike", "would meet"), or a word a few words before it that governs an
  unrealised act ("to prevent a Western military attack", "in favor of striking", "a possible strike", "no
  attack", "if Obama were to order a strike", "planning for an attack", "the arguments for a strike", "end its
  shelling", "thought it had killed him"), or a modal right after it ("a limited strike might convince")
  names something that has not happened. The events
  stage's modality (planned, hypothetical, negated, denied) is read first; these markers catch what it calls
  asserted.
"""

from __future__ import annotations

import re

from newsledger.ledger import when as W

# Markers of a generic or habitual statement, looked for in the trigger's sentence.
_GENERIC = re.compile(
    r"\b(?:over|for|in) the (?:past |last )?(?:years|decades|months)\b|\bfor (?:years|decades|months)\b|"
    r"\b(?:repeatedly|routinely|regularly|frequently|habitually|often|usually|typically|traditionally|"
    r"time and again|again and again|from time to time)\b|\b(?:has|have|had) long\b|\bin the past\b(?!\s+(?:\d|24|48|week|day|days|few|two|three|night|hours))|"
    r"\b(?:several|many|numerous|multiple|successive|previous|past) (?:rounds|waves|cycles|bouts|wars)\b|"
    r"\brounds of\b|\b(?:every|each) time\b|\bwhenever\b|\bsince (?:1[89]|20)\d\d\b|\bhistory of\b|"
    r"\b(?:several|many|recent) (?:days|weeks|months|years) of\b", re.IGNORECASE)
# Words just before a trigger that make it unrealised (a modal, or an infinitive's "to").
_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "will", "shall", "cannot",
                     "wo", "to", "if", "whether", "unless"})
# Verbs after which "to" + trigger is a happening ("began to withdraw", "was forced to retreat").
_ASPECT = frozenset({"began", "begun", "begin", "begins", "started", "start", "starts", "continued", "continue",
                     "continues", "managed", "forced", "went", "came", "tried", "moved", "used", "helped", "agreed"})
# Words that may stand between a modal and the trigger ("could also strike", "will not attack").
_ADVERBS = frozenset({"also", "not", "still", "soon", "then", "again", "now", "be", "have", "n't", "never", "quickly"})
# Words a few words before a trigger that make it unrealised ("to prevent a Western military attack", "in favor
# of striking", "a possible strike", "no attack").
_GOVERNORS = frozenset({"prevent", "prevents", "prevented", "preventing", "avert", "averted", "avoid", "avoided",
                        "oppose", "opposed", "opposes", "favor", "favour", "consider", "considering", "considered",
                        "contemplate", "contemplating", "weigh", "weighing", "debate", "debating", "possible",
                        "potential", "proposed", "planned", "threatened", "imminent", "looming", "no", "without",
                        "plan", "plans", "threat", "threats", "option", "options", "case", "event", "risk",
                        "possibility", "prospect", "preparations", "prepare", "prepares", "preparing", "if",
                        "whether", "unless", "would", "could", "might", "argument", "arguments", "end", "stop",
                        "halt", "planning", "plotting", "plot", "plots", "thought", "believed"})
# Modals right after a trigger make it the subject of something unrealised ("a military strike would not...").
_AFTER = frozenset({"would", "could", "might", "may", "should"})
# How many words before the trigger a governor may stand ("prevent a Western military attack").
GOVERNOR_WINDOW = 4
_WORD = re.compile(r"[\w'’-]+")
# Finer than this, a clause's own date makes a marked mention a specific happening.
_SPECIFIC_PRECISIONS = ("time", "day", "week")


def generic(sentence: str) -> bool:
    """The sentence states something habitual or generic ("over the years", "repeatedly", "rounds of fighting")."""
    return bool(_GENERIC.search(sentence))


def unrealised(text: str, start: int) -> bool:
    """A modal or infinitive "to" right before the trigger ("threats to attack", "could strike", "may have killed"),
    or an unrealising word a few words before it ("prevent a military attack", "a possible strike")."""
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 60) : start])]
    if _GOVERNORS & set(before[-GOVERNOR_WINDOW:]):
        return True
    after = [w.lower() for w in _WORD.findall(text[start : start + 60])][1:3]
    if _AFTER & set(after):
        return True
    while before and before[-1] in _ADVERBS:
        before.pop()
    if not before or before[-1] not in _MODALS:
        return False
    return not (before[-1] == "to" and len(before) > 1 and before[-2] in _ASPECT)


def dated(value: str | None, source: str | None) -> bool:
    """The report's own clause (or the statement reporting it) dates the event to a day or a week."""
    iv = W.interval(value)
    return iv is not None and source in ("clause", "attribution") and iv.precision in _SPECIFIC_PRECISIONS


def specific(text: str, start: int, sentence: tuple[int, int], value: str | None, source: str | None) -> bool:
    """A report of one happening: neither unrealised nor, unless its clause dates it, generic or habitual."""
    if unrealised(text, start):
        return False
    return dated(value, source) or not generic(text[sentence[0] : sentence[1]])
