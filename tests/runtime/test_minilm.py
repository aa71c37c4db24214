"""Tests of the optional MiniLM encoder (skipped when the ml extra is not installed)."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.runtime import minilm
from tests.ml import needs_ml

pytestmark = needs_ml


@pytest.fixture(scope="module")
def encoder() -> minilm.MiniLM:
    return minilm.load_minilm()


def test_word_states_one_row_per_word(encoder: minilm.MiniLM) -> None:
    words = ["The", "ferry", "resumed", "service", "on", "Tuesday", "."]
    states = encoder.word_states(words)
    assert states.shape == (len(words), minilm.HIDDEN_SIZE)
    assert np.all(np.linalg.norm(states, axis=1) > 0)


def test_long_sequences_are_windowed(encoder: minilm.MiniLM) -> None:
    words = ["harbour"] * (minilm.MAX_WORDPIECES + 40)
    states = encoder.word_states(words)
    assert states.shape[0] == len(words)
    assert np.all(np.linalg.norm(states, axis=1) > 0)


def test_embeddings_rank_related_text_higher(encoder: minilm.MiniLM) -> None:
    vecs = encoder.embed([
        "The city council voted to repair the old river bridge.",
        "Councillors approved money to fix the bridge over the river.",
        "The orchestra played a new symphony to a full hall.",
    ])
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
