"""The learned speaker choice: its candidates, their features, and when it overrides the rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.document import Speaker
from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.runtime.doctext import DOC_TEXT_KEY
from newsledger.stages.quotes.base import Candidate
from newsledger.stages.quotes.ranker import FEATURES, INDEX, WIDTH, Choice, SpeakerRanker, shipped_ranker
from newsledger.stages.quotes.stage import quote_rows

Decisions = list[tuple[Candidate, list[Choice]]]


@pytest.fixture(scope="module")
def decisions_of(pipeline: Pipeline) -> Callable[[str], Decisions]:
    """The ranker's decisions on one text, recorded with the rules alone."""
    before = Pipeline(nlp=pipeline.nlp, stages=["entities", "timexes"])

    def run(text: str) -> Decisions:
        document = make_document(text)
        doc = before.nlp(document.text)
        doc.user_data[DOC_TEXT_KEY] = document.text
        analysis = before.run_stages(document, doc)
        record: Decisions = []
        quote_rows(Context(document=document, doc=doc, analysis=analysis), record=record, learned=False)
        return record

    return run


def _x(**on: float) -> list[float]:
    x = [0.0] * WIDTH
    for name, v in on.items():
        x[INDEX[name]] = v
    return x


def test_the_rules_stand_unless_beaten_by_their_kinds_margin() -> None:
    weights = tuple(2.0 if i == INDEX["subj_cue"] else 0.0 for i in range(WIDTH))
    said = Choice(Speaker("he", None, 0, 2, "unresolved"), _x(rule=1.0, rule_unresolved=1.0), rule=True)
    other = Choice(Speaker("Tom Hale", "E2", 0, 2, "entity"), _x(subj_cue=1.0))
    assert SpeakerRanker(weights, {"unresolved": 0.0}).pick([said, other]) == 1
    assert SpeakerRanker(weights, {"unresolved": 0.9}).pick([said, other]) == 0  # p = 0.88 vs 0.12: not by 0.9
    assert SpeakerRanker(weights, {"entity": 0.0}).pick([said, other]) == 0  # no margin for the kind: never
    named = Choice(Speaker("Ana Ruiz", "E1", 0, 8, "entity"), _x(rule=1.0, rule_entity=1.0), rule=True)
    assert SpeakerRanker(weights, {"entity": 1.0, "unresolved": 0.0}).pick([named, other]) == 0


@pytest.mark.parametrize(
    ("text", "rule", "others"),
    [
        # the rules' answer, the other person of the sentence and the previous sentence's place are candidates
        ("Mayor Ana Ruiz met Tom Hale in Leeds. She said the bridge would open in May.", "Ana Ruiz", {"Tom Hale"}),
        ("The Ministry of Transport met Senator Tom Hale. The ministry said traffic fell by a third.",
         "Ministry of Transport", {"Tom Hale"}),
    ],
)
def test_candidates_surround_the_cue(decisions_of: Callable[[str], Decisions], text: str, rule: str, others: set[str]) -> None:
    (_cand, choices), = decisions_of(text)
    names = {c.speaker.name for c in choices if c.speaker is not None and c.speaker.entity is not None}
    chosen = [c for c in choices if c.rule]
    assert len(chosen) == 1 and chosen[0].speaker is not None and rule in chosen[0].speaker.name
    assert others <= names
    abstain = [c for c in choices if c.x[INDEX["abstain"]]]  # the rules named an entity: abstaining is offered
    assert len(abstain) == 1 and abstain[0].speaker is not None and abstain[0].speaker.entity is None


@pytest.mark.parametrize(
    ("text", "name", "feature"),
    [
        ("Tom Hale thanked the crews. Ana Ruiz said the bridge would open in May.", "Ana Ruiz", "subj_cue"),
        ("Tom Hale thanked the crews. Ana Ruiz said the bridge would open in May.", "Tom Hale", "prev_sent"),
        ("Mayor Ana Ruiz thanked Tom Hale. She said the bridge would open in May.", "Ana Ruiz", "gender_match"),
        ("Mayor Tom Hale thanked Ana Ruiz. She said the bridge would open in May.", "Tom Hale", "gender_mismatch"),
    ],
)
def test_candidate_features(decisions_of: Callable[[str], Decisions], text: str, name: str, feature: str) -> None:
    (_cand, choices), = decisions_of(text)
    ours = [c for c in choices if c.speaker is not None and c.speaker.entity is not None and c.speaker.name == name]
    assert ours and ours[0].x[INDEX[feature]] == 1.0
    assert len(ours[0].x) == WIDTH


def test_the_shipped_ranker_favours_the_rules() -> None:
    ranker = shipped_ranker()
    if ranker is None:
        pytest.skip("no speaker ranker shipped")
    assert len(ranker.weights) == WIDTH and all(0.0 <= m <= 1.0 for m in ranker.margins.values())
    assert ranker.weights[FEATURES.index("rule")] > 0.0
