"""Speaker resolution: names, surnames, pronouns, titles, organisations and documents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a pronoun goes to the previous subject, not to the nearest name
        ("General Marco Ferri briefed President Ellen Park on the raid. According to him, the bridge was destroyed.", "Marco Ferri"),
        ("Ana Lopez visited the port on Monday. She said the cranes were broken.", "Ana Lopez"),
        # a surname alone goes to the full name used before
        ("Senator Helen Marsh opened the session. Marsh said the budget would pass.", "Helen Marsh"),
        # a title stands for the person spoken about
        ("Marco Ferri met the troops in Kharkiv. The general said the front was stable.", "Marco Ferri"),
        # an organisation named again by its head noun
        ("The Ministry of Transport opened an office in Leeds. The ministry said traffic fell by a third.", "Ministry of Transport"),
        # a document as the source
        ("According to the text of the treaty, the border stays open.", "the text of the treaty"),
    ],
)
def test_speaker(quotes_of: QuotesOf, text: str, speaker: str) -> None:
    quotes = quotes_of(text)
    assert len(quotes) == 1, quotes
    assert quotes[0].speaker is not None and speaker in quotes[0].speaker.name


def test_speaker_span_points_at_the_text(quotes_of: QuotesOf) -> None:
    text = "Ana Lopez visited the port on Monday. She said the cranes were broken."
    q = quotes_of(text)[0]
    assert q.speaker is not None and q.speaker.start is not None and q.speaker.end is not None
    assert text[q.speaker.start : q.speaker.end] == "She"


def test_attribution_inside_a_direct_quote_is_the_speakers_wording(quotes_of: QuotesOf) -> None:
    text = '"I told the board that the plant must close," Ana Lopez said.'
    quotes = quotes_of(text)
    assert [(q.kind, q.speaker.name if q.speaker else None) for q in quotes] == [("direct", "Ana Lopez")]
