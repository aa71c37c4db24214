"""Statements named by a phrase: a stance noun with a clause ("expressed confidence that ..."), "made (it) clear"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("Governor Lena Ortiz expressed confidence that the new dam would hold through the spring floods.",
         "the new dam would hold through the spring floods", "Lena Ortiz", "expressed"),
        # the clause hung on the verb after an adjunct
        ("The ministry expressed hope on Tuesday that the border crossings would reopen before the harvest.",
         "the border crossings would reopen before the harvest", "ministry", "expressed"),
        # "that" left out
        ("Senate Republicans voiced concern the new canal will drain the wells of the valley within a decade.",
         "the new canal will drain the wells of the valley within a decade", "Republican", "voiced"),
        ("Mayor Tom Reed made clear that the city will not pay for the stadium roof.",
         "the city will not pay for the stadium roof", "Tom Reed", "made clear"),
        ("The union's president made it clear that the strike would go on until the talks resume.",
         "the strike would go on until the talks resume", "president", "made it clear"),
    ],
)
def test_stance_statements(quotes_of: QuotesOf, text: str, content: str, speaker: str, cue: str) -> None:
    quote = next((q for q in quotes_of(text) if q.content.text == content), None)
    assert quote is not None, quotes_of(text)
    assert quote.kind == "indirect" and quote.mode == "speech"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speaker is not None and speaker in quote.speaker.name


@pytest.mark.parametrize(
    "text",
    [
        # a feeling with no proposition
        "Governor Lena Ortiz expressed her condolences to the families of the two pilots.",
        # a relative clause on the noun is no content
        "Several senators voiced support for the raid that destroyed a depot near the river.",
        # an adverbial clause on the noun is no content
        "The minister expressed his wish to leave office, a day after he lost the vote in parliament.",
        # an event or a thing makes something clear, nobody states it
        "The flood made clear that the old levees could not hold back the river.",
        # negated
        "Mayor Tom Reed did not make clear whether the city will pay for the stadium roof.",
    ],
)
def test_no_stance_statement(quotes_of: QuotesOf, text: str) -> None:
    assert not any(q.cue is not None and q.cue.text.split()[0] in ("expressed", "voiced", "made", "make")
                   for q in quotes_of(text)), quotes_of(text)
