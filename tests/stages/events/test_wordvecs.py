"""The word-vector table of the events stage: lookups, unknown lemmas, and the trigger rows that read it."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.ingest.text import make_document
from newsledger.pipeline import Pipeline
from newsledger.registry import Context
from newsledger.stages.events.features import TENSOR_WIDTH, DocView, object_of, trigger_rows
from newsledger.stages.events.lexicon import load_lexicon
from newsledger.stages.events.roles import EntityIndex
from newsledger.stages.events.wordvecs import WordVectors, load_wordvecs


def small_table() -> WordVectors:
    """Three words in two dimensions, two clusters."""
    vecs = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float16)
    return WordVectors(["shell", "bomb", "soup"], vecs, np.array([0, 0, 1]))


def view(pipeline: Pipeline, text: str) -> DocView:
    """The events stage's view of one parsed text."""
    document = make_document(text, id="t")
    doc = pipeline.nlp(text)
    analysis = pipeline.run_stages(document, doc)
    lex = load_lexicon()
    return DocView(Context(document=document, doc=doc, analysis=analysis), EntityIndex(doc, analysis.entities, lex), lex)


def test_unknown_lemmas_get_the_zero_row_and_no_cluster() -> None:
    table = small_table()
    rows = table.rows_of(["bomb", "unheard-of", "soup"])
    assert rows[0] == 1 and rows[2] == 2
    assert not table.vectors[rows[1]].any()
    assert [table.cluster(r) for r in rows] == [0, -1, 1]


def test_a_table_whose_parts_disagree_in_length_is_refused() -> None:
    with pytest.raises(ValueError, match="cluster ids"):
        WordVectors(["a", "b"], np.zeros((2, 3)), np.zeros(1))


@pytest.mark.parametrize(
    ("word", "near", "far"),
    [
        ("attack", "assault", "recipe"),
        ("criticize", "condemn", "basketball"),
        ("arrest", "detain", "weather"),
        ("protest", "demonstration", "dessert"),
    ],
)
def test_the_shipped_table_puts_related_words_nearer(word: str, near: str, far: str) -> None:
    table = load_wordvecs()
    w, n, f = (table.vectors[r] for r in table.rows_of([word, near, far]))
    assert float(w @ n) > float(w @ f)


@pytest.mark.parametrize(
    ("text", "trigger", "obj"),
    [
        ("Rebels shelled the convoy near the border.", "shelled", "convoy"),
        ("The ministry condemned the raid on the village.", "raid", "village"),
    ],
)
def test_the_trigger_rows_carry_the_vectors_of_the_word_its_head_and_its_object(
        pipeline: Pipeline, text: str, trigger: str, obj: str) -> None:
    v = view(pipeline, text)
    table = load_wordvecs()
    cands, feats, dense = trigger_rows(v, None, table)
    k = cands.index(v.lower.index(trigger))
    assert v.lower[object_of(v, cands[k])] == obj
    assert dense.shape == (len(cands), 2 * TENSOR_WIDTH + 3 * table.width)
    own = table.vectors[table.rows_of([v.lemma[cands[k]]])[0]]
    assert np.allclose(dense[k, 2 * TENSOR_WIDTH : 2 * TENSOR_WIDTH + table.width], own)
    assert any(f.startswith("k=") for f in feats[k])
    plain = trigger_rows(v, None)[2]
    assert plain.shape == (len(cands), 2 * TENSOR_WIDTH)
