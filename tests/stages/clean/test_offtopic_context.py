from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.offtopic_context import CONTEXT_FEATURES, _rank, _z, context_rows
from newsledger.stages.clean.offtopic_features import block_terms

# An article written for these tests: a lead, three body paragraphs, the paragraph under test, two more.
LEAD = ("The harbour authority of Port Elnor opened its new container terminal on Monday after a two-year "
        "dispute with fishermen over dredging permits.")
BEFORE = [
    "Harbour master Ines Vidal said the terminal would double the capacity of the port within a year.",
    "Fishermen fear that silt from the dredged channel will harm the catch along the northern coast of the bay.",
    "Vidal said the authority had agreed to pay for a survey of the channel and the fishing grounds every spring.",
]
AFTER = [
    "The fishermen's union said it would watch the survey closely and go back to court if the silt spread.",
    "The first container ship is due at the new terminal on Friday, the harbour authority said.",
]


def _rows(nlp, middle: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    text = "\n\n".join([LEAD, *BEFORE, middle, *AFTER])
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    rows = context_rows(doc, items, 1)
    assert len(rows) == len(items) - 1 and all(len(r) == len(CONTEXT_FEATURES) for r in rows)
    return dict(zip(CONTEXT_FEATURES, rows[len(BEFORE)], strict=True))


@pytest.mark.parametrize(("middle", "pasted"), [
    # the story going on (the survey, the channel, Vidal) against a recipe
    ("Vidal added that the survey of the channel would be published before the fishing season opens.",
     "Whisk two eggs with a spoonful of mustard, then pour in the oil drop by drop until the sauce thickens."),
    # against another story's paragraph with its own people
    ("Vidal added that the survey of the channel would be published before the fishing season opens.",
     "Mayor Tomas Brandt of Kellerhof told the council on Tuesday that the new library would open in the autumn."),
])
def test_a_pasted_paragraph_breaks_the_context_on_both_sides(nlp, middle: str, pasted: str) -> None:  # type: ignore[no-untyped-def]
    own, other = _rows(nlp, middle), _rows(nlp, pasted)
    assert own["ctx_terms_min"] > other["ctx_terms_min"]
    assert own["ctx_wv_min"] > other["ctx_wv_min"]
    assert other["ctx_terms_min_rank"] == 0.0 and other["ctx_terms_min_z"] < 0
    assert own["ctx_actors_before"] == 1.0


def test_actors_the_context_never_names(nlp) -> None:  # type: ignore[no-untyped-def]
    recipe = _rows(nlp, "Whisk two eggs with a spoonful of mustard, then pour in the oil drop by drop until it thickens.")
    assert recipe["ctx_no_actors"] == 1.0 and recipe["ctx_actors_lead"] == 1.0
    stranger = _rows(nlp, "Mayor Tomas Brandt of Kellerhof told the council on Tuesday that the library would open soon.")
    assert stranger["ctx_no_actors"] == 0.0 and stranger["ctx_actors_before"] == 0.0 == stranger["ctx_actors_lead"]


@pytest.mark.parametrize(("values", "ranks"), [
    ([0.3, 0.1, 0.2], [1.0, 0.0, 0.5]),
    ([5.0], [0.0]),
])
def test_rank(values: list[float], ranks: list[float]) -> None:
    assert _rank(values) == ranks


def test_z_of_equal_values_is_zero() -> None:
    assert _z([0.4, 0.4, 0.4]) == [0.0, 0.0, 0.0]
    assert _z([1.0, 3.0]) == [-1.0, 1.0]
