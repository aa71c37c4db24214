"""Rescued triggers (lexicons/rescued_triggers.tsv): words the annotators mark as events far more often than the
trigger model does become triggers of the listed type when the model rejects them (default mode only)."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.stages.events.detect import decode, score_tokens
from newsledger.stages.events.lexicon import EVENT_TYPES, LexiconError, load_lexicon, parse_rescued
from newsledger.stages.events.model import SparseNet
from tests.stages.events.test_wordvecs import view

# The none-probability of the stand-in model: far above every threshold the shipped model uses.
REJECTING = 0.99


def rejecting_model() -> SparseNet:
    """A linear model with no features that calls every token no trigger with probability ``REJECTING``."""
    classes = [*sorted(EVENT_TYPES), "O"]
    rest = (1.0 - REJECTING) / (len(classes) - 1)
    b1 = np.log(np.array([rest] * (len(classes) - 1) + [REJECTING], dtype=np.float32))
    width = len(classes)
    return SparseNet([], np.zeros((0, width)), np.zeros((0, width)), b1, np.zeros((0, 0)), np.zeros(0), classes,
                     {"threshold": 0.5, "lexicon_threshold": 0.5, "lead_threshold": 0.5})


def decoded(pipeline: Pipeline, text: str, accurate: bool = False) -> list[tuple[str, str]]:
    """(head word, type) of the triggers the rejecting model leaves to the rescue list."""
    v = view(pipeline, text)
    v.ctx.accurate = accurate
    model = rejecting_model()
    cands, probs = score_tokens(v, model)
    return [(v.lower[t.head], t.type) for t in decode(v, cands, probs, model)]


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        ("The foundation donated blankets to the shelter.", "donated", "AID"),
        ("The rebels vowed revenge for the raid on their camp.", "vowed", "THREATEN"),
        ("The state prosecuted the former mayor for fraud.", "prosecuted", "DISAPPROVE"),
        ("Several senators voiced doubts about the plan.", "voiced", "DISAPPROVE"),
        ("Economists greeted the budget with skepticism.", "skepticism", "DISAPPROVE"),
        ("The governor ripped the agency over its slow response.", "ripped", "DISAPPROVE"),
        ("Allies pressured the government to hold new elections.", "pressured", "DEMAND"),
        ("The minister called the shelling unacceptable.", "unacceptable", "DISAPPROVE"),
        ("The president thanked the rescue crews.", "thanked", "SUPPORT"),
        ("The league kicked the club out of the tournament.", "kicked", "SANCTION"),
        ("The prime minister invited the opposition leader to a dinner.", "invited", "AGREE"),
    ],
)
def test_a_rescued_word_the_model_rejects_is_a_trigger(pipeline: Pipeline, text: str, word: str, etype: str) -> None:
    assert decoded(pipeline, text) == [(word, etype)]


@pytest.mark.parametrize(
    "text",
    [
        "The crews repaired the bridge before dawn.",  # no word of the list
        "His kick went wide of the post.",  # "kick" is listed as a verb only
        "Her vow was printed on the front page.",  # "vow" too
    ],
)
def test_other_words_stay_rejected(pipeline: Pipeline, text: str) -> None:
    assert decoded(pipeline, text) == []


def test_accurate_mode_has_no_rescue(pipeline: Pipeline) -> None:
    assert decoded(pipeline, "The foundation donated blankets to the shelter.", accurate=True) == []


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        # the shipped trigger model alone finds no event in these sentences
        ("The foundation donated blankets to the shelter.", "donated", "AID"),
        ("Economists greeted the budget with skepticism.", "skepticism", "DISAPPROVE"),
        ("The governor ripped the agency over its slow response.", "ripped", "DISAPPROVE"),
    ],
)
def test_the_stage_records_rescued_events(pipeline: Pipeline, text: str, word: str, etype: str) -> None:
    analysis = pipeline.run_stages(make_document(text, id="t"), pipeline.nlp(text))
    assert (word, etype) in [(e.trigger.text, e.type) for e in analysis.events]


def test_the_rescue_list_loads_and_checks_its_rows() -> None:
    rescued = load_lexicon().rescued
    assert rescued[("donate", "VERB")] == "AID"
    assert all(t in EVENT_TYPES for t in rescued.values())
    with pytest.raises(LexiconError, match="rescued_triggers.tsv row 2"):
        parse_rescued([{"lemma": "donate", "pos": "ADV", "type": "AID"}])
    with pytest.raises(LexiconError, match="rescued_triggers.tsv row 2"):
        parse_rescued([{"lemma": "donate", "pos": "VERB", "type": "GIFT"}])
