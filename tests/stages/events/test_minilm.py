"""The accurate mode's MiniLM trigger tagger: mixing with the sparse model, decoding thresholds, and the stage
on sentences written for these tests."""

from __future__ import annotations

import gc
from datetime import date

import numpy as np
import pytest

from newsledger.runtime import minilm
from newsledger.stages.events.minilm import decoding_model, mixed_scores
from newsledger.stages.events.model import SparseNet

CLASSES = ["ASSAULT", "O", "PROTEST"]


class FakeView:
    """The one DocView method mixed_scores reads."""

    def __init__(self, cands: list[int]) -> None:
        self._cands = cands

    def candidates(self, gate: object = None) -> list[int]:
        return self._cands


def _tagger(rows: dict[int, list[float]], n: int = 6) -> np.ndarray:
    p = np.tile(np.array([0.0, 1.0, 0.0], dtype=np.float32), (n, 1))
    for i, row in rows.items():
        p[i] = row
    return p


# (meta, expected candidates, expected ASSAULT probability of token 2)
MIX_CASES = [
    ({"mix": 1.0, "extra": 0.5}, [2, 4], 0.9),  # the tagger alone; token 4 is added (none 0.2 < 0.5)
    ({"mix": 0.5, "extra": 0.5}, [2, 4], 0.5),  # half the sparse model's 0.1
    ({"mix": 0.0, "extra": 0.1}, [2], 0.1),  # the sparse model alone; token 4 is not confident enough to be added
]


@pytest.mark.parametrize(("meta", "cands", "assault"), MIX_CASES)
def test_mixed_scores(meta: dict[str, object], cands: list[int], assault: float) -> None:
    view = FakeView([0, 2, 4])  # token 0 and 2 are scored by the sparse model; 4 is not (e.g. a gated noun)
    sparse = np.array([[0.0, 1.0, 0.0], [0.1, 0.9, 0.0]], dtype=np.float32)
    tagger = _tagger({2: [0.9, 0.1, 0.0], 4: [0.0, 0.2, 0.8]})
    out_c, out_p = mixed_scores(view, [0, 2], sparse, tagger, CLASSES, meta)  # type: ignore[arg-type]
    assert [c for c in out_c if c != 0] == cands
    assert out_p[out_c.index(2), 0] == pytest.approx(assault)
    assert np.allclose(out_p.sum(axis=1), 1.0)


def test_mixed_scores_of_a_document_without_candidates() -> None:
    out_c, out_p = mixed_scores(FakeView([]), [], np.zeros((0, 3)), _tagger({}), CLASSES, {"mix": 1.0})  # type: ignore[arg-type]
    assert out_c == [] and out_p.shape == (0, 3)


def test_decoding_model_overrides_thresholds_only() -> None:
    sparse = SparseNet(["a"], np.ones((1, 3)), np.zeros((0, 3)), np.zeros(3), np.zeros((0, 0)), np.zeros(0), CLASSES,
                       {"threshold": 0.5, "lead_threshold": 0.6, "type_thresholds": {"PROTEST": 0.8}})
    out = decoding_model(sparse, {"threshold": 0.7, "mix": 0.5})
    assert out.meta["threshold"] == 0.7 and out.meta["lead_threshold"] == 0.6
    assert out.meta["type_thresholds"] == {"PROTEST": 0.8}
    assert sparse.meta["threshold"] == 0.5  # the shipped model is not changed
    assert out.w_sparse is sparse.w_sparse


requires_ml = pytest.mark.skipif(not minilm.available(), reason="the ml extra is not installed")


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    """The shipped tagger, dropped after this module: later tests fork workers whose memory is checked."""
    if not minilm.available():
        pytest.skip("the ml extra is not installed")
    from newsledger.stages.events.minilm import shipped_trigger_tagger

    yield shipped_trigger_tagger()
    shipped_trigger_tagger.cache_clear()
    gc.collect()


@requires_ml
def test_shipped_tagger_matches_the_trigger_model(tagger) -> None:  # type: ignore[no-untyped-def]
    from newsledger.stages.events.model import load_model

    assert tagger.classes == load_model("trigger").classes
    assert str(tagger.model.meta.get("trained_on", "")).startswith("train splits")
    assert {"mix", "threshold", "extra"} <= set(tagger.model.meta)


# (text, expected type, trigger word): own sentences with a clear event
ACCURATE_CASES = [
    ("Rebel fighters attacked an army base near the border on Monday.", "ASSAULT", "attacked"),
    ("Thousands of nurses marched through the capital to demand higher pay.", "PROTEST", "marched"),
    ("The two governments signed a trade agreement in Nairobi.", "AGREE", "signed"),
]


@requires_ml
@pytest.mark.parametrize(("text", "etype", "word"), ACCURATE_CASES)
def test_accurate_stage_finds_the_event(pipeline, tagger, text: str, etype: str, word: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.ingest.text import make_document
    from newsledger.registry import Context
    from newsledger.stages.events.stage import extract_events

    document = make_document(text, id="t", published=date(2025, 3, 4))
    doc = pipeline.nlp(text)
    analysis = pipeline.run_stages(document, doc)
    probs = tagger.probabilities(Context(document=document, doc=doc, analysis=analysis))
    assert probs.shape == (len(doc), len(tagger.classes)) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    events = extract_events(Context(document=document, doc=doc, analysis=analysis, accurate=True))
    assert any(e.type == etype and word in e.trigger.text for e in events), [(e.type, e.trigger.text) for e in events]
