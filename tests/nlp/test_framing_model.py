"""Tests of the hashed-feature technique tagger: features, decoding, model file round trip."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.nlp.framing_model import (
    N_FEATURES,
    N_TEMPLATES,
    Tagger,
    TaggerModel,
    decode,
    shipped_tagger,
    token_features,
)


def test_features_are_deterministic(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("A shameful betrayal shocked everyone. Then life went on.")
    f1, f2 = token_features(doc), token_features(nlp(doc.text))
    assert f1.shape == (len(doc), N_TEMPLATES)
    assert (f1 == f2).all()
    assert f1.min() >= 0 and f1.max() < N_FEATURES


# (token probabilities, hi, lo, expected token spans) over "a b c d . e f" (7 tokens, "." ends a sentence)
DECODE_CASES = [
    ([0, 0.9, 0.5, 0, 0, 0, 0], 0.8, 0.4, [(1, 3)]),
    ([0, 0.9, 0.5, 0, 0, 0, 0], 0.8, 0.6, [(1, 2)]),
    ([0, 0, 0, 0.9, 0.9, 0.9, 0], 0.8, 0.4, [(3, 4), (5, 6)]),  # never across a sentence end or punctuation
    ([0.1] * 7, 0.8, 0.05, []),
]


@pytest.mark.parametrize(("probs", "hi", "lo", "expected"), DECODE_CASES)
def test_decode(nlp, probs, hi, lo, expected) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("alpha beta gamma delta. Epsilon zeta")
    assert len(doc) == 7
    assert decode(doc, np.array(probs), hi, lo) == expected


def test_model_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = TaggerModel(
        techniques=["Loaded_Language"],
        templates=[0, 1],
        rows=np.array([3, 7]),
        weights=np.array([[1.5], [-2.0]], dtype=np.float32),
        bias=np.array([-1.0], dtype=np.float32),
        hidden_w=np.eye(2, dtype=np.float32),
        hidden_b=np.zeros(2, dtype=np.float32),
        out_w=np.array([[0.5], [0.0]], dtype=np.float32),
        thresholds={"Loaded_Language": (0.5, 0.3)},
        meta={"x": 1},
    )
    path = tmp_path / "m.npz"
    model.save(str(path))
    back = TaggerModel.from_bytes(path.read_bytes())
    assert back.techniques == model.techniques and back.thresholds == model.thresholds
    z = Tagger(back).scores(np.array([[3, 3], [7, 0]]), np.array([[2.0, 1.0], [-1.0, 0.0]], dtype=np.float32))
    assert z[0, 0] == pytest.approx(1.5 + 1.5 - 1.0 + 1.0, abs=1e-3)  # two hashed hits, bias, relu(2) * 0.5
    assert z[1, 0] == pytest.approx(-2.0 - 1.0, abs=1e-3)  # slot 0 has no weight; relu(-1) = 0


def test_shipped_model_flags_loaded_wording(nlp) -> None:  # type: ignore[no-untyped-def]
    tagger = shipped_tagger()
    assert "Loaded_Language" in tagger.model.techniques
    loaded = nlp("This disgusting, despicable and shameful betrayal is an outrageous disgrace.")
    plain = nlp("The council will meet on Tuesday at the town hall to review the budget.")
    k = tagger.model.techniques.index("Loaded_Language")
    assert tagger.probabilities(loaded)[:, k].max() > tagger.probabilities(plain)[:, k].max()
    assert any(t == "Loaded_Language" for _, _, t, _ in tagger.spans(loaded))
    assert not tagger.spans(plain)
