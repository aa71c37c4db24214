"""Document context as evidence: reports named alike in articles of one story join, conflicting ones stay apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Event, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.context import LEAD_CHARS, DocIndex, context_join, terms
from newsledger.ledger.event_features import EventFeatures
from tests.ledger.corpus import doc_index

# Our own short articles: two tell of one ferry capsizing on a lake, one of a budget vote, one of a bakery fire.
FERRY_A = ("A ferry capsized on Lake Orvel early on Sunday, and divers searched the cold water for the missing "
           "passengers while the ferry operator counted survivors near the harbour of Pellin.")
FERRY_B = ("Divers searched Lake Orvel for missing passengers after the ferry capsized near Pellin harbour; the "
           "operator of the ferry said survivors were counted on the pier.")
BUDGET = ("The council of Dravik approved a budget for schools and roads after a long vote, and the treasurer "
          "said taxes would stay the same next year.")
BAKERY = ("A fire gutted a bakery in the old market of Sennet overnight; firefighters kept the flames from the "
          "neighbouring houses and the baker thanked volunteers.")
TEXTS = {"a": FERRY_A, "b": FERRY_B, "c": BUDGET, "d": BAKERY, "e": FERRY_B}
PUBLISHED = {"a": "2031-06-01", "b": "2031-06-02", "c": "2031-06-02", "d": "2031-06-01", "e": "2031-06-20"}


@pytest.fixture
def index() -> DocIndex:
    return doc_index(TEXTS, PUBLISHED, ["a"])


def test_terms_are_content_lemmas() -> None:
    assert terms("The divers searched and searched the pond at 6") == {"diver": 1, "search": 2, "pond": 1}


@pytest.mark.parametrize(("a", "b", "story"), [
    ("a", "b", True),    # one capsizing told in other words by another outlet, a day later
    ("a", "c", False),   # a budget vote the same week
    ("a", "d", False),   # a fire the same day
    ("a", "e", False),   # the same words nineteen days later: outside the story's window
    ("a", "a", False),   # an article is no second source of its own story
])
def test_same_story(index: DocIndex, a: str, b: str, story: bool) -> None:
    assert index.same_story(a, b) is story


def test_story_lists_the_other_articles(index: DocIndex) -> None:
    assert index.story("a") == ["b"]
    assert index.cosine("a", "b") > index.cosine("a", "c")


# "the ferry capsized" in both leads: c1 the ferry operator (actor), a town geocoded on the lake shore.
CAPSIZE = EventFeatures("a", "v1", "", "capsiz", ["c1"], "c9", "2031-06-01", place_key="pellin", published="2031-06-01",
                        actor="c1", date_source="clause", place_geo=[46.0, 8.0], evidence=[0, 80])


@pytest.mark.parametrize(("change", "joins"), [
    ({}, True),                                                      # same word, same story, nothing against it
    ({"participants": [], "actor": None, "place": None, "place_key": None, "place_geo": None, "date": None,
      "date_source": None}, True),                                   # "the ferry capsized": nothing to tell them apart
    ({"doc_id": "c"}, False),                                        # an article of another story
    ({"doc_id": "e"}, False),                                        # the same story's words, weeks later
    ({"lemma": "sink"}, False),                                      # another word: the class is not enough here
    ({"evidence": [LEAD_CHARS + 10, LEAD_CHARS + 90]}, False),       # a background paragraph, not the lead
    ({"participants": ["c2"], "actor": "c2"}, False),                # another named actor in the same role
    ({"date": "2031-06-03"}, False),                                 # another day at day precision
    ({"place": "c8", "place_key": "tornby", "place_geo": [47.5, 10.5]}, False),  # a place far from Pellin
    ({"figures": [9.0]}, False),                                     # nine dead against two dead
])
def test_context_join(index: DocIndex, change: dict[str, object], joins: bool) -> None:
    first = [replace(CAPSIZE, figures=[2.0] if "figures" in change else [])]
    second = [replace(CAPSIZE, **{"doc_id": "b", "event_id": "v4", **change})]  # type: ignore[arg-type]
    assert context_join(first, second, index) is joins
    assert context_join(second, first, index) is joins


@pytest.mark.parametrize(("date", "source", "joins"), [
    ("2031-06-01", "clause", True),        # "capsized early on Sunday"
    ("2031-W22", "clause", True),          # "capsized last week"
    ("2031-06", "clause", False),          # "in June": too wide to tell one capsizing from another
    ("2031-06-01", "attribution", False),  # "the operator said on Sunday that the ferry capsized": when it was said
    ("2031-06-01", "publication", False),  # only the article's own date
    (None, None, False),                   # "the ferry capsized": a kind of happening a story may tell of twice
])
def test_one_report_must_date_the_happening(index: DocIndex, date: str | None, source: str | None, joins: bool) -> None:
    first = replace(CAPSIZE, date=date, date_source=source)
    second = replace(CAPSIZE, doc_id="b", event_id="v4", date=None, date_source=None)
    assert context_join([first], [second], index) is joins


def test_a_conflict_anywhere_in_the_clusters_keeps_them_apart(index: DocIndex) -> None:
    """Two reports agree, but another report of one cluster dates the happening to another day."""
    other_day = replace(CAPSIZE, doc_id="d", event_id="v9", lemma="capsiz", date="2031-05-20", evidence=[900, 950])
    assert context_join([CAPSIZE], [replace(CAPSIZE, doc_id="b")], index)
    assert not context_join([CAPSIZE, other_day], [replace(CAPSIZE, doc_id="b")], index)


def _doc(doc_id: str, text: str, published: str, trigger: str, when: str | None = None) -> Analysis:
    s = text.index(trigger)
    ev = Event("v1", "", TextSpan(s, s + len(trigger), trigger), when=When(when, "day") if when else None)
    return Analysis(Document(doc_id, text, date.fromisoformat(published), outlet=f"Outlet {doc_id}"), events=[ev])


@pytest.mark.parametrize(("second_when", "one_by_one", "together"), [
    (None, False, True), (None, True, True), ("2031-05-29", False, False)])
def test_update_links_by_story(tmp_path: Path, second_when: str | None, one_by_one: bool, together: bool) -> None:
    """Through the whole linker: the two ferry reports name nobody, so only the story joins them (also when the
    second article arrives in a later update), unless the second dates the capsizing to another day."""
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", FERRY_A, "2031-06-01", "capsized", "2031-06-01"))
        if one_by_one:
            update(ledger.conn)
        ledger.store(_doc("b", FERRY_B, "2031-06-02", "capsized", second_when))
        ledger.store(_doc("c", BUDGET, "2031-06-02", "approved"))
        ledger.store(_doc("d", BAKERY, "2031-06-01", "gutted"))
        update(ledger.conn)
        clusters = {r[0]: r[1] for r in ledger.conn.execute("SELECT doc_id, cluster_id FROM cluster_members")}
        assert (clusters["a"] == clusters["b"]) is together
        assert len(set(clusters.values())) == (3 if together else 4)


def test_dates_at_the_ends_of_the_calendar(tmp_path: Path) -> None:
    """Documents dated in year 1 and year 9999 are indexed without leaving the calendar."""
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("first", FERRY_A, "0001-01-01", "capsized", "0001-01-01"))
        ledger.store(_doc("last", FERRY_B, "9999-12-31", "capsized", "9999-12-31"))
        update(ledger.conn)
        assert ledger.conn.execute("SELECT count(DISTINCT cluster_id) FROM cluster_members").fetchone()[0] == 2
