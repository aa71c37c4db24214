from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.offtopic_features import block_terms
from newsledger.stages.clean.offtopic_vectors import VECTOR_FEATURES, title_vector, vector_rows

# An article written for these tests: a lead, two body paragraphs, then the paragraph under test, then one more.
LEAD = ("The harbour authority of Port Elnor opened its new container terminal on Monday after a two-year "
        "dispute with fishermen over dredging permits.")
BODY = [
    "The terminal will double the capacity of the port, and ships from three shipping lines are due this month.",
    "Fishermen fear that silt from the dredged channel will harm the catch along the northern coast of the bay.",
]
TAIL = "The port expects the first cargo vessel at the new quay on Friday, a spokesman for the authority said."
TITLE = "Port Elnor terminal opens after dredging dispute"


def _row(nlp, middle: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    text = "\n\n".join([LEAD, *BODY, middle, TAIL])
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    rows = vector_rows(doc, items, 1, TITLE)
    assert len(rows) == len(items) - 1 and all(len(r) == len(VECTOR_FEATURES) for r in rows)
    return dict(zip(VECTOR_FEATURES, rows[-2], strict=True))


@pytest.mark.parametrize(("middle", "other"), [
    # the story's own topic in other words (cargo, shipping, harbour) against a recipe
    ("Cargo handlers at the harbour said the shipping companies had asked for longer hours at the docks.",
     "Whisk two eggs with a spoonful of mustard, then pour in the oil drop by drop until the sauce thickens."),
    # against a football report
    ("Cargo handlers at the harbour said the shipping companies had asked for longer hours at the docks.",
     "The striker scored twice in the second half as the visitors won the derby and moved to the top of the league."),
])
def test_a_paragraph_on_the_story_topic_is_closer_than_another_domain(nlp, middle: str, other: str) -> None:  # type: ignore[no-untyped-def]
    own, pasted = _row(nlp, middle), _row(nlp, other)
    assert own["wv_far"] > pasted["wv_far"]
    assert own["wv_lead"] > pasted["wv_lead"]
    assert own["wv_far_z"] > pasted["wv_far_z"]
    assert 0.0 < pasted["wv_known"] <= 1.0


def test_title_vector_of_no_title_is_zero() -> None:
    assert not title_vector(None).any()
    assert title_vector(TITLE).any()
