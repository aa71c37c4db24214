"""Place descriptions ("the country", "the province", "the airbase") become mentions of the place named before them."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis, Document, Removed
from newsledger.geo.resolve import geocode_analysis
from tests.geo.test_resolve import _entities


def _linked(text: str, names: list[tuple[str, str]], removed: tuple[int, int] | None = None) -> dict[str, str]:
    """Description text -> the name of the entity it became a nominal mention of."""
    a = Analysis(Document("d1", text), entities=_entities(text, names))
    if removed:
        a.removed.append(Removed(removed[0], removed[1], "boilerplate", "a test passage"))
    geocode_analysis(a)
    return {m.text: e.name for e in a.entities for m in e.mentions if m.kind == "nominal"}


@pytest.mark.parametrize(("text", "names", "description", "place"), [
    ("Floods hit Bangladesh and Nepal this week. The country has asked for tents.",
     [("Bangladesh", "GPE"), ("Nepal", "GPE")], "The country", "Nepal"),
    ("Officials in Sichuan said rain had stopped. The province will reopen its schools on Monday.",
     [("Sichuan", "GPE")], "The province", "Sichuan"),
    ("Shelling reached Kharkiv in Ukraine overnight, and the city lost power.",
     [("Kharkiv", "GPE"), ("Ukraine", "GPE")], "the city", "Kharkiv"),
    ("Jets left Ramstein Air Base before dawn. The airbase is the largest in Germany.",
     [("Ramstein Air Base", "FAC"), ("Germany", "GPE")], "The airbase", "Ramstein Air Base"),
])
def test_description_links_to_the_place_before(text: str, names: list[tuple[str, str]], description: str, place: str) -> None:
    assert _linked(text, names)[description] == place


@pytest.mark.parametrize(("text", "names"), [
    # "the city of X" names its own place
    ("Ministers met in Kenya before visiting the city of Mombasa.", [("Kenya", "GPE")]),
    # no place of the description's kind before it
    ("Nairobi was calm on Friday. The country will vote next year.", [("Nairobi", "GPE")]),
    # an airbase is no building of another kind
    ("The Pentagon said the strikes were over. The airbase was hit twice.", [("Pentagon", "FAC")]),
    # "the region" and "the state" are too vague to link
    ("Rain fell on Kenya again, and the region braced for floods while the state sent aid.", [("Kenya", "GPE")]),
])
def test_descriptions_left_alone(text: str, names: list[tuple[str, str]]) -> None:
    assert _linked(text, names) == {}


def test_description_in_a_removed_passage_is_left_alone() -> None:
    text = "Storms hit Chile on Sunday. Subscribe to read more about the country."
    assert _linked(text, [("Chile", "GPE")], removed=(28, len(text))) == {}


def _repeats(text: str, names: list[tuple[str, str]]) -> list[str]:
    """The name mentions the geo stage added, as "text@n" for the n-th occurrence (the test entities get only the first)."""
    ents = _entities(text, names)
    for e in ents:
        e.mentions = e.mentions[:1]
    a = Analysis(Document("d1", text), entities=ents)
    before = {(m.start, m.end) for e in ents for m in e.mentions}
    geocode_analysis(a)
    return [f"{m.text}@{text[:m.start].count(m.text) + 1}" for e in a.entities for m in e.mentions
            if m.kind == "name" and (m.start, m.end) not in before]


@pytest.mark.parametrize(("text", "names", "expected"), [
    # a repeat the recogniser skipped becomes a mention
    ("Talks opened in Lisbon on Monday. By Friday, Lisbon had agreed to most of the terms.",
     [("Lisbon", "GPE")], ["Lisbon@2"]),
    # not inside a longer capitalised name, before or after
    ("Crowds filled Lisbon again. The USS Lisbon sailed while Lisbon Harbour stayed shut.", [("Lisbon", "GPE")], []),
    # a repeat as the subject of a sentence
    ("Officials in Quito met the mayor, and Quito said the roads would reopen.", [("Quito", "GPE")], ["Quito@2"]),
])
def test_repeats_of_a_place_name(text: str, names: list[tuple[str, str]], expected: list[str]) -> None:
    assert _repeats(text, names) == expected
