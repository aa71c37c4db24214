"""The event-type model's features and its mix with the tagger's types (stand-in models with fixed outputs)."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.events.features import DocView
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.model import SparseNet, load_model, load_optional
from newsledger.stages.events.retype import dense_width, retype, type_rows
from newsledger.stages.events.roles import EntityIndex
from newsledger.stages.events.wordvecs import load_wordvecs

TEXT = "Rebel fighters attacked the army convoy near the border, and the government began negotiations with the rebels."


def fixed(probs: list[float], classes: list[str], meta: dict[str, object] | None = None) -> SparseNet:
    """A model with no features that gives every row the same probabilities."""
    b1 = np.log(np.asarray(probs, dtype=np.float32))
    k = len(classes)
    return SparseNet([], np.zeros((0, k)), np.zeros((0, k)), b1, np.zeros((0, 0)), np.zeros(0), classes, meta or {})


@pytest.fixture(scope="module")
def view(pipeline: Pipeline) -> DocView:
    document = make_document(TEXT, id="t")
    doc = pipeline.nlp(TEXT)
    analysis = pipeline.run_stages(document, doc)
    lex = load_lexicon()
    return DocView(Context(document=document, doc=doc, analysis=analysis), EntityIndex(doc, analysis.entities, lex), lex)


def token(v: DocView, word: str) -> int:
    return v.lower.index(word)


def test_features_read_the_arguments_and_derivations(view: DocView) -> None:
    attacked, talks = token(view, "attacked"), token(view, "negotiations")
    feats, dense = type_rows(view, [attacked, talks])
    assert {"l=attack", "subj=fighter", "obj=convoy", "pre4=atta"} <= set(feats[0])
    assert {"l=negotiation", "prep=with", "pobj=with|rebel", "pre5=negot"} <= set(feats[1])
    assert "sl=attack" in feats[1] and "sl=negotiation" not in feats[1]  # the sentence's other event words
    assert dense.shape == (2, dense_width(load_wordvecs()))
    assert np.abs(dense[0]).sum() > 0


def test_mix_keeps_detection_and_moves_types(view: DocView) -> None:
    cands = [token(view, "attacked"), token(view, "convoy")]
    tagger = fixed([0.5, 0.5, 0.5], ["ASSAULT", "FIGHT", "O"])
    probs = np.array([[0.6, 0.2, 0.2], [0.05, 0.05, 0.9]], dtype=np.float32)
    typer = fixed([0.1, 0.9], ["ASSAULT", "FIGHT"], {"mix": 1.0})
    out = retype(view, cands, probs, tagger, typer, limit=0.8)
    np.testing.assert_allclose(out[:, 2], probs[:, 2])  # the none-probability is the tagger's
    np.testing.assert_allclose(out[0, :2], [0.08, 0.72], atol=1e-5)  # the type model alone decides the split
    np.testing.assert_allclose(out[1], probs[1])  # a token over the limit is left alone
    typer.meta["mix"] = 0.0
    np.testing.assert_allclose(retype(view, cands, probs, tagger, typer, limit=0.8), probs, atol=1e-6)
    typer.meta["mix"] = 0.5  # geometric mean of 0.75/0.25 and 0.1/0.9, renormalised to the event mass 0.8
    expect = np.sqrt([0.75 * 0.1, 0.25 * 0.9])
    np.testing.assert_allclose(retype(view, cands, probs, tagger, typer, limit=0.8)[0, :2], 0.8 * expect / expect.sum(),
                               atol=1e-5)


def test_shipped_type_model_fits_the_tagger_and_the_features() -> None:
    typer = load_optional("typer")
    assert typer is not None
    tagger = load_model("trigger")
    assert set(typer.classes) == set(tagger.classes) - {"O"}
    assert typer.dense_width == dense_width(load_wordvecs())
    assert 0.0 < float(typer.meta["mix"]) < 1.0  # type: ignore[arg-type]
