"""Speech acts the tagger rejects (stages/events/speech.py): features from the parse and the added triggers."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.events.detect import Trigger
from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.roles import EntityIndex
from newsledger.stages.events.speech import SpeechModel, speech_features, speech_triggers

CLASSES = ["DEMAND", "DISAPPROVE", "O", "THREATEN"]


def make_view(pipeline: Pipeline, text: str) -> DocView:
    document = make_document(text, id="s")
    doc = pipeline.nlp(text)
    analysis = pipeline.run_stages(document, doc)
    lex = load_lexicon()
    return DocView(Context(document=document, doc=doc, analysis=analysis), EntityIndex(doc, analysis.entities, lex), lex)


def verb(v: DocView, word: str) -> int:
    return v.lower.index(word)


# (text, speech verb, feature the parse must give it)
FEATURE_CASES = [
    ("The mayor told the workers to leave the square.", "told", "toinf"),
    ("The minister asked the courts to release the reporters.", "asked", "toinf"),
    ("The general warned that his troops would cross the river.", "warned", "fut|ccomp"),
    ("The senator called the report a hoax.", "called", "dis"),
    ("The spokesman said the charges were false.", "said", "dis"),
]


@pytest.mark.parametrize(("text", "word", "feature"), FEATURE_CASES)
def test_features_read_the_content_of_what_is_said(pipeline: Pipeline, text: str, word: str, feature: str) -> None:
    v = make_view(pipeline, text)
    i = verb(v, word)
    f = speech_features(v, i, 0.9, "DISAPPROVE")
    assert f[feature] == 1.0
    assert f[f"lem={v.lemma[i]}"] == 1.0 and f["pn"] == 0.9 and f["best=DISAPPROVE"] == 1.0


def test_plain_report_has_no_directive_threat_or_criticism(pipeline: Pipeline) -> None:
    v = make_view(pipeline, "The spokesman said the talks had ended on Monday.")
    f = speech_features(v, verb(v, "said"), 0.99, "DISAPPROVE")
    assert not {"toinf", "dis", "fut|ccomp"} & set(f)


def tagger(classes: list[str]) -> SparseNet:
    """A stand-in tagger: only its class list is read."""
    k = len(classes)
    return SparseNet([], np.zeros((0, k)), np.zeros((0, k)), np.zeros(k), np.zeros((0, 0)), np.zeros(0), classes, {})


# A model written by hand: a directive "to" makes DEMAND, a future in the clause THREATEN, a word of criticism
# DISAPPROVE; nothing else is a speech act.
HAND_MODEL = SpeechModel(CLASSES, {"toinf": [6.0, 0.0, 0.0, 0.0], "fut|ccomp": [0.0, 0.0, 0.0, 6.0],
                                   "dis": [0.0, 6.0, 0.0, 0.0]}, [0.0, 0.0, 3.0, 0.0], 0.5)

# (text, speech verb, type the hand model adds, or None)
TRIGGER_CASES = [
    ("The mayor told the workers to leave the square.", "told", "DEMAND"),
    ("The general warned that his troops would cross the river.", "warned", "THREATEN"),
    ("The senator called the report a hoax.", "called", "DISAPPROVE"),
    ("The spokesman said the talks had ended on Monday.", "said", None),
]


@pytest.mark.parametrize(("text", "word", "expected"), TRIGGER_CASES)
def test_rejected_speech_verb_becomes_a_trigger_of_the_model_type(pipeline: Pipeline, text: str, word: str,
                                                                  expected: str | None) -> None:
    v = make_view(pipeline, text)
    i = verb(v, word)
    classes = ["DISAPPROVE", "O", "STATEMENT"]
    probs = np.array([[0.05, 0.9, 0.05]])
    out = speech_triggers(v, [i], probs, tagger(classes), [], HAND_MODEL)
    assert [(t.head, t.type) for t in out] == ([(i, expected)] if expected else [])


def test_a_verb_already_in_a_trigger_is_left_alone(pipeline: Pipeline) -> None:
    v = make_view(pipeline, "The senator called the report a hoax.")
    i = verb(v, "called")
    probs = np.array([[0.05, 0.9, 0.05]])
    found = [Trigger(i, i, i + 2, "DISAPPROVE", 0.9)]
    assert speech_triggers(v, [i], probs, tagger(["DISAPPROVE", "O", "STATEMENT"]), found, HAND_MODEL) == []


def test_probabilities_sum_to_one() -> None:
    p = HAND_MODEL.probs({"dis": 1.0, "unknown": 1.0})
    assert sum(p) == pytest.approx(1.0) and max(p) == p[CLASSES.index("DISAPPROVE")]
