"""Which reports may join a cluster (specific happenings), near-identical wire copies, clean labels, the top list."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Event, Mention, Role, TextSpan, When
from newsledger.ledger import Ledger
from newsledger.ledger.canonical import clean_name
from newsledger.ledger.cluster import update
from newsledger.ledger.evidence import top_clusters
from newsledger.ledger.sources import near_copy, sentence_words
from newsledger.ledger.specific import generic, specific, unrealised
from newsledger.web.queries import get_cluster


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("The rebels shelled the bridge near Fallow on Monday.", "shelled", True),
    ("For years the rebels have shelled the bridge near Fallow.", "shelled", False),  # habitual
    ("The cartel has repeatedly smuggled rifles across the river.", "smuggled", False),
    ("After several rounds of fighting in the valley, talks began.", "fighting", False),
    ("The council threatened to strike the depot.", "strike", False),  # infinitive: not done
    ("Ministers unveiled a plan to defeat the insurgency.", "defeat", False),
    ("The navy could strike the depot within days.", "strike", False),  # modal
    ("Envoys worked to prevent a wider regional war.", "war", False),  # prevented, not happened
    ("Deputies voted in favor of striking the camps.", "striking", False),
    ("The troops began to withdraw from the ridge at dawn.", "withdraw", True),  # aspect verb: it happened
    ("Police arrested nine people outside the stadium.", "arrested", True),
    ("A limited strike would not change the balance of the war.", "strike", False),  # subject of a modal
    ("Generals drew up options in case of a strike.", "strike", False),
    ("In the past two days police arrested nine people outside the stadium.", "arrested", True),  # a window
    ("In the past, police arrested fans outside the stadium.", "arrested", False),
])
def test_specific_reports(sentence: str, trigger: str, expected: bool) -> None:
    start = sentence.index(trigger)
    assert specific(sentence, start, (0, len(sentence)), None, None) is expected


@pytest.mark.parametrize(("value", "source", "expected"), [
    ("2025-03-03", "clause", True),     # "on Monday, again": a dated, specific happening
    ("2025-03-03", "publication", False),  # the date only comes from the publication
    ("2025-03", "clause", False),       # a month is no specific date
    (None, None, False),
])
def test_generic_marker_with_a_date(value: str | None, source: str | None, expected: bool) -> None:
    s = "On Monday the rebels again repeatedly shelled the bridge."
    assert generic(s) and specific(s, s.index("shelled"), (0, len(s)), value, source) is expected


def test_unrealised_needs_the_marker_before_the_trigger() -> None:
    s = "The navy struck the depot, and officials said more could follow."
    assert not unrealised(s, s.index("struck"))


@pytest.mark.parametrize(("a", "b", "same"), [
    ("The minister accused the president of breaking the constitution by missing a Sunday deadline.",
     "The minister accused the president of breaking the constitution by missing Sunday's deadline.", True),
    ("The minister’s aides accused the president of breaking the constitution on Sunday night.",
     "The minister's aides accused the president of breaking the constitution on Sunday night.", True),
    ("The minister accused the president of breaking the constitution by missing a Sunday deadline.",
     "The president rejected the minister's claim that he broke the constitution, calling it baseless.", False),
])
def test_near_copies(a: str, b: str, same: bool) -> None:
    wa, wb = sentence_words(a), sentence_words(b)
    assert wa and wb and near_copy(wa, wb) is same


def test_short_sentences_tell_no_copy() -> None:
    assert sentence_words("He was killed on Friday.") is None


@pytest.mark.parametrize(("name", "clean"), [
    ("Rebel Front 08:24\n\nMayor", "Rebel Front"),  # a video timestamp and the next caption line
    ("Hide Caption 3 of 12 Photos", "Hide Caption Photos"),
    ("Route 9 Authority", "Route 9 Authority"),  # numbers that are part of a name stay
    ("Mayor Ilic Says", "Mayor Ilic"),  # a headline's verb after the name
    ("Says", "Says"),
    ("12:30", None),
    ("", None),
])
def test_clean_name(name: str, clean: str | None) -> None:
    assert clean_name(name) == clean


def _doc(doc_id: str, outlet: str, text: str) -> Analysis:
    s, a = text.index("struck"), text.index("Northland army")
    army = Entity("E1", "Northland army", "ORG", [Mention(a, a + 14, "Northland army")])
    ev = Event("v1", "ASSAULT", TextSpan(s, s + 6, "struck"), actor=Role("Northland army", "E1"), where=Role("Eastport"),
               when=When("2025-01-05", "day"))
    return Analysis(Document(doc_id, text, outlet=outlet), entities=[army], events=[ev])


def test_top_list_needs_two_independent_sources(tmp_path: Path) -> None:
    wire = "The Northland army struck the port of Eastport at dawn on Sunday, destroying two warehouses, officials said."
    edited = wire.replace("two warehouses", "two large warehouses")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", "Paper A", wire))
        ledger.store(_doc("b", "Paper B", "Background first. " + edited))  # the wire copy, lightly edited
        update(ledger.conn)
        assert top_clusters(ledger.conn) == []  # two outlets, one source: not corroborated
        ledger.store(_doc("c", "Paper C", "The Northland army struck Eastport, our reporter saw."))
        update(ledger.conn)
        top = top_clusters(ledger.conn)
        assert [(c["independent_sources"], c["outlets"]) for c in top] == [(2, 3)]
        groups = {m["doc_id"]: m["source_group"] for m in top[0]["members"]}
        assert groups["a"] == groups["b"] != groups["c"]
        assert top[0]["label"].startswith("Northland army – ASSAULT")
        page = get_cluster(ledger.conn, top[0]["cluster_id"])  # the cluster page groups sources the same way
        assert page is not None and len(page["sources"]) == top[0]["independent_sources"]
