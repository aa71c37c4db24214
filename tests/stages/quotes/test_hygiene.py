"""Quote hygiene (issue #20, error patterns 2 and 3): what is not a quote, and posts that are."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


def records(quotes: list[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker.name if q.speaker else None, q.content.text) for q in quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the programme or outlet where someone spoke is not what they said
        ('"We will not back down on the budget," Senator Ruth Bale told "Face the Nation" on Sunday.',
         [("Ruth Bale", "We will not back down on the budget")]),
        ('Senator Ruth Bale said on "Meet the Press" that the budget would pass.',
         [("Ruth Bale", "the budget would pass")]),
        ('Ruth Bale, speaking to the "Morning Hour" show, said the vote was close.',
         [("Ruth Bale", "the vote was close")]),
    ],
)
def test_programme_titles_are_not_contents(quotes_of: QuotesOf, text: str, expected: list[tuple[str, str]]) -> None:
    assert records(quotes_of(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # negated and hypothetical speech
        "The mayor did not mention the strike in her speech on Friday.",
        "The minister would not say whether the troops would stay.",
        "Officials did not say that the plant had been closed.",
        "The spokesman declined to comment on the leaked report.",
        "The chairman never claimed that the vote was rigged.",
        # raising and seeming verbs attribute nothing
        "The governor appeared to place blame on the contractors.",
        "The senator seemed to suggest that the vote would be delayed.",
        "It appears that the ferry company has cancelled the winter timetable.",
        # inanimate "speakers"
        "The satellite images suggest that the dam had already failed.",
        "The reasons for the delay show that the contract was badly written.",
    ],
)
def test_not_statements(quotes_of: QuotesOf, text: str) -> None:
    assert [q for q in quotes_of(text) if q.mode == "speech"] == []


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Mayor Tina Holt wrote on social media that the bridge would reopen on Friday.", "Tina Holt",
         "the bridge would reopen on Friday"),
        ("Mayor Tina Holt posted on Facebook that the bridge would reopen on Friday.", "Tina Holt",
         "the bridge would reopen on Friday"),
        ("Mayor Tina Holt tweeted that the bridge would reopen on Friday.", "Tina Holt",
         "the bridge would reopen on Friday"),
        ('Mayor Tina Holt tweeted: "The bridge reopens on Friday."', "Tina Holt", "The bridge reopens on Friday."),
        ('"The bridge reopens Friday," Mayor Tina Holt posted on Instagram.', "Tina Holt", "The bridge reopens Friday"),
        ("In a post on X, Mayor Tina Holt said the bridge would reopen.", "Tina Holt", "the bridge would reopen"),
    ],
)
def test_posts_are_attributed(quotes_of: QuotesOf, text: str, speaker: str, content: str) -> None:
    assert (speaker, content) in records(quotes_of(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a document is a source of kind "written"; its author when the phrase names one
        ("A report by the audit office said the tunnel would cost twice as much.", "audit office"),
        ("The leaked memo said the tunnel would cost twice as much.", "The leaked memo"),
    ],
)
def test_documents_as_sources(quotes_of: QuotesOf, text: str, speaker: str) -> None:
    quotes = quotes_of(text)
    assert len(quotes) == 1 and quotes[0].speaker is not None and speaker in quotes[0].speaker.name
    assert quotes[0].speaker.kind == ("entity" if quotes[0].speaker.entity else "written")
