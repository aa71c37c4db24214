from __future__ import annotations

import pytest

from newsledger.stages.clean.blocks import split_blocks
from newsledger.stages.clean.offtopic_features import block_terms
from newsledger.stages.clean.offtopic_protect import (
    PROTECT_FEATURES,
    list_items,
    protect_rows,
    protected_flags,
    speaker_flags,
    voices,
)

# An article written for these tests; the block under test comes last, after a lead and two body paragraphs.
LEAD = ("The harbour authority of Port Elnor opened its new container terminal on Monday after a two-year "
        "dispute with oyster farmers over dredging permits.")
BODY = [
    "Chair Mira Castell said the terminal would double the capacity of the port and bring three hundred jobs.",
    "Oyster farmers fear that silt from the dredged channel will smother their beds along the northern shore.",
]
TITLE = "Port Elnor terminal opens after dredging dispute"


def _row(nlp, last: str, before: list[str] | None = None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    text = "\n\n".join([LEAD, *(before if before is not None else BODY), last])
    items = block_terms(nlp(text), split_blocks(text))
    rows = protect_rows(nlp(text), items, 1, TITLE)
    assert all(len(r) == len(PROTECT_FEATURES) for r in rows)
    return dict(zip(PROTECT_FEATURES, rows[-1], strict=True))


@pytest.mark.parametrize(("last", "protected"), [
    # a quote with its speaker
    ("“We will test the water every month for five years,” the harbour engineer told reporters on the quay.", True),
    # an actor of the story named again (Castell)
    ("Castell has run the authority since 2019 and previously managed the ferry company of the district.", True),
    # a recipe: no quote, no actor of the story, no pointer back
    ("Whisk two eggs with a spoonful of mustard, then pour in the oil drop by drop until the sauce thickens.", False),
    # a sports report about other people
    ("Brandvik scored twice in the second half as Nordhavn beat Sollia three goals to one in the cup final.", False),
])
def test_protected(nlp, last: str, protected: bool) -> None:  # type: ignore[no-untyped-def]
    assert bool(_row(nlp, last)["protected"]) is protected


def test_continuation_of_the_paragraph_before(nlp) -> None:  # type: ignore[no-untyped-def]
    before = [BODY[0], "The first feeder ship to use the berths was captained by Aron Lindqvist of Velden."]
    row = _row(nlp, "He said the channel was deep enough for ships twice the size of his own vessel.", before)
    assert row["continues"] == 1.0 and row["protected"] == 1.0


@pytest.mark.parametrize(("last", "speaker"), [
    # a quote of Castell, named in the story before: its speaker is known
    ("“The channel is safe for every ship that will use it,” Castell told the council on Tuesday.", True),
    # a quote of someone the story never names
    ("“Our nets came up empty three days in a row,” said Aron Lindqvist, a trawler captain from Velden.", False),
    # no quote and no attribution
    ("Castell has run the authority since 2019 and previously managed the ferry company of the district.", False),
])
def test_speaker_flags(nlp, last: str, speaker: bool) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join([LEAD, *BODY, last])
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    assert speaker_flags(protect_rows(doc, items, 1, TITLE))[-1] is speaker


@pytest.mark.parametrize(("last", "column", "sign"), [
    ("Ein Mann aus der Stadt wurde am Montag wegen des Verdachts der Brandstiftung von der Polizei festgenommen.",
     "en_stop_gap", -1),
    ("You should whisk your eggs first, and you will want to add your oil slowly while you stir the bowl.",
     "second_person_gap", 1),
])
def test_voice_gaps(nlp, last: str, column: str, sign: int) -> None:  # type: ignore[no-untyped-def]
    assert _row(nlp, last)[column] * sign > 0.05


def test_flags_and_voices_line_up(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\n\n".join([LEAD, *BODY])
    doc = nlp(text)
    items = block_terms(doc, split_blocks(text))
    assert len(voices(doc, items)) == 3
    # "Castell said ..." carries an attribution; the farmers' paragraph names no actor and quotes no one
    assert protected_flags(protect_rows(doc, items, 1, TITLE)) == [True, False]


@pytest.mark.parametrize("texts, expected", [
    (["The year in short:", "• Tigers multiplied in the wild.", "• A malaria campaign ended.", "Next year may differ."],
     [False, True, True, False]),
    (["1. The dam opened.", "2. The ferry stopped.", "3) A third point", "The end."], [True, True, True, False]),
    (["- One stray dash line.", "A paragraph of prose about the dam."], [False, False]),
    (["• A bullet", "- another kind of bullet"], [False, False]),
])
def test_list_items_are_found(texts: list[str], expected: list[bool]) -> None:
    assert list_items(texts) == expected
