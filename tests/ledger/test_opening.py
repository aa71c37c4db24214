"""The opening happening of a story: what two articles of one story open on, named with one word, is one happening."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Event, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.context import DocIndex
from newsledger.ledger.event_features import EventFeatures, lemma
from newsledger.ledger.linker import FEATURES, LinkModel
from newsledger.ledger.opening import near, opening_join, shared_words
from newsledger.ledger.rejoin import sentence_lemmas
from tests.ledger.corpus import doc_index

# Our own short articles: two open on one ferry capsizing on a lake (neither names a day), one on a budget vote.
FERRY_A = ("A ferry capsized on Lake Orvel, and divers searched the cold water for the missing passengers. "
           "The operator counted survivors near the harbour of Pellin while the ferry lay on its side.")
FERRY_B = ("Rescue teams are still looking for three passengers after the capsizing of a ferry on Lake Orvel, its owners said. "
           "Divers searched the cold water near Pellin harbour, and the operator of the ferry "
           "counted survivors on the pier. Another ferry capsized there in 2019.")
BUDGET = ("The council of Dravik approved a budget for schools and roads after a long vote, and the treasurer "
          "said taxes would stay the same next year.")
# The learned pass off (a threshold above 1), so that only the rule passes decide.
RULES_ONLY = LinkModel(tuple(0.0 for _ in FEATURES), 0.0, 2.0)
TEXTS = {"a": FERRY_A, "b": FERRY_B, "c": BUDGET, "e": FERRY_B}
PUBLISHED = {"a": "2031-06-01", "b": "2031-06-02", "c": "2031-06-02", "e": "2031-06-20"}


@pytest.fixture
def index() -> DocIndex:
    return doc_index(TEXTS, PUBLISHED, ["a"])


@pytest.mark.parametrize(("a", "b", "one_word"), [
    ("fired", "firing", True),              # one lemma
    ("stopped", "stops", True),             # a doubled final consonant ("stopp" / "stop")
    ("terminated", "termination", True),    # a nominalisation in -ion
    ("resigned", "resignation", True),      # ... in -ation
    ("exploded", "explosion", True),        # forms of one word in the table
    ("won", "wins", True),                  # an irregular past tense
    ("shot", "shooting", True),
    ("attack", "shelling", False),          # one class of happening, two words: two happenings in one story
    ("fired", "hired", False),
    ("lion", "l", False),                   # too short a stem for an ending
    ("", "", False),
])
def test_near(a: str, b: str, one_word: bool) -> None:
    assert near(lemma(a), lemma(b)) is one_word
    assert near(lemma(b), lemma(a)) is one_word


# "capsized" in the opening sentence of article a (starting at 0) and "capsizing" in that of article b.
CAPSIZE = EventFeatures("a", "v1", "", lemma("capsized"), [], None, None, published="2031-06-01", evidence=[0, 95])
OPENS = {"a": 0, "b": 0, "c": 0, "e": 0}


def said(ev: EventFeatures) -> frozenset[str]:
    """The content lemmas of the article's first sentence (every report here is in it)."""
    text = TEXTS[ev.doc_id]
    return sentence_lemmas(text[: text.index(". ") + 1])


@pytest.mark.parametrize(("change", "joins"), [
    ({}, True),                                                  # one word, one story, nothing against it
    ({"lemma": lemma("capsizing")}, True),                       # another form of the word
    ({"doc_id": "c"}, False),                                    # an article of another story
    ({"doc_id": "e"}, False),                                    # the story's words, weeks later
    ({"doc_id": "a"}, False),                                    # one article is no second report of its opening
    ({"lemma": lemma("sank")}, False),                           # another word: forms of one word only
    ({"evidence": [180, 240]}, False),                           # "another ferry capsized there in 2019": not the opening
    ({"participants": ["c2"], "actor": "c2"}, True),             # one side names an actor, the other nobody
    ({"date": "2031-05-20", "date_source": "clause"}, False),    # another day than the first report's
    ({"place": "c8", "place_key": "tornby", "place_geo": [47.5, 10.5]}, False),  # a place far from Pellin
    ({"figures": [9.0]}, False),                                 # nine dead against two dead
])
def test_opening_join(index: DocIndex, change: dict[str, object], joins: bool) -> None:
    first = [replace(CAPSIZE, date="2031-06-01" if "date" in change else None, date_source="clause" if "date" in change else None,
                     figures=[2.0] if "figures" in change else [],
                     place="c9" if "place" in change else None, place_key="pellin" if "place" in change else None,
                     place_geo=[46.0, 8.0] if "place" in change else None)]
    second = [replace(CAPSIZE, **{"doc_id": "b", "event_id": "v4", **change})]  # type: ignore[arg-type]
    assert opening_join(first, second, index, OPENS, said) is joins
    assert opening_join(second, first, index, OPENS, said) is joins


def test_named_actors_that_differ_keep_openings_apart(index: DocIndex) -> None:
    """Both open on "capsized" but name two different resolved actors in that role."""
    first = [replace(CAPSIZE, participants=["c1"], actor="c1")]
    second = [replace(CAPSIZE, doc_id="b", event_id="v4", participants=["c2"], actor="c2")]
    assert not opening_join(first, second, index, OPENS, said)


@pytest.mark.parametrize(("first", "second", "enough"), [
    ({"ferry", "capsiz", "lake", "orvel"}, {"capsiz", "ferry", "lake", "owner"}, True),  # ferry and lake besides the word
    ({"ferry", "capsiz", "lake"}, {"capsiz", "ferry", "owner"}, False),                  # only "ferry" besides it
    ({"fight", "fought", "syria"}, {"fought", "fight", "group"}, False),             # forms of the trigger do not count
])
def test_the_openings_share_two_other_words(first: set[str], second: set[str], enough: bool) -> None:
    words = {"a": frozenset(first), "b": frozenset(second)}
    x = replace(CAPSIZE, lemma="fight" if "fight" in first else CAPSIZE.lemma)
    y = replace(CAPSIZE, doc_id="b", lemma="fought" if "fought" in second else CAPSIZE.lemma)
    assert shared_words(x, y, lambda ev: words[ev.doc_id]) is enough


def _doc(doc_id: str, text: str, published: str, triggers: list[tuple[str, int, str | None]]) -> Analysis:
    events = []
    for i, (trigger, nth, when) in enumerate(triggers):
        s = -1
        for _ in range(nth + 1):
            s = text.index(trigger, s + 1)
        events.append(Event(f"v{i + 1}", "", TextSpan(s, s + len(trigger), trigger), when=When(when, "year") if when else None))
    return Analysis(Document(doc_id, text, date.fromisoformat(published), outlet=f"Outlet {doc_id}"), events=events)


@pytest.mark.parametrize("one_by_one", [False, True])
def test_update_joins_the_openings_only(tmp_path: Path, one_by_one: bool) -> None:
    """Through the whole linker: the two articles open on the capsizing and name nobody, no place and no day, so
    only their openings join them (also across updates; the learned pass is off); the capsizing of 2019 that
    article b recalls later stays apart, and so does the budget vote."""
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", FERRY_A, "2031-06-01", [("capsized", 0, None)]))
        if one_by_one:
            update(ledger.conn, model=RULES_ONLY)
        ledger.store(_doc("b", FERRY_B, "2031-06-02", [("capsizing", 0, None), ("capsized", 0, "2019")]))
        ledger.store(_doc("c", BUDGET, "2031-06-02", [("approved", 0, None)]))
        update(ledger.conn, model=RULES_ONLY)
        clusters = {(r[0], r[1]): r[2] for r in ledger.conn.execute("SELECT doc_id, event_id, cluster_id FROM cluster_members")}
        assert clusters[("a", "v1")] == clusters[("b", "v1")]
        assert clusters[("b", "v2")] != clusters[("a", "v1")]
        assert len(set(clusters.values())) == 3
