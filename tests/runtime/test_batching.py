"""Per-component batch sizes change the speed of spaCy, never its annotations."""

from __future__ import annotations

import numpy as np
import pytest

from tests.articles import PARAGRAPHS, article

# Texts of very different lengths, so that batches mix short and long documents.
TEXTS = [
    *PARAGRAPHS,
    "Short note.",
    " ".join(article(i)["text"] for i in range(6)),
    "  \n\nThe council of Harwick met on 4 May; Ms. Ode said \"the levee holds\" and Mr. Tan disagreed.",
    *(article(i)["text"] for i in range(7, 12)),
]


def _annotations(docs):  # type: ignore[no-untyped-def]
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    return [(d.to_array(attrs), d.tensor.tobytes(), [(e.start_char, e.end_char, e.label_) for e in d.ents]) for d in docs]


@pytest.mark.parametrize("outer,encoder", [(1, 1), (4, 2), (len(TEXTS), 3)])
def test_same_annotations_whatever_the_batches(nlp, outer: int, encoder: int) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime import batching

    ner_encoder = nlp.get_pipe("ner").model.layers[0]
    assert ner_encoder.attrs.get("newsledger_chunked") == batching.ENCODER_BATCH  # load_model chunks it
    one_by_one = [nlp(t) for t in TEXTS]  # batches of one document: no chunking anywhere
    cfg = {"tok2vec": {"batch_size": encoder}}
    batched = [d for s in range(0, len(TEXTS), outer) for d in nlp.pipe(TEXTS[s:s + outer], component_cfg=cfg)]
    for a, b in zip(_annotations(one_by_one), _annotations(batched), strict=True):
        assert np.array_equal(a[0], b[0]) and a[1] == b[1] and a[2] == b[2]


@pytest.mark.parametrize("texts", [
    ["", "", "", "The mayor of Harwick spoke in Lisbon."],
    ["The mayor of Harwick spoke in Lisbon.", *[""] * 5, "Ms. Ode left Paris."],
    ["x", "x", "", "", "", ""],
])
def test_empty_documents_in_a_batch_are_annotated_like_one_by_one(nlp, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    one_by_one = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    batched = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=64)]
    assert batched == one_by_one


def test_chunking_is_idempotent_and_skips_listeners(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.batching import chunk_inner_encoders, component_cfg

    assert chunk_inner_encoders(nlp) == []  # already chunked when the model was loaded
    assert "listener" in nlp.get_pipe("parser").model.layers[0].name
    assert component_cfg(nlp) == {"tok2vec": {"batch_size": 2}}


def test_blank_pipeline_has_nothing_to_chunk() -> None:
    import spacy

    from newsledger.runtime.batching import chunk_inner_encoders, component_cfg

    blank = spacy.blank("en")
    assert chunk_inner_encoders(blank) == [] and component_cfg(blank) == {}
