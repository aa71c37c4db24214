"""The shipped default trigger model: its shape matches the features the stage builds, and it survives a round trip."""

from __future__ import annotations

import numpy as np

from newsledger.stages.events.features import TENSOR_WIDTH
from newsledger.stages.events.model import SparseNet, load_model
from newsledger.stages.events.wordvecs import load_wordvecs

TYPES = {"AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "CRIME", "DEMAND", "DISAPPROVE", "FIGHT",
         "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "STATEMENT", "SUPPORT", "THREATEN"}


def test_shipped_trigger_model_fits_the_stage_features() -> None:
    model = load_model("trigger")
    hidden = model.b1.shape[0]
    assert set(model.classes) == TYPES | {"O"}
    assert model.w_sparse.shape == (len(model.index), hidden)
    width = 2 * TENSOR_WIDTH + (3 * load_wordvecs().width if model.meta.get("wordvecs") else 0)
    assert model.w_dense.shape == (width, hidden)
    assert model.w2.shape == (hidden, len(model.classes)) and model.b2.shape == (len(model.classes),)
    assert 0.0 < float(model.meta["threshold"]) <= float(model.meta["lexicon_threshold"]) <= 0.8  # type: ignore[arg-type]
    gate = model.meta["gate"]
    assert isinstance(gate, list) and "attack|NOUN" in gate


def test_trigger_model_round_trip_keeps_its_scores() -> None:
    model = load_model("trigger")
    feats = [["l=attack", "p=NOUN", "d=nsubj"], ["l=table", "p=NOUN"], []]
    dense = np.random.default_rng(0).normal(size=(3, model.dense_width)).astype(np.float32)
    back = SparseNet.from_bytes(model.to_bytes())
    assert back.classes == model.classes and back.meta == model.meta
    np.testing.assert_allclose(back.scores(feats, dense), model.scores(feats, dense), atol=1e-3)
    assert np.allclose(model.scores(feats, dense).sum(axis=1), 1.0, atol=1e-4)

