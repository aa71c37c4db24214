"""Spoken and interview text that the boilerplate line model must not take for site furniture (round sixteen).

The line model's second-person and label flags (round fifteen) also fire on reporting: the short lines of a speech
transcript that address the audience ("As you know, I'm not one of those people."), an interview's labelled turns
("LN: How did you come up with the estimate?", "Q: ...", "STEVE INSKEEP, HOST:") and questions put to someone and
answered in the next paragraph. A block is protected (boilerplate.py gives it the prose margin) when it is:

- a line of speech: a sentence (capital first, sentence end last, no link, no furniture phrasing) among sentences,
  whose neighbourhood speaks in the first or second person outside quotation marks (a run of transcript text);
- an interview turn: it opens with a speaker label that is either initials and the document has turns of two or more
  such labels ("Q:" / "A:", "LN:" / "GZ:"), or a name the article knows (a PERSON entity's word);
- a question answered: a sentence ending in "?" that does not address the reader, followed by article text that is not a
  question, or one of a run of three or more questions (a list of questions put to someone).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from newsledger.stages.clean.blocks import Block
from newsledger.stages.clean.boilerplate_prose import (
    CLOSE_RE,
    FURNITURE_RE,
    LABEL_RE,
    LINK_RE,
    OPEN_RE,
    WORD_RE,
)

MIN_WORDS = 3
MAX_WORDS = 80
# Quoted stretches: first and second person inside them is someone quoted in news prose, not the text's own voice.
QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^”]*”|``.*?''|«[^»]*»")
VOICE_RE = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|[Mm]e|[Mm]y|[Ww]e|[Ww]e['’](?:re|ve|ll)|[Oo]ur|[Uu]s|[Yy]ou|[Yy]ou['’]"
                      r"(?:re|ve|ll|d)|[Yy]our)\b")
# A speaker label: initials ("Q", "LN"), or a name of one to three words, with an optional role ("JANE ROE, HOST").
TURN_RE = re.compile(r"^(?P<label>[A-Z]{1,4}|[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,2})(?:,\s[A-Z][A-Za-z ]{1,30})?:(?:\s|$)")
INITIALS_RE = re.compile(r"[A-Z]{1,4}")
# Labels of site furniture and page structure that look like a speaker's initials or name.
NOT_SPEAKERS = frozenset({"AD", "ADS", "AP", "CNN", "FILE", "LIVE", "MORE", "NEW", "NEWS", "NOTE", "PS", "READ", "TV",
                          "UPDATE", "URGENT", "VIDEO", "WATCH", "WHO", "WHAT", "WHEN", "WHERE", "WHY", "HOW"})
# A block longer than this that ends like a sentence is article text for its neighbours (a sentence may run longer).
LONG_CHARS = 150
END_RE = re.compile(r"[.!?…][\"”’'`)\]]{0,3}$")
READER_RE = re.compile(r"\b(?:you|your|yours)\b", re.I)
RUN_WINDOW = 2
MIN_QUESTION_RUN = 3


def _ascii(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isascii()) >= 0.95 * len(letters)


def is_sentence(text: str) -> bool:
    """Whether a block reads as one or more English sentences (the second person allowed), not as a line of furniture
    or a label ("Read: ...")."""
    t = text.strip()
    n = len(WORD_RE.findall(t))
    return (MIN_WORDS <= n <= MAX_WORDS and bool(OPEN_RE.match(t)) and bool(CLOSE_RE.search(t)) and _ascii(t)
            and not LINK_RE.search(t) and not FURNITURE_RE.search(t) and not LABEL_RE.match(t))


def _prose_block(text: str) -> bool:
    """A neighbour that is article text: a sentence, or a long block that ends like one (a bracketed note too)."""
    t = text.strip()
    return is_sentence(t) or (len(t) > LONG_CHARS and bool(END_RE.search(t)) and not LINK_RE.search(t[:LONG_CHARS]))


def _neighbour(text: str) -> bool:
    """Article text next to a line of speech, or an editor's long bracketed note inside a transcript ("[... — J. R.]")."""
    t = text.strip()
    return _prose_block(t) or (len(t) > LONG_CHARS and t[0] in "[(" and t[-1] in "])")


def speaks(text: str) -> bool:
    """Whether a block of article text is in the first or second person outside quotation marks (its own voice)."""
    return _prose_block(text) and bool(VOICE_RE.search(QUOTED_RE.sub(" ", text)))


def in_speech(blocks: Sequence[Block], i: int) -> bool:
    """Whether block ``i`` is a sentence among sentences, two or more of the nearby ones in the text's own first or
    second person (a speech or a column addressing its audience)."""
    n = len(blocks)
    if not 0 < i < n - 1 or not is_sentence(blocks[i].text):
        return False
    if not (_neighbour(blocks[i - 1].text) and _neighbour(blocks[i + 1].text)):
        return False
    near = [j for j in range(i - RUN_WINDOW, i + RUN_WINDOW + 1) if j != i and 0 <= j < n]
    return sum(speaks(blocks[j].text) for j in near) >= 2


def turn_label(text: str) -> str | None:
    """The speaker label a block opens with ("LN", "Q", "STEVE INSKEEP"), or None."""
    m = TURN_RE.match(text.strip())
    if not m or m.group("label").upper() in NOT_SPEAKERS:
        return None
    return m.group("label")


def is_turn(blocks: Sequence[Block], i: int, names: Collection[str] = ()) -> bool:
    """Whether block ``i`` is an interview turn: initials of one of two or more speakers that take turns in the
    document, or the name (all of its words) of a person the article names (``names``: lower-cased words); what
    follows the label is a sentence, or nothing (a label line over the turn)."""
    text = blocks[i].text.strip()
    label = turn_label(text)
    if label is None:
        return False
    rest = TURN_RE.sub("", text, count=1).strip()
    if not rest and not (i + 1 < len(blocks) and _prose_block(blocks[i + 1].text)):
        return False  # a label line is a turn when the turn follows it ("Jane Roe:" over an advertisement is not)
    if rest and not (CLOSE_RE.search(rest) and _ascii(rest) and not LINK_RE.search(rest) and not FURNITURE_RE.search(rest)):
        return False  # a label over a link or a heading ("Peter Roe: Why the port matters"), not a spoken turn
    if INITIALS_RE.fullmatch(label):
        labels = {lab for b in blocks if (lab := turn_label(b.text)) and INITIALS_RE.fullmatch(lab)}
        return len(labels) >= 2
    words = [w.lower() for w in WORD_RE.findall(label)]
    return bool(words) and all(w in names for w in words)


def _question(text: str) -> bool:
    t = text.strip().rstrip("\"”’')")
    return t.endswith("?") and is_sentence(text)


def is_answered_question(blocks: Sequence[Block], i: int) -> bool:
    """Whether block ``i`` is a question that does not address the reader followed by an answer (article text that
    asks nothing), or one of a run of MIN_QUESTION_RUN or more questions (put to someone, "What did you know?")."""
    if not _question(blocks[i].text):
        return False
    answered = i + 1 < len(blocks) and _prose_block(blocks[i + 1].text) and not _question(blocks[i + 1].text)
    if answered and not READER_RE.search(blocks[i].text):
        return True  # a question asking the reader ("Got a tip?", "Want more stories like this?") is a prompt
    lo = hi = i
    while lo > 0 and _question(blocks[lo - 1].text):
        lo -= 1
    while hi + 1 < len(blocks) and _question(blocks[hi + 1].text):
        hi += 1
    return hi - lo + 1 >= MIN_QUESTION_RUN


def is_reporting(blocks: Sequence[Block], i: int, names: Collection[str] = ()) -> bool:
    """Whether block ``i`` is a line of speech, an interview turn or an answered question (see the module docstring)."""
    return in_speech(blocks, i) or is_turn(blocks, i, names) or is_answered_question(blocks, i)
