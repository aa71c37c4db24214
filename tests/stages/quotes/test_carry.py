"""Quoted passages with no cue of their own: the attribution that governs them, or nothing; signed posts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a short sentence after the attribution sentence of the same paragraph
        ('"Most crews fly abroad now," Lena Ortiz said. "It is normal."', "It is normal.", "Lena Ortiz"),
        # after a mixed quote
        ('The dam is "a patch on a patch," said Omar Haddad. "Nobody wants to pay for a new one."',
         "Nobody wants to pay for a new one.", "Omar Haddad"),
        # after a paraphrase of the same paragraph
        ('Rita Blum said the farmers lost their harvest. "The fund will help them plant again."',
         "The fund will help them plant again.", "Rita Blum"),
        # a quoted paragraph after a paragraph that ends with a paraphrase
        ('Rita Blum said the farmers lost their harvest.\n\n"The fund will help them plant again."',
         "The fund will help them plant again.", "Rita Blum"),
        # a speech verb with no content of its own, then the quoted paragraph
        ('Paulo Reis said this on Friday after meeting the governor, Ines Kato.\n\n"The roads are worse than last year."',
         "The roads are worse than last year.", "Paulo Reis"),
        # a quotation running on into the next paragraph, attributed at the end
        ('"The ferry leaves at dawn.\n\n"The second one carries medicine," Ana Lopez said.',
         "The ferry leaves at dawn.", "Ana Lopez"),
    ],
)
def test_passage_takes_the_governing_speaker(candidates_of: QuotesOf, text: str, content: str, speaker: str) -> None:
    quote = next(q for q in candidates_of(text) if q.content.text == content)
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert quote.kind == "direct" and quote.cue is not None


@pytest.mark.parametrize(
    "text",
    [
        # no attribution before it at all
        '"The roads are worse than last year."\n\nThe council meets on Monday.',
        # the attribution is two paragraphs back and not a direct quote
        'Rita Blum said the farmers lost their harvest.\n\nThe council meets on Monday.\n\n"The roads are worse than last year."',
    ],
)
def test_ungoverned_passage_gets_no_speaker(candidates_of: QuotesOf, text: str) -> None:
    assert not [q for q in candidates_of(text) if "roads" in q.content.text]


def test_quotation_over_paragraphs_is_one_quote_per_paragraph(candidates_of: QuotesOf) -> None:
    text = 'Ana Lopez said:\n\n"The first ferry leaves at dawn.\n\n"The second one carries medicine.\n\n"We need more."'
    quotes = candidates_of(text)
    assert [q.content.text for q in quotes] == ["The first ferry leaves at dawn.", "The second one carries medicine.",
                                                "We need more."]
    assert {q.speaker.name for q in quotes if q.speaker} == {"Ana Lopez"}


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The mayor answered online.\n\nThe bridge stays closed until May. Sorry! https://t.co/x1 pic.twitter.com/y2 "
         "— Ana Lopez (@analopez) May 5, 2019", "The bridge stays closed until May. Sorry!", "Ana Lopez"),
        ("The mayor answered online.\n\nThe bridge stays closed until May, and the ferry runs twice a day until "
         "then. https://t.co/x1\n\n— Ana Lopez (@analopez) May 5, 2019",
         "The bridge stays closed until May, and the ferry runs twice a day until then.", "Ana Lopez"),
    ],
)
def test_signed_post_is_a_direct_quote(quotes_of: QuotesOf, text: str, content: str, speaker: str) -> None:
    post = next(q for q in quotes_of(text) if q.content.text == content)
    assert post.speaker is not None and post.speaker.name == speaker
    assert post.kind == "direct" and post.cue is not None and post.cue.text == "—"


def test_signature_without_a_handle_is_no_post(quotes_of: QuotesOf) -> None:
    text = "The bridge stays closed until May.\n\n— Ana Lopez, May 5, 2019"
    assert not [q for q in quotes_of(text) if "bridge" in q.content.text]
