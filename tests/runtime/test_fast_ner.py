"""The array NER decoder gives exactly spaCy's entities, alone and in batches, and falls back where it must."""

from __future__ import annotations

import numpy as np
import pytest

from tests.articles import PARAGRAPHS

TEXTS = [
    *PARAGRAPHS,
    "Ambassador Lena Okafor of Nigeria met the board of Siemens AG in Munich on 3 March 2021 for $4.5 million.",
    "The talks ended. Brussels said the European Union would reply\nby Friday.  Kyiv and Warsaw agreed",
    "Paris",
    "Paris.",
    "  \n\n  ",
    "He said so.\n\nThe United Nations Security Council, the World Bank and the IMF met in New York City",
]


def _ents(doc) -> tuple[list[tuple[int, int, str]], list[list[int]]]:  # type: ignore[no-untyped-def]
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    return [(e.start, e.end, e.label_) for e in doc.ents], doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist()


@pytest.mark.parametrize("text", TEXTS)
def test_same_entities_as_spacy(nlp, original, text: str) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.fast_ner import FastEntityRecognizer

    assert isinstance(nlp.get_pipe("ner"), FastEntityRecognizer)
    assert _ents(nlp(text)) == _ents(original(text))


@pytest.mark.parametrize("batch_size", [1, 3, 8, 64])
def test_same_entities_in_batches(nlp, original, batch_size: int) -> None:  # type: ignore[no-untyped-def]
    texts = TEXTS + [" ".join(PARAGRAPHS)]
    ours = [_ents(d) for d in nlp.pipe(texts, batch_size=batch_size)]
    assert ours == [_ents(d) for d in original.pipe(texts, batch_size=batch_size)]
    assert any(ents for ents, _ in ours)  # the texts do have entities


def test_preset_entities_go_to_spacy(nlp, original) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    def run(pipeline):  # type: ignore[no-untyped-def]
        doc = pipeline.make_doc(TEXTS[-1])
        doc.ents = [Span(doc, 4, 6, label="PERSON")]
        for _, proc in pipeline.pipeline:
            doc = proc(doc)
        return _ents(doc)

    ner = nlp.get_pipe("ner")
    doc = nlp.make_doc(TEXTS[-1])
    doc.ents = [Span(doc, 4, 6, label="PERSON")]
    assert ner._supported([doc]) is False
    assert run(nlp) == run(original)


def test_wrapped_component_attributes(nlp, original) -> None:  # type: ignore[no-untyped-def]
    ner, theirs = nlp.get_pipe("ner"), original.get_pipe("ner")
    assert ner.labels == theirs.labels
    assert ner.moves.n_moves == theirs.moves.n_moves == len(ner.kinds)
    assert ner.model is ner.ner.model


def test_blis_rows_do_not_depend_on_the_row_count() -> None:
    """The decoder scores states in other groupings than spaCy's loop; blis gives each row the same bits."""
    import blis.py

    rng = np.random.default_rng(7)
    weights = rng.standard_normal((74, 64)).astype("float32")
    hidden = (rng.standard_normal((301, 64)) * 3).astype("float32")
    block = blis.py.gemm(hidden, weights, trans2=True, beta=0.0)
    for size in (1, 2, 5):
        parts = [blis.py.gemm(np.ascontiguousarray(hidden[i:i + size]), weights, trans2=True, beta=0.0)
                 for i in range(0, len(hidden), size)]
        assert np.array_equal(np.vstack(parts), block)


def test_speed_up_without_ner_is_a_no_op() -> None:
    import spacy

    from newsledger.runtime.fast_ner import speed_up

    blank = spacy.blank("en")
    assert speed_up(blank) is False
    assert blank.pipe_names == []
