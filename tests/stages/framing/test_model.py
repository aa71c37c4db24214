"""Tests of the PTC technique tagger: token view, learned-lexicon features, decoding, model file round trip."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.stages.framing.model import (
    N_FEATURES,
    TABLE_KEYS,
    Mlp,
    RateTable,
    TaggerModel,
    TechniqueModel,
    TokenView,
    decode,
    feature_matrix,
    in_quotes,
    shipped_tagger,
    smoothed_log_odds,
)


def _tables(entries: dict[str, tuple[float, float]] | None = None) -> dict[str, RateTable]:
    return {k: RateTable(dict(entries or {}) if k == "lower" else {}, (-3.0, 0.0)) for k in TABLE_KEYS}


def test_features_are_deterministic_and_read_the_lexicon(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("A shameful betrayal shocked everyone. Then life went on.")
    view = TokenView.from_doc(doc)
    tables = _tables({"shameful": (1.5, 2.0)})
    f1, f2 = feature_matrix(view, tables), feature_matrix(TokenView.from_doc(nlp(doc.text)), tables)
    assert f1.shape == (len(doc), N_FEATURES)
    assert (f1 == f2).all()
    assert f1[1, 0] == 1.5 and f1[0, 0] == -3.0  # own form: learned log-odds vs the unseen default
    assert f1[2, 2] == 1.5  # the next token sees its left neighbour's entry


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["he", "said", "\u201c", "awful", "lies", "\u201d", "today"], [0, 0, 0, 1, 1, 0, 0]),
        (["a", '"', "b", '"', "c", '"', "d"], [0, 0, 1, 0, 0, 0, 1]),
    ],
)
def test_in_quotes(nlp, words, expected) -> None:  # type: ignore[no-untyped-def]
    view = TokenView.from_doc(nlp.make_doc(" ".join(words)))
    view.lower = words
    assert in_quotes(view).tolist() == expected


@pytest.mark.parametrize(
    ("pos", "count", "prior", "expected"),
    [(0, 0, 0.1, np.log(0.1 / 0.9)), (10, 10, 0.1, np.log((10.2 / 12) / (1.8 / 12))), (0, 98, 0.5, np.log(1 / 99))],
)
def test_smoothed_log_odds(pos, count, prior, expected) -> None:  # type: ignore[no-untyped-def]
    assert smoothed_log_odds(pos, count, prior, 2.0) == pytest.approx(expected)


# (token probabilities, hi, lo, expected token spans) over "alpha beta gamma delta. Epsilon zeta"
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
    assert decode(TokenView.from_doc(doc), np.array(probs), hi, lo) == expected


def test_decode_keeps_hyphenated_compounds_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("They ran a dog-eat-dog campaign.")
    p = np.array([0.9 if t.text == "dog" else 0.0 for t in doc])
    (s, e), = decode(TokenView.from_doc(doc), p, 0.8, 0.5)
    assert doc[s:e].text == "dog-eat-dog"


def test_model_round_trip(tmp_path, nlp) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    member = Mlp(rng.standard_normal((N_FEATURES, 4)).astype(np.float32), np.zeros(4, np.float32),
                 np.ones(4, np.float32), -1.0)
    tm = TechniqueModel("Loaded_Language", _tables({"vile": (2.0, 1.1)}), np.zeros(N_FEATURES, np.float32),
                        np.ones(N_FEATURES, np.float32), [member], 0.6, 0.3, {"f1": 0.3})
    path = tmp_path / "m.npz"
    TaggerModel([tm], {"x": 1}).save(str(path))
    back = TaggerModel.from_bytes(path.read_bytes())
    assert back.techniques == ["Loaded_Language"] and back.meta == {"x": 1}
    bt = back.models[0]
    assert (bt.hi, bt.lo, bt.tables["lower"].entries["vile"]) == (0.6, 0.3, (2.0, 1.1))
    view = TokenView.from_doc(nlp("What a vile plan."))
    assert bt.probabilities(view) == pytest.approx(tm.probabilities(view), abs=1e-2)  # float16 weights


def test_shipped_model_flags_loaded_wording(nlp) -> None:  # type: ignore[no-untyped-def]
    tagger = shipped_tagger()
    assert "Loaded_Language" in tagger.model.techniques
    tm = tagger.model.models[tagger.model.techniques.index("Loaded_Language")]
    loaded = nlp("The senator called the plan a disgraceful sham and a devastating betrayal of voters.")
    plain = nlp("The council will meet on Tuesday at the town hall to review the budget.")
    assert tm.probabilities(TokenView.from_doc(loaded)).max() > tm.probabilities(TokenView.from_doc(plain)).max()
    assert any(t == "Loaded_Language" for _, _, t, _ in tagger.spans(loaded))
    assert not [s for s in tagger.spans(plain) if s[2] == "Loaded_Language"]


def test_stacked_ensemble_is_the_mean_of_its_members(nlp) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    members = [
        Mlp(rng.standard_normal((N_FEATURES, 5)).astype(np.float32), rng.standard_normal(5).astype(np.float32),
            rng.standard_normal(5).astype(np.float32), float(b))
        for b in (-1.0, 0.5)
    ]
    tm = TechniqueModel("Loaded_Language", _tables(), np.zeros(N_FEATURES, np.float32), np.ones(N_FEATURES, np.float32),
                        members, 0.5, 0.5)
    view = TokenView.from_doc(nlp("One sentence here. " * 40))  # more rows than one BLAS block
    x = feature_matrix(view, tm.tables)
    expected = 1 / (1 + np.exp(-np.mean([m.logits(x) for m in members], axis=0)))
    assert tm.probabilities(view) == pytest.approx(expected, abs=1e-5)
