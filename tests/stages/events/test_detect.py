"""Trigger decoding thresholds, with a stand-in model that is equally unsure of every token."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.events.detect import decode, score_tokens
from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.roles import EntityIndex

TEXT = "Villagers protested in the square on Friday.\n\nStudents protested outside the college a week later."


def unsure(p_none: float, meta: dict[str, object]) -> SparseNet:
    """A linear model with no features: every token is PROTEST or nothing, nothing with probability ``p_none``."""
    b1 = np.array([0.0, np.log(p_none / (1.0 - p_none))], dtype=np.float32)
    return SparseNet([], np.zeros((0, 2)), np.zeros((0, 2)), b1, np.zeros((0, 0)), np.zeros(0), ["PROTEST", "O"],
                     {"lexicon_threshold": 0.0, **meta})


@pytest.mark.parametrize(
    ("meta", "kept"),
    [
        ({"threshold": 0.5}, []),  # no token is likely enough
        ({"threshold": 0.5, "lead_threshold": 0.6}, ["protested"]),  # the first paragraph's event only
        ({"threshold": 0.6}, ["protested", "protested"]),
    ],
)
def test_the_first_paragraph_may_have_its_own_threshold(pipeline: Pipeline, meta: dict[str, object], kept: list[str]) -> None:
    document = make_document(TEXT, id="t")
    doc = pipeline.nlp(TEXT)
    analysis = pipeline.run_stages(document, doc)
    lex = load_lexicon()
    v = DocView(Context(document=document, doc=doc, analysis=analysis), EntityIndex(doc, analysis.entities, lex), lex)
    model = unsure(0.55, meta)
    cands, probs = score_tokens(v, model)
    found = [t for t in decode(v, cands, probs, model) if v.lower[t.head] == "protested"]
    assert [v.lower[t.head] for t in found] == kept
    assert all(v.para_no[t.head] == 0 for t in found) or len(kept) == 2
