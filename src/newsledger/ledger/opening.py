"""The opening happening of a story: a fifth, gated pass that joins what articles of one story open on.

An article's first sentence that reports something (a headline, a lede) names the happening the article is
about. Two articles of one story that open on the same word name one happening, even when neither report gives
a participant, a place or a day the other shares ("Lohan checks into rehab" / "Lindsay Lohan checked into the
Betty Ford clinic"), which the first three passes need. Two clusters join here when some report of each

* is in its article's **opening sentence**: the first sentence holding a factual, specific report
  (``Clusterer.opening``), not a background paragraph recalling another happening of that kind;
* names the happening with **the same word or a form of it** (``near``: the same crude lemma, a doubled final
  consonant, a nominalisation in -ion or -ation, or a form of one word in ``lexicons/trigger_forms.tsv``:
  "fired" / "firing", "explosion" / "exploded", "won" / "win"; never a synonym, so a class such as "attack" and
  "shelling" is too wide here);
* in two **different articles of one story** (``context.DocIndex.same_story``: similar texts published within 3
  days), whose two opening sentences **share another content word** besides that word (``MIN_SHARED_WORDS``: who,
  where or what else; "the death of an American fighting in Syria" and "two opposition groups fought" share
  none);
* and **nothing conflicts**: the two reports name no contradicting actor or target (``match.participants_clash``)
  and no report of one cluster contradicts a report of the other (``rejoin.conflict``: dates that do not overlap
  at their precision, places geocoded apart, other types, other death tolls, swapped sides).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from newsledger.ledger.context import DocIndex
from newsledger.ledger.event_features import EventFeatures, lemma
from newsledger.ledger.match import participants_clash
from newsledger.ledger.rejoin import conflict

# At most this many reports of each side are compared (the most recent ones).
MAX_OPENING_REPORTS = 120
# Nominal endings of a verb's lemma ("terminat" + "ion" = "termination", "resign" + "ation" = "resignation").
NOMINAL_ENDINGS = ("ation", "ion")
# A stem must keep this many letters for an ending to be stripped ("lion" is no "l" + "ion").
MIN_NOMINAL_STEM = 4
# The two opening sentences share at least this many content words (crude lemmas, ``rejoin.content_lemmas``)
# besides the trigger's.
MIN_SHARED_WORDS = 2
_DOUBLED = re.compile(r"([bcdfgklmnprstvz])\1$")


@lru_cache(maxsize=1)
def trigger_forms() -> dict[str, str]:
    """Lemma of a form -> lemma of its word, from ledger/lexicons/trigger_forms.tsv."""
    text = resources.files("newsledger.ledger").joinpath("lexicons/trigger_forms.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            words = [lemma(w) for w in line.strip().split("|") if w]
            out.update({w: words[0] for w in words})
    return out


@lru_cache(maxsize=16384)
def base_form(word: str) -> str:
    """The form two lemmas of one word share: the table's word, a doubled final consonant undone ("stopp")."""
    word = trigger_forms().get(word, word)
    return _DOUBLED.sub(r"\1", word)


def near(a: str, b: str) -> bool:
    """Two trigger lemmas are forms of one word (the same lemma, a table's forms, a nominalisation)."""
    if not a or not b:
        return False
    fa, fb = base_form(a), base_form(b)
    if fa == fb:
        return True
    for x, y in ((fa, fb), (fb, fa)):
        for ending in NOMINAL_ENDINGS:
            stem = x.removesuffix(ending)
            if stem != x and len(stem) >= MIN_NOMINAL_STEM and stem.rstrip("e") == y.rstrip("e"):
                return True
    return False


def opening_join(a: list[EventFeatures], b: list[EventFeatures], index: DocIndex, opens: dict[str, int],
                 said: Callable[[EventFeatures], frozenset[str]]) -> bool:
    """The two clusters are the happening two articles of one story open on (see the module docstring); ``opens``
    maps a document to the start of its opening sentence, ``said`` gives a report's sentence's content lemmas."""
    linked = any(
        x.doc_id != y.doc_id and opening(x, opens) and opening(y, opens) and near(x.lemma, y.lemma)
        and index.same_story(x.doc_id, y.doc_id) and not participants_clash(x, y) and shared_words(x, y, said)
        for x in a[-MAX_OPENING_REPORTS:] for y in b[-MAX_OPENING_REPORTS:]
    )
    return linked and not conflict(a, b)


def shared_words(x: EventFeatures, y: EventFeatures, said: Callable[[EventFeatures], frozenset[str]]) -> bool:
    """The two reports' sentences share MIN_SHARED_WORDS content words that are not forms of the trigger."""
    other = {w for w in said(x) & said(y) if not (near(w, x.lemma) or near(w, y.lemma))}
    return len(other) >= MIN_SHARED_WORDS


def opening(ev: EventFeatures, opens: dict[str, int]) -> bool:
    """The report's sentence is its article's opening sentence."""
    return bool(ev.evidence) and ev.doc_id in opens and (ev.evidence or [-1])[0] == opens[ev.doc_id]
