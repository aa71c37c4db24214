"""Attributions found by clause shape where the parse hides the cue's complement (quotes/shapes.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Quote
from newsledger.stages.quotes.filter import cue_vector_features
from newsledger.stages.quotes.shapes import cluster_cues

QuotesOf = Callable[[str], list[Quote]]


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        # a reporting clause closing its sentence, with a sentence break misplaced inside the content
        ("The ferry left Pier 4 at about 6:10a.m. Lisbon time (5:10a.m. GMT on Friday), the operator said.",
         "said", "operator", "The ferry left Pier 4 at about 6:10a.m. Lisbon time (5:10a.m. GMT on Friday)"),
        # the reporting clause with an auxiliary ("has said") or after a dash with "as"
        ("The intruders copied the payroll files and the badge records, the ministry has said.",
         "said", "ministry", "The intruders copied the payroll files and the badge records"),
        ("The lender has repaid every loan on time — as the central bank has reported.",
         "reported", "central bank", "The lender has repaid every loan on time"),
        # a cue verb whose complement the parser hangs elsewhere: the words after it, past its adjuncts
        ("The port was closed after the Tribune reported in 2019 the firm had shipped parts to the rebels.",
         "reported", "Tribune", "the firm had shipped parts to the rebels"),
        ("She questioned the audit, which two former clerks testified hid a second set of ledgers.",
         "testified", "clerks", "hid a second set of ledgers"),
    ],
)
def test_attributions_by_shape(candidates_of: QuotesOf, text: str, cue: str, speaker: str, content: str) -> None:
    quotes = [q for q in candidates_of(text) if q.cue is not None and q.cue.text == cue]
    assert [q.content.text for q in quotes] == [content]
    assert quotes[0].speaker is not None and speaker in quotes[0].speaker.name


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # another act joined by "and" is not what the verb reports
        ("The envoy met the rebels on Tuesday and signed a truce in the capital.", "met"),
        # a reporting clause that goes on with a verb does not close its sentence
        ("The truce will hold, the envoy said, though fighting resumed at dawn near the border.", None),
        # a speech verb inside quotation marks is the speaker's own wording
        ('"Our team warned them it would flood every spring," the farmer recalled.', "warned"),
    ],
)
def test_no_attribution_by_shape(candidates_of: QuotesOf, text: str, cue: str | None) -> None:
    quotes = candidates_of(text)
    if cue is not None:
        assert not [q for q in quotes if q.cue is not None and q.cue.text == cue]
    assert not [q for q in quotes if "dawn" in q.content.text and q.content.text.startswith("The truce")]


def test_unseen_cues_share_the_cluster_of_speech_verbs() -> None:
    cues = cluster_cues()
    assert {"say", "describe", "characterize", "warn"} <= cues
    assert not {"river", "bridge", "think"} & cues
    near, far = cue_vector_features("characterize", "object"), cue_vector_features("bridge", "object")
    described = cue_vector_features("describe", "object")
    assert [k for k in near if k.startswith("cue_cluster=")] == [k for k in described if k.startswith("cue_cluster=")]
    assert near["cue_like_say"] > far["cue_like_say"]
    assert cue_vector_features(":", "colon") == {}


def test_the_filter_keeps_a_reporting_clause_after_a_misplaced_break(quotes_of: QuotesOf) -> None:
    text = "The ferry left Pier 4 at about 6:10a.m. Lisbon time (5:10a.m. GMT on Friday), the operator said."
    quotes = quotes_of(text)
    assert [(q.content.text[:22], q.speaker.name if q.speaker else None) for q in quotes] == [
        ("The ferry left Pier 4 ", "the operator")]
