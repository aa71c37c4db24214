"""Story grouping: each link between two documents needs two pieces of evidence and days, not weeks, between them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Event, Mention, Role, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.cluster import update
from newsledger.ledger.stories import _as_news, _sharing, group

_SYLLABLES = ["ka", "lo", "mi", "ne", "pu", "ro", "sa", "ti", "vu", "ze", "bo", "du"]


def _words(seed: int, n: int = 14) -> str:
    """n letter-only words of its own for each seed (no two seeds share a word)."""
    out = []
    for k in range(n):
        x = seed * 100 + k
        out.append("".join(_SYLLABLES[(x // 12**i) % 12] for i in range(4)) + "x")
    return " ".join(out) + "."


# Names the test articles tag as organisations (the others: a person when the name has two words, else a place).
_ORGS = {"Senate", "Congress", "Velden Council"}


def _doc(doc_id: str, day: str, outlet: str, *names: str, body: str = "", seed: int = 0) -> Analysis:
    text = ". ".join(f"{n} again {n}" for n in names) + ". " + (body or _words(seed or sum(map(ord, doc_id))))
    ents = []
    for k, n in enumerate(names):
        first = text.index(n)
        second = text.index(n, first + len(n))
        kind = "ORG" if n in _ORGS else "PERSON" if " " in n else "GPE"
        ents.append(Entity(f"E{k}", n, kind, [Mention(first, first + len(n), n), Mention(second, second + len(n), n)]))
    return Analysis(Document(doc_id, text, date.fromisoformat(day), outlet), entities=ents)


def _filler() -> list[Analysis]:
    return [_doc(f"f{i}", "2025-01-01", f"O{i % 5}", f"Filler Person{'abcdefghijklmnopqrstuvwxyzabcdefghijklmn'[i]}{i}",
                 f"Town{'abcdefghijklmnopqrstuvwxyzabcdefghijklmn'[i]}", seed=1000 + i) for i in range(40)]


def _stories(tmp_path: Path, docs: list[Analysis]) -> list[list[str]]:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many(_filler() + docs)
        update(ledger.conn)
        return [s.documents for s in group(ledger.conn) if len(s.documents) > 1 and not s.documents[0].startswith("f")]


def test_shared_salient_entities_within_days(tmp_path: Path) -> None:
    multi = _stories(tmp_path, [
        _doc("a", "2025-03-01", "Left Daily", "Mira Castell", "Velden", "Ostra"),
        _doc("b", "2025-03-02", "Right Post", "Mira Castell", "Velden"),
        _doc("c", "2025-03-20", "Left Daily", "Mira Castell", "Velden"),  # same people, weeks later: another story
        _doc("d", "2025-03-01", "Centre Wire", "Mira Castell", "Brask"),  # one shared name only
    ])
    assert multi == [["a", "b"]]


def test_places_alone_do_not_make_a_story(tmp_path: Path) -> None:
    multi = _stories(tmp_path, [
        _doc("a", "2025-03-01", "Left Daily", "Velden", "Ostra", "Tomas Brenner"),  # a bombing in Velden ...
        _doc("b", "2025-03-02", "Right Post", "Velden", "Ostra", "Ilse Quandt"),  # ... and a siege there: two places
        _doc("c", "2025-03-02", "Centre Wire", "Velden", "Ostra", "Tomas Brenner"),  # a person besides the places
    ])
    assert multi == [["a", "c"]]


def test_legislative_chambers_alone_do_not_make_a_story(tmp_path: Path) -> None:
    multi = _stories(tmp_path, [
        _doc("a", "2025-03-01", "Left Daily", "Senate", "Congress", "Tomas Brenner"),  # a senator on a war ...
        _doc("b", "2025-03-02", "Right Post", "Senate", "Congress", "Ilse Quandt"),  # ... and a border bill: two stories
        _doc("c", "2025-03-02", "Centre Wire", "Senate", "Congress", "Tomas Brenner"),  # the senator again
        _doc("d", "2025-03-01", "Left Daily", "Velden Council", "Velden", "Mira Castell"),  # a council is no chamber ...
        _doc("e", "2025-03-02", "Right Post", "Velden Council", "Velden", "Jan Oster"),  # ... of the list: one story
    ])
    assert multi == [["a", "c"], ["d", "e"]]


_ACCOUNT = ("Rescue crews worked through the night after the old granary collapsed beside the harbour, and engineers "
            "blamed a cracked beam that inspectors had flagged in the spring; the mayor promised an inquiry.")


def test_similar_texts_sharing_an_entity(tmp_path: Path) -> None:
    multi = _stories(tmp_path, [
        _doc("a", "2025-03-01", "Left Daily", "Mira Castell", body=_ACCOUNT),
        _doc("b", "2025-03-02", "Right Post", "Mira Castell", body=_ACCOUNT.replace("night", "evening")),
        _doc("c", "2025-03-02", "Centre Wire", "Ilse Quandt", body=_ACCOUNT),  # the same words, no shared entity
        _doc("d", "2025-03-25", "Centre Wire", "Mira Castell", body=_ACCOUNT),  # weeks later
    ])
    assert multi == [["a", "b"]]


def _report(doc_id: str, day: str, outlet: str, lead: str, happened: str = "2025-01-05", seed: int = 1) -> Analysis:
    text = lead + " " + _words(seed, 40)
    s, a = text.index("struck"), text.index("Northland army")
    army = Entity("E1", "Northland army", "ORG", [Mention(a, a + 14, "Northland army")])
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army", "E1"), where=Role("Eastport"),
               when=When(happened, "day"))
    return Analysis(Document(doc_id, text, date.fromisoformat(day), outlet), entities=[army], events=[ev])


def test_a_shared_event_makes_one_story_only_within_days(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many([
            _report("a", "2025-01-05", "Left Daily", "The Northland army struck Eastport on Sunday.", seed=1),
            _report("b", "2025-01-06", "Right Post", "The Northland army struck Eastport on Sunday, officials said.", seed=2),
            # the same strike recalled in the lead of a story a month later: another story
            _report("c", "2025-02-04", "Centre Wire", "The Northland army struck Eastport on 5 January; now talks begin.", seed=3),
        ])
        update(ledger.conn)
        assert ledger.conn.execute("SELECT n_documents FROM clusters").fetchone()[0] == 3
        multi = [s.documents for s in group(ledger.conn) if len(s.documents) > 1]
    assert multi == [["a", "b"]]


def test_an_old_event_recalled_in_two_leads_is_background(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store_many([  # published a day apart, both leads recall a strike of last summer
            _report("a", "2025-01-05", "Left Daily", "The Northland army struck Eastport on 3 June 2024.", "2024-06-03", 4),
            _report("b", "2025-01-06", "Right Post", "The Northland army struck Eastport on 3 June 2024, recalled.", "2024-06-03", 5),
        ])
        update(ledger.conn)
        assert ledger.conn.execute("SELECT n_documents FROM clusters").fetchone()[0] == 2
        multi = [s.documents for s in group(ledger.conn) if len(s.documents) > 1]
    assert multi == []


@pytest.mark.parametrize(("published", "event_start", "news"), [
    (date(2025, 1, 6), "2025-01-05", True),  # yesterday's strike
    (date(2025, 1, 19), "2025-01-05", True),  # two weeks on, still the story
    (date(2025, 1, 20), "2025-01-05", False),  # fifteen days on: background
    (date(2025, 1, 6), "2024-06", False),  # a month of last year
    (date(2025, 1, 6), "2025-01-09", True),  # announced ahead
    (None, "2011-05", True),  # an undated article says nothing against it
    (date(2025, 1, 6), None, True),
    (date(2025, 1, 6), "not a date", True),
])
def test_as_news(published: date | None, event_start: str | None, news: bool) -> None:
    assert _as_news(published, event_start) is news


def test_candidate_pairs_keep_undated_documents_and_the_window() -> None:
    rare = {"a": {1}, "b": {1}, "c": {1}, "u": {1}, "z": {2}}
    when = {"a": date(2025, 3, 1), "b": date(2025, 3, 4), "c": date(2025, 3, 9), "u": None, "z": date(2025, 3, 1)}
    assert _sharing(rare, when) == [("a", "b"), ("a", "u"), ("b", "u"), ("c", "u")]
