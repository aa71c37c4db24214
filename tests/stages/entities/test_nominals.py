"""Definite descriptions of people joined by the learned ranker (own sentences)."""

from __future__ import annotations

import pytest

from newsledger.document import Analysis
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.stages.entities.nominals import FEATURES, shipped_nominals


def run(pipeline: Pipeline, text: str) -> Analysis:
    a = pipeline.analyze_document(make_document(text, id="t"))
    assert not [e for e in a.errors if e.stage == "entities"], a.errors
    return a


def owner(a: Analysis, surface: str) -> str | None:
    """The entity holding the last occurrence of ``surface`` as a mention."""
    start = a.document.text.rindex(surface)
    return next((e.name for e in a.entities for m in e.mentions if (m.start, m.end) == (start, start + len(surface))), None)


def test_shipped_model_matches_the_features() -> None:
    model = shipped_nominals()
    assert model is not None and len(model.weights) == len(FEATURES)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        # introduced by apposition, taken up two sentences later
        ("Maria Lenz, the former governor, opened the fair on Monday. Farmers showed their cattle. "
         "Late in the day the former governor left the grounds.", "the former governor", "Maria Lenz"),
        # a second person, introduced with another title in between, does not take it
        ("Ines Obuya, a spokeswoman for the agency, read the notice to the press. Reporter Dan Kell asked about "
         "the budget. The spokeswoman did not answer.", "The spokeswoman", "Ines Obuya"),
        # of two people with titles, the one introduced with this one
        ("Mayor Lucy Tran and Governor Ben Ortiz opened the bridge. The governor cut the ribbon.",
         "The governor", "Ben Ortiz"),
        # "the president" is the president, not the vice president named after him
        ("President Arturo Vidal met Vice President Lena Brandt in the capital. The president spoke first.",
         "The president", "Arturo Vidal"),
    ],
)
def test_descriptions_join_the_person_introduced_with_them(pipeline: Pipeline, text: str, surface: str, name: str) -> None:
    assert owner(run(pipeline, text), surface) == name


@pytest.mark.parametrize(
    "text",
    [
        "The inspector general opened an inquiry into the purchase on Friday.",
        "The mayor of the town closed the bridge after the storm.",
    ],
)
def test_a_description_with_no_person_before_it_stays_unlinked(pipeline: Pipeline, text: str) -> None:
    a = run(pipeline, text)
    assert not [e for e in a.entities if e.type == "PERSON"]


def test_an_anonymous_official_is_not_the_named_person_before_it(pipeline: Pipeline) -> None:
    a = run(pipeline, "Jane Roe met a senior official in Paris on Monday. The official praised the deal.")
    assert owner(a, "The official") is None
