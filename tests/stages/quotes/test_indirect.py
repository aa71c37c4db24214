"""Indirect and mixed attributions from the dependency parse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("The minister said that the border would reopen next week.", "said", "minister", "the border would reopen next week"),
        ("Officials told reporters the talks had stalled.", "told", "Officials", "the talks had stalled"),
        ("According to the harbour authority, the dam was damaged overnight.", "According to", "harbour authority", "the dam was damaged overnight."),
        ("The dam was damaged overnight, according to the harbour authority.", "according to", "harbour authority", "The dam was damaged overnight"),
        # a conjunction or an adverb before it still opens the clause
        ("The ferry kept sailing. But according to the harbour authority, the dam was damaged overnight.", "according to",
         "harbour authority", "the dam was damaged overnight."),
        ("Most towns voted for the plan. And according to one survey, most farmers now back the canal.", "according to",
         "one survey", "most farmers now back the canal."),
        ("The fuel depot was hit twice, the governor said.", "said", "governor", "The fuel depot was hit twice"),
        ("The agency confirmed that the strike hit a fuel depot.", "confirmed", "agency", "the strike hit a fuel depot"),
        ("Carla Mendes stated that the vote had been rigged.", "stated", "Mendes", "the vote had been rigged"),
        ("Carla Mendes emphasized that the workers were not to blame.", "emphasized", "Mendes", "the workers were not to blame"),
        ("The company denied that any data had been lost.", "denied", "company", "any data had been lost"),
        ("The coast guard warned that the storm would reach the island by night.", "warned", "coast guard", "the storm would reach the island by night"),
        ("The club announced the sale of its stadium.", "announced", "club", "the sale of its stadium"),
        ("The rebels claimed they had taken the airport.", "claimed", "rebels", "they had taken the airport"),
        ("The newspaper reported that the mayor had resigned.", "reported", "newspaper", "the mayor had resigned"),
        ("Critics dismissed the governor's claim that the vote was rigged.", "claim", "governor", "the vote was rigged"),
        # a reduced relative's noun parsed as the subject: the "by" agent is the source
        ("Fishermen welcomed on Monday the plan agreed by Norway and Iceland to reopen the northern fishing grounds.",
         "agreed", "Norway", "to reopen the northern fishing grounds"),
    ],
)
def test_indirect(candidates_of: QuotesOf, text: str, cue: str, speaker: str, content: str) -> None:
    quotes = [q for q in candidates_of(text) if q.cue is not None and q.cue.text == cue]
    assert len(quotes) == 1, candidates_of(text)
    q = quotes[0]
    assert (q.kind, q.content.text) == ("indirect", content)
    assert q.speaker is not None and speaker in q.speaker.name


def test_mixed_quote(candidates_of: QuotesOf) -> None:
    quotes = candidates_of('The mayor said the plan was a "historic step" for the region.')
    assert [(q.kind, q.content.text) for q in quotes] == [("mixed", 'the plan was a "historic step" for the region')]


def test_nested_attributions_give_both_records(candidates_of: QuotesOf) -> None:
    quotes = candidates_of("Carla Mendes said the minister had told her that the funds were frozen.")
    by_cue = {q.cue.text: q for q in quotes if q.cue is not None}
    assert set(by_cue) == {"said", "told"}
    assert by_cue["told"].content.text == "the funds were frozen"
    assert by_cue["said"].content.text.startswith("the minister had told her")


def test_belief_inside_a_direct_quote_is_not_a_new_quote(candidates_of: QuotesOf) -> None:
    quotes = candidates_of('"I think the plan will fail," Tom Reed said.')
    assert [q.kind for q in quotes] == ["direct"]


@pytest.mark.parametrize(
    "text",
    [
        "The troops advanced according to the plan.",  # in accordance with, not a source
        "He said nothing.",
        "The so-called reform was dropped.",
    ],
)
def test_not_attributions(candidates_of: QuotesOf, text: str) -> None:
    assert candidates_of(text) == []


@pytest.mark.parametrize(
    ("text", "cue", "parts", "mode"),
    [
        # the subject belongs to the content, the cue words do not: two parts sharing one cue
        ("The new bridge is expected to open to traffic in early spring.", "expected",
         ["The new bridge", "to open to traffic in early spring"], "belief"),
        # (raising verbs, "seemed to", "it appears that", attribute nothing: tests/stages/quotes/test_hygiene.py)
    ],
)
def test_attitudes_without_a_holder(candidates_of: QuotesOf, text: str, cue: str, parts: list[str], mode: str) -> None:
    quotes = candidates_of(text)
    assert [(q.cue.text if q.cue else None, q.content.text, q.mode, q.speaker) for q in quotes] == [
        (cue, part, mode, None) for part in parts
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "parts"),
    [
        ("This winter, the ferry captain says, is the hardest in twenty years.", "ferry captain",
         ["This winter", "is the hardest in twenty years."]),
        ("The tunnel, Ana Ruiz said on Monday, will cost twice as much as promised.", "Ana Ruiz",
         ["The tunnel", "will cost twice as much as promised."]),
    ],
)
def test_cue_inserted_in_its_content(candidates_of: QuotesOf, text: str, speaker: str, parts: list[str]) -> None:
    quotes = candidates_of(text)
    assert [q.content.text for q in quotes] == parts
    assert all(q.speaker is not None and speaker in q.speaker.name for q in quotes)
    assert len({(q.cue.start, q.cue.end) for q in quotes if q.cue is not None}) == 1


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a conjoined verb that is not speech belongs to the content
        ("Ana Ruiz said the mayor had tried to sell the library and found no buyer.",
         "the mayor had tried to sell the library and found no buyer"),
        ("Ana Ruiz said the council is acting unlawfully and showing contempt for the voters.",
         "the council is acting unlawfully and showing contempt for the voters"),
    ],
)
def test_conjoined_verbs_stay_in_the_content(candidates_of: QuotesOf, text: str, content: str) -> None:
    quotes = [q for q in candidates_of(text) if q.cue is not None and q.cue.text == "said"]
    assert [q.content.text for q in quotes] == [content]


def test_object_content_keeps_its_adjuncts(candidates_of: QuotesOf) -> None:
    quotes = candidates_of("Senator Ana Ruiz blasted her rival on Monday over his stance on fishing quotas.")
    assert [q.content.text for q in quotes if q.cue is not None and q.cue.text == "blasted"] == [
        "her rival on Monday over his stance on fishing quotas"
    ]


def test_the_clause_after_the_verb_when_paragraphs_are_parsed_together(candidates_of: QuotesOf) -> None:
    text = ('The mayor spoke first. "The ferry will not run before May."\n\n'
            "Council member Ana Ruiz said the delay was a breach of the contract.")
    quotes = [q for q in candidates_of(text) if q.speaker is not None and "Ruiz" in q.speaker.name]
    assert [q.content.text for q in quotes] == ["the delay was a breach of the contract"]
