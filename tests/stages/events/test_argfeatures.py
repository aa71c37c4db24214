"""Role rows (general paths, the r2 features, the listwise 'no argument' row) and the clause cues of factuality."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.pipeline import Pipeline
from newsledger.stages.events.argfeatures import general_path, listwise_probs, role_dense, role_rows
from newsledger.stages.events.factuality import clause_features
from newsledger.stages.events.features import DocView
from newsledger.stages.events.model import SparseNet
from newsledger.stages.events.wordvecs import load_wordvecs
from tests.stages.events.test_wordvecs import view


def token(v: DocView, word: str) -> int:
    """The index of the first token spelled ``word``."""
    return v.lower.index(word)


@pytest.mark.parametrize(
    ("path", "general"),
    [
        ("vby vpobj", "vprep vpobj"),
        ("vdobj vof vpobj", "vdobj vprep vpobj"),
        ("vagent vpobj", "vagent vpobj"),
        ("^xcomp vnsubj", "^xcomp vnsubj"),
    ],
)
def test_general_path_hides_the_preposition_only(path: str, general: str) -> None:
    assert general_path(path.split()) == general


def test_listwise_shares_add_up_with_the_no_argument_row() -> None:
    logits = np.array([[4.0, 0.0], [0.0, 0.0], [0.0, 3.0]], dtype=np.float32)  # two candidates, then 'no argument'
    shares = listwise_probs(logits)
    assert shares.shape == (2, 2)
    assert shares[0, 0] > 0.9 and shares[:, 1].max() < 0.1  # role 1 is best left empty
    assert np.all(shares.sum(axis=0) < 1.0)


def test_scores_are_the_softmax_of_the_logits() -> None:
    net = SparseNet(["a", "b"], np.array([[1.0, -1.0], [0.5, 2.0]]), np.zeros((0, 2)), np.zeros(2), np.zeros((0, 0)),
                    np.zeros(0), ["x", "y"])
    logits = net.logits([["a"], ["a", "b"]])
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    assert np.allclose(net.scores([["a"], ["a", "b"]]), e / e.sum(axis=1, keepdims=True), atol=1e-6)


def test_extended_and_listwise_rows(pipeline: Pipeline) -> None:
    v = view(pipeline, "Rebel fighters shelled the village near the river.")
    trig = token(v, "shelled")
    cands, plain = role_rows(v, trig, "ASSAULT")
    _, rich = role_rows(v, trig, "ASSAULT", extended=True, listwise=True)
    assert cands and len(rich) == len(cands) + 1 and "null" in rich[-1]
    assert all(set(p) < set(r) for p, r in zip(plain, rich, strict=False))
    subject = cands.index(token(v, "fighters"))
    assert "gp=vnsubj" in rich[subject] and "rank=0|vnsubj" in rich[subject]
    dense = role_dense(v, trig, cands, load_wordvecs(), listwise=True)
    assert dense.shape[0] == len(cands) + 1 and not dense[-1, : dense.shape[1] // 2].any()


@pytest.mark.parametrize(
    ("text", "word", "cue", "present"),
    [
        ("Officials said the talks might resume in May.", "resume", "cc=hypothetical_modals|before", True),
        ("The ministry will hold a proposed summit in June.", "summit", "cc=plan_modifiers|before", True),
        ("The army shelled the town that the rebels could hold.", "shelled", "cc=hypothetical_modals|after", False),
        ("Farmers blocked the highway on Tuesday.", "blocked", "cc=hypothetical_modals|before", False),
    ],
)
def test_clause_cues_stay_inside_the_trigger_clause(pipeline: Pipeline, text: str, word: str, cue: str, present: bool) -> None:
    v = view(pipeline, text)
    assert (cue in clause_features(v, token(v, word))) is present
