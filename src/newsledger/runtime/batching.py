"""spaCy batch sizes per component: small batches for the CNN encoders, whole batches for the parsers.

Measured on AllSides articles (CPU per article, one process): the tok2vec encoder is cheapest on a few
documents at a time (its activations stay in cache: 24 ms per article on batches of 2, 29 ms on 8, 34-39 ms
on 64), while the transition-based parser and NER pay a fixed cost per parsing step whatever the number of
documents in the step (the parser: 25 ms per article on batches of 8, 19 ms on 64). So each document batch
runs the shared tok2vec ``ENCODER_BATCH`` documents at a time and the parser and NER on the whole batch, and
the NER's own encoder (it does not listen to the shared tok2vec) is also run ``ENCODER_BATCH`` documents at
a time inside the NER's batch. Every layer computes each token's row independently of the other documents
in its batch (padding separates documents), so the annotations are the same as with one batch size;
``tests/runtime/test_batching.py`` compares every token attribute and the tensors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

# Documents per call of a CNN encoder (the shared tok2vec, and the NER's own).
ENCODER_BATCH = 2
_CHUNKED = "newsledger_chunked"


def component_cfg(nlp: Language) -> dict[str, dict[str, Any]]:
    """``nlp.pipe(component_cfg=...)`` for the shared encoder: small batches (the rest get the whole batch)."""
    return {"tok2vec": {"batch_size": ENCODER_BATCH}} if "tok2vec" in nlp.pipe_names else {}


def chunk_inner_encoders(nlp: Language, size: int = ENCODER_BATCH) -> list[str]:
    """Make the parser-type components whose model has its own encoder run it ``size`` documents at a time.

    Only prediction is chunked (training calls go through unchanged). Returns the components changed.
    """
    changed = []
    for name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        layers = getattr(model, "layers", None)
        if model is None or model.name != "parser_model" or not layers:
            continue
        encoder = layers[0]
        if "listener" in encoder.name or encoder.attrs.get(_CHUNKED):
            continue
        encoder._func = _chunked(encoder._func, size)
        encoder.attrs[_CHUNKED] = size
        changed.append(name)
    return changed


def _chunked(forward: Any, size: int) -> Any:
    """A thinc forward function that predicts ``size`` documents at a time and stacks the rows."""

    def chunked_forward(model: Any, docs: Any, is_train: bool) -> Any:
        if is_train or len(docs) <= size:
            return forward(model, docs, is_train)
        # A chunk of empty documents has no rows, and the encoder cannot run on it (blis rejects a 0 x 0 input).
        chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
        parts = [forward(model, c, False)[0] for c in chunks if any(len(d) for d in c)]
        if not parts:
            return forward(model, docs, is_train)

        def backprop(d_output: Any) -> Any:  # pragma: no cover - prediction only
            raise NotImplementedError("chunked encoders are for prediction only")

        return model.ops.xp.concatenate(parts), backprop

    return chunked_forward
