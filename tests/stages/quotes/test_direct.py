"""Direct quotes in every layout, with the speaker found around the marks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ('"We will rebuild the bridge by spring," Mayor Ana Lopez said.', "Lopez", "We will rebuild the bridge by spring"),
        ("“We will rebuild the bridge by spring,” said Ana Lopez.", "Lopez", "We will rebuild the bridge by spring"),
        ('"We will rebuild the bridge by spring,” Ana Lopez said.', "Lopez", "We will rebuild the bridge by spring"),
        ("'We will rebuild the bridge by spring,' Ana Lopez said.", "Lopez", "We will rebuild the bridge by spring"),
        ("''We will rebuild the bridge by spring,'' Ana Lopez said.", "Lopez", "We will rebuild the bridge by spring"),
        ('Ana Lopez said on Tuesday: "The bridge opens in May."', "Lopez", "The bridge opens in May."),
        ('Ana Lopez told reporters, "The bridge opens in May."', "Lopez", "The bridge opens in May."),
        ('"The plan failed. Nobody read it. We start again," said Tom Reed.', "Reed", "The plan failed. Nobody read it. We start again"),
        ('"Are you serious?" Tom Reed asked.', "Reed", "Are you serious?"),
        ("“The vote was rigged” ― Carla Mendes", "Mendes", "The vote was rigged"),
        ('Tom Reed spoke to the crowd and added:\n"We will not close the school."', "Reed", "We will not close the school."),
    ],
)
def test_layouts(candidates_of: QuotesOf, text: str, speaker: str, content: str) -> None:
    direct = [q for q in candidates_of(text) if q.kind == "direct"]
    assert [q.content.text for q in direct] == [content]
    assert direct[0].speaker is not None and speaker in direct[0].speaker.name
    assert direct[0].cue is not None


def test_split_quote_has_both_parts_with_one_speaker(candidates_of: QuotesOf) -> None:
    quotes = candidates_of('"The river is rising," Ana Lopez said, "and we must act tonight."')
    assert [q.content.text for q in quotes] == ["The river is rising", "and we must act tonight."]
    assert {q.speaker.name for q in quotes if q.speaker} == {"Ana Lopez"}
    assert quotes[0].cue == quotes[1].cue


def test_quote_continues_across_paragraphs(candidates_of: QuotesOf) -> None:
    text = 'Ana Lopez spoke at the harbour.\n"The first ferry leaves at dawn.\n"The second one carries medicine," she said.'
    quotes = candidates_of(text)  # one quote per paragraph (a quote never crosses one), one speaker and cue
    assert [q.content.text for q in quotes] == ["The first ferry leaves at dawn.", "The second one carries medicine"]
    assert {q.speaker.name for q in quotes if q.speaker} == {"Ana Lopez"}
    assert quotes[0].cue == quotes[1].cue


def test_following_quote_keeps_the_speaker(candidates_of: QuotesOf) -> None:
    text = '"We lost the first match," coach Peter Hall said. "The second one will be different, I promise you."'
    quotes = candidates_of(text)
    assert len(quotes) == 2
    assert all(q.speaker is not None and "Hall" in q.speaker.name for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace plan" was never published.',
        'She watched "The Long Winter" on Sunday.',
        "The players' union met the owners' lawyers.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(candidates_of: QuotesOf, text: str) -> None:
    assert candidates_of(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "content"),
    [
        # the verb's complement says no more than the quoted words: a direct quote of them
        ('Tom Reed described it as a "total betrayal" of trust.', "direct", "total betrayal"),
        # the complement names what is described: mixed, over the whole complement (PolNeAR's convention)
        ('Tom Reed described the new pension deal as a "total betrayal" of the workers.', "mixed",
         'the new pension deal as a "total betrayal" of the workers'),
        # the same with the period inside the closing mark (American style): the content keeps it
        ('Tom Reed described the new pension deal as a "total betrayal."', "mixed",
         'the new pension deal as a "total betrayal.'),
    ],
)
def test_attributed_scare_quote_is_a_quote(candidates_of: QuotesOf, text: str, kind: str, content: str) -> None:
    quotes = candidates_of(text)
    assert [(q.kind, q.content.text) for q in quotes] == [(kind, content)]
    assert quotes[0].cue is not None and quotes[0].cue.text == "described"


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never ends.',
        '"',
        '" " " "',
        '"Unclosed first paragraph.\nSecond paragraph without any mark at all, said nobody.',
        "Text without any quotation at all.",
        "“”“”‘’''``",
        'A "b" c "d" e "f',
    ],
)
def test_odd_marks_do_not_crash_or_run_away(candidates_of: QuotesOf, text: str) -> None:
    for q in candidates_of(text):
        assert q.content.text.count("\n") == 0 or q.kind != "direct"
        assert text.find(q.content.text) >= 0


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Governor Helen Marsh: The Harbour Tunnel Will Open in May\n\nThe tunnel has been delayed twice.",
         "Helen Marsh", "The Harbour Tunnel Will Open in May"),
        ("Poll: Most Voters Back the New Transit Plan\n\nA survey of 900 residents was published.",
         "Poll", "Most Voters Back the New Transit Plan"),
        ('Helen Marsh: "We Will Not Close the Harbour"\n\nThe port employs 4,000 people.',
         "Helen Marsh", "We Will Not Close the Harbour"),
    ],
)
def test_a_line_labelled_with_its_source(candidates_of: QuotesOf, text: str, speaker: str, content: str) -> None:
    quotes = candidates_of(text)
    assert [(q.speaker.name if q.speaker else None, q.content.text) for q in quotes] == [(speaker, content)]
    assert quotes[0].cue is not None and quotes[0].cue.text == ":"


@pytest.mark.parametrize("text", ["Update: The ferry will run on Sunday.", "Photo: The old lighthouse at dusk."])
def test_a_label_that_is_not_a_source(candidates_of: QuotesOf, text: str) -> None:
    assert candidates_of(text) == []


@pytest.mark.parametrize(
    ("text", "turns"),
    [
        # a transcript without marks: each labelled paragraph is the speaker's turn
        ("The station aired the exchange.\n\nHOST: Will the senator come to the debate tonight?\n\n"
         "SMITH: She will not come to the debate, and that is final.",
         [("HOST", "Will the senator come to the debate tonight?"), ("SMITH", "She will not come to the debate, and that is final.")]),
        # the same transcript quoted paragraph by paragraph: the label, not the quoted paragraph, gives the record
        ('The station aired the exchange.\n\n"HOST: Will the senator come to the debate tonight?\n\n'
         '"SMITH: She will not come to the debate, and that is final."',
         [("HOST", "Will the senator come to the debate tonight?"), ("SMITH", "She will not come to the debate, and that is final.")]),
    ],
)
def test_transcript_turns(quotes_of: QuotesOf, text: str, turns: list[tuple[str, str]]) -> None:
    quotes = quotes_of(text)
    assert [(q.speaker.name if q.speaker else None, q.content.text) for q in quotes] == turns
    assert all(q.cue is not None and q.cue.text == ":" for q in quotes)


# "continued" and "reads" attribute the passage next to them and its uncued continuation (direct.BARE_CUES), but
# they are no paraphrase cue.
@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('"The harbour will stay open all winter," Mayor Ana Lopez continued. "We owe that to the fishermen."',
         "We owe that to the fishermen.", "Ana Lopez"),
        ('"The harbour will stay open all winter," Mayor Ana Lopez continued.', "The harbour will stay open all winter",
         "Ana Lopez"),
        ('"We regret the delay," the statement from the ferry company reads. "Repairs start on Monday."',
         "Repairs start on Monday.", "statement"),
        ('Carla Mendes continued: "Nobody asked the farmers what they wanted."',
         "Nobody asked the farmers what they wanted.", "Carla Mendes"),
    ],
)
def test_bare_cues(quotes_of: QuotesOf, text: str, content: str, speaker: str) -> None:
    quote = next((q for q in quotes_of(text) if q.content.text == content), None)
    assert quote is not None, quotes_of(text)
    assert quote.speaker is not None and speaker in quote.speaker.name


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ana Lopez said the talks went well. The storm continued to batter the coast through the night.",
        'Tom Reed read "The Old Harbour" to the pupils on Friday.',
        'The protest continued "for as long as it takes," the organisers said.',
    ],
)
def test_bare_cues_attribute_nothing_else(quotes_of: QuotesOf, text: str) -> None:
    assert not any(q.cue is not None and q.cue.text.lower() in ("continued", "read", "reads") for q in quotes_of(text))


def test_according_line_introduces_the_next_paragraph(quotes_of: QuotesOf) -> None:
    # a line that is only "According to X:" attributes the paragraph after it (direct._according_line)
    text = "According to the harbour police:\n\nThe gate was left open overnight and two boats were taken."
    quote = next((q for q in quotes_of(text) if q.content.text.startswith("The gate was left open")), None)
    assert quote is not None, quotes_of(text)
    assert quote.speaker is not None and "harbour police" in quote.speaker.name
    assert quote.cue is not None and quote.cue.text == "According to"
