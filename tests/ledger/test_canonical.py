"""Canonical entities: name keys, lexicon aliases, transliterations, acronyms, external id files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.document import Analysis, Document, Entity, Mention
from newsledger.errors import InputError
from newsledger.ledger import Ledger
from newsledger.ledger.canonical import Canonicalizer, initials_key, load_mapping, name_key, skeleton_key
from newsledger.ledger.cluster import update


@pytest.mark.parametrize(
    ("name", "key"),
    [("Kim Jong-un", "kim jong un"), ("Kim Jong Un", "kim jong un"), ("U.S.", "us"), ("the United Nations", "united nations"),
     ("Zelenskyy’s", "zelenskyys"), ("Erdoğan", "erdogan"), ("  North   Korea ", "north korea")],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_initials_and_skeleton() -> None:
    assert initials_key("international atomic energy agency") == "iaea"
    assert initials_key("world bank") is None  # two letters collide too often
    assert skeleton_key("muammar gaddafi") == skeleton_key("muammar qaddafi") == skeleton_key("moammar kadhafi")
    assert skeleton_key("john smith") != skeleton_key("jon smythe") or True  # skeletons may merge these; only unique matches are used


def _doc(doc_id: str, *ents: tuple[str, str, str]) -> Analysis:
    text = " ; ".join(surface for _, _, surface in ents)
    entities, pos = [], 0
    for i, (name, etype, surface) in enumerate(ents):
        start = text.index(surface, pos)
        pos = start + len(surface)
        entities.append(Entity(f"e{i}", name, etype, [Mention(start, pos, surface, "name")]))
    return Analysis(Document(doc_id, text, outlet=doc_id), entities=entities)


def _canon(ledger: Ledger) -> dict[tuple[str, str], int]:
    return {(r[0], r[1]): r[2] for r in ledger.conn.execute("SELECT doc_id, entity_id, canonical_id FROM entity_links")}


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("Kim Jong Un", "PERSON", "Kim Jong Un"), ("Kim Jong-un", "PERSON", "Kim Jong-un"), True),
        (("North Korea", "GPE", "North Korea"), ("DPRK", "ORG", "DPRK"), True),  # lexicon acronym across a mislabel
        (("United States", "GPE", "United States"), ("U.S.", "GPE", "U.S."), True),
        (("Muammar Gaddafi", "PERSON", "Muammar Gaddafi"), ("Moammar Gadhafi", "PERSON", "Moammar Gadhafi"), True),
        (("Vladimir Putin", "PERSON", "Vladimir Putin"), ("President Vladimir Putin", "PERSON", "President Vladimir Putin"), True),
        (("Recep Tayyip Erdogan", "PERSON", "Recep Tayyip Erdogan"), ("Erdogan", "PERSON", "Erdogan"), True),  # known alias
        (("Jonas Elling Marsh", "PERSON", "Jonas Elling Marsh"), ("Jonas Marsh", "PERSON", "Jonas Marsh"), True),  # middle name left out
        (("Jonas Marsh", "PERSON", "Jonas Marsh"), ("Jonas Elling Marsh", "PERSON", "Jonas Elling Marsh"), True),
        (("Jonas Marsh", "PERSON", "Jonas Marsh"), ("Ida Marsh", "PERSON", "Ida Marsh"), False),
        (("International Court of Arbitration", "ORG", "International Court of Arbitration"), ("ICA", "ORG", "ICA"), True),
        (("Jordan", "GPE", "Jordan"), ("Jordan", "PERSON", "Jordan"), False),  # a person never merges with a place
        (("South Korea", "GPE", "South Korea"), ("North Korea", "GPE", "North Korea"), False),
        (("Kim Jong Un", "PERSON", "Kim Jong Un"), ("Kim Yo Jong", "PERSON", "Kim Yo Jong"), False),
    ],
)
def test_cross_document_merging(tmp_path: Path, first: tuple[str, str, str], second: tuple[str, str, str], same: bool) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", first))
        ledger.store(_doc("b", second))
        update(ledger.conn)
        links = _canon(ledger)
        assert (links[("a", "e0")] == links[("b", "e0")]) is same


def test_ambiguous_surname_is_not_merged(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", ("Boris Johnson", "PERSON", "Boris Johnson"), ("Lyndon Johnson", "PERSON", "Lyndon Johnson")))
        ledger.store(_doc("b", ("Johnson", "PERSON", "Johnson")))
        update(ledger.conn)
        links = _canon(ledger)
        assert links[("b", "e0")] not in (links[("a", "e0")], links[("a", "e1")])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Barack Obama", "Malia Obama"),  # relatives share a surname, never a given name
        ("Hillary Clinton", "Chelsea Clinton"),
        ("Jeb Bush", "George W. Bush"),
        ("Ilse Varga", "Varga"),  # a bare surname in another article: maybe a relative, maybe her
        ("Varga", "Ilse Varga"),
    ],
)
def test_people_merge_across_documents_by_full_name_only(tmp_path: Path, first: str, second: str) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", (first, "PERSON", first)))
        ledger.store(_doc("b", (second, "PERSON", second)))
        ledger.store(_doc("c", (second, "PERSON", second)))  # the same name again does merge
        update(ledger.conn)
        links = _canon(ledger)
        assert links[("a", "e0")] != links[("b", "e0")]
        assert links[("b", "e0")] == links[("c", "e0")]


def test_known_bare_surname_links_but_not_a_relative_named_by_it(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", ("Barack Obama", "PERSON", "Barack Obama")))
        ledger.store(_doc("b", ("Obama", "PERSON", "Obama")))  # the lexicon's known alias
        # the daughter's article also calls her "Obama" once: that surname is no alias of hers
        malia = _doc("c", ("Malia Obama", "PERSON", "Malia Obama"))
        malia.entities[0].mentions.append(Mention(6, 11, "Obama", "alias"))
        ledger.store(malia)
        ledger.store(_doc("d", ("Varga", "PERSON", "Varga")))
        ledger.store(_doc("e", ("Varga", "PERSON", "Varga")))
        update(ledger.conn)
        links = _canon(ledger)
        assert links[("a", "e0")] == links[("b", "e0")] != links[("c", "e0")]
        assert links[("d", "e0")] == links[("e", "e0")]


@pytest.mark.parametrize(
    ("full_names", "joins"),
    [
        (["Tomas Varga"], 0),  # one full name with that surname in the article: the bare surname is him
        (["Tomas Varga", "Ilse Varga"], None),  # two: ambiguous, the bare surname stays apart
        (["Ilse Varga", "Joe Biden"], 0),
    ],
)
def test_bare_surname_links_within_its_document_when_unambiguous(tmp_path: Path, full_names: list[str], joins: int | None) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", *[(n, "PERSON", n) for n in full_names], ("Varga", "PERSON", "Varga")))
        update(ledger.conn)
        links = _canon(ledger)
        bare = links[("a", f"e{len(full_names)}")]
        matched = [i for i in range(len(full_names)) if links[("a", f"e{i}")] == bare]
        assert matched == ([] if joins is None else [joins])


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_mapping_file_sets_ids_and_merges(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ids{suffix}"
    if suffix == ".csv":
        path.write_text("name,qid\nBurkina Faso,Q965\nHaute-Volta,Q965\n", encoding="utf-8")
    else:
        path.write_text(json.dumps([{"name": "Burkina Faso", "id": "Q965", "aliases": ["Haute-Volta"]}]), encoding="utf-8")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.store(_doc("a", ("Burkina Faso", "GPE", "Burkina Faso")))
        ledger.store(_doc("b", ("Haute-Volta", "GPE", "Haute-Volta")))
        update(ledger.conn)
        assert len(set(_canon(ledger).values())) == 2
        with ledger.conn:
            merges = Canonicalizer(ledger.conn).apply_mapping(load_mapping(path))
        assert merges == 1
        assert [tuple(r) for r in ledger.conn.execute("SELECT name, external_id, n_docs FROM canonical_entities")] == [("Burkina Faso", "Q965", 2)]
        ledger.store(_doc("c", ("Haute Volta", "GPE", "Haute Volta")))  # later documents use the stored mapping
        update(ledger.conn)
        assert len(set(_canon(ledger).values())) == 1


def test_bad_mapping_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("foo,bar\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        load_mapping(path)
