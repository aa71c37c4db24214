"""The embedding cache changes the speed of spaCy's encoders, never their vectors or the annotations."""

from __future__ import annotations

import numpy as np
import pytest

from tests.articles import PARAGRAPHS, article

TEXTS = [
    *PARAGRAPHS,
    "Short note.",
    "",
    "  \n\nThe council of Harwick met on 4 May; Ms. Ode said \"the levee holds\" and Mr. Tan disagreed.",
    *(article(i)["text"] for i in range(12)),
]


def _annotations(docs):  # type: ignore[no-untyped-def]
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    return [(d.to_array(attrs), d.tensor.tobytes(), [(e.start_char, e.end_char, e.label_) for e in d.ents]) for d in docs]


@pytest.fixture(scope="module")
def plain():  # type: ignore[no-untyped-def]
    """The model as load_model prepares it, but without the embedding cache."""
    import spacy

    from newsledger.runtime import batching, fast_lemmatizer, fast_ruler
    from newsledger.runtime.model import available_model

    nlp = spacy.load(available_model())
    fast_ruler.speed_up(nlp)
    fast_lemmatizer.speed_up(nlp)
    batching.chunk_inner_encoders(nlp)
    return nlp


def _parse(nlp, texts, batch):  # type: ignore[no-untyped-def]
    from newsledger.runtime.batching import component_cfg

    cfg = component_cfg(nlp)
    return [d for s in range(0, len(texts), batch) for d in nlp.pipe(texts[s:s + batch], batch_size=batch, component_cfg=cfg)]


@pytest.mark.parametrize("batch,max_cache", [(1, 100_000), (5, 100_000), (len(TEXTS), 100_000), (4, 300)])
def test_same_vectors_and_annotations(nlp, plain, monkeypatch, batch: int, max_cache: int) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime import embed_cache

    monkeypatch.setattr(embed_cache, "MAX_CACHE", max_cache)  # 300: the cache starts over several times
    want = _annotations(_parse(plain, TEXTS, batch))
    for _ in range(2):  # the first pass fills the cache, the second reads from it
        got = _annotations(_parse(nlp, TEXTS, batch))
        for a, b in zip(want, got, strict=True):
            assert np.array_equal(a[0], b[0]) and a[1] == b[1] and a[2] == b[2]


def test_load_model_caches_both_encoders_once(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsledger.runtime.embed_cache import cache_embeddings

    assert cache_embeddings(nlp) == []  # load_model already put the caches in, and a second call adds none
    cached = [n for n, p in nlp.pipeline for node in getattr(getattr(p, "model", None), "walk", lambda: [])()
              if node.attrs.get("newsledger_embed_cache")]
    assert sorted(cached) == ["ner", "tok2vec"]


def test_blank_pipeline_has_no_encoder() -> None:
    import spacy

    from newsledger.runtime.embed_cache import cache_embeddings

    assert cache_embeddings(spacy.blank("en")) == []
