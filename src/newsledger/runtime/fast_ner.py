"""A front for spaCy's greedy NER decoder: same model, same arithmetic, same entities, far fewer calls.

spaCy's ``EntityRecognizer`` decodes in C, but the installed build re-takes the GIL inside every
``StateC.B()`` call of the move validity checks (``perf``: about a quarter of all spaCy CPU went to
``pthread_mutex_lock``/``unlock`` under ``take_gil``/``drop_gil``), and it checks all 74 moves one by one at
every token. This component runs the same computation in array form. The NER state's features are
(B0, E0, B0-1) with E0 and B0-1 absent when no entity is open, so for every token outside an entity the
state vector depends on the token alone: those rows are summed for all tokens at once, in the order of
spaCy's ``sum_state_features`` (zero, then feature 0, 1, 2, then the bias, as float32 adds), maxed over the
two pieces and scored with blis ``sgemm`` exactly as ``predict_states`` calls it. Only tokens inside an
entity (about one in ten) are scored one state at a time. The move validity of ``ner.pyx`` is evaluated
with the doc's sentence starts and space flags (no preset entities). Documents are batched, sorted and
split as ``Parser.pipe`` does, and the entities are set as ``BiluoPushDown.set_annotations`` sets them.
Anything this front does not cover (preset entities, a beam, unseen classes, empty batches) goes to spaCy's
own component. ``tests/runtime/test_fast_ner.py`` compares entities and scores with spaCy's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Span

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.pipeline import EntityRecognizer
    from spacy.tokens import Doc

FACTORY = "newsledger_fast_ner"
# Move kinds of the BILUO system, as ``moves.get_class_name`` spells them.
BEGIN, IN, LAST, UNIT, OUT = "B", "I", "L", "U", "O"


class FastEntityRecognizer:
    """Applies a wrapped spaCy ``EntityRecognizer`` through the array decoder (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "ner") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.ner: EntityRecognizer | None = None

    def wrap(self, ner: EntityRecognizer) -> FastEntityRecognizer:
        """Take over a loaded spaCy entity recognizer (its model and moves)."""
        self.ner = ner
        moves: Any = ner.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        kinds = [n.split("-", 1)[0] for n in names]
        strings = self.vocab.strings
        labels = [strings.add(n.split("-", 1)[1]) if "-" in n else 0 for n in names]
        self.kinds = kinds
        self._labels = numpy.asarray(labels, dtype=numpy.uint64)  # not ``labels``: that is the wrapped component's
        self._begin = numpy.asarray([k == BEGIN and lab != 0 for k, lab in zip(kinds, labels, strict=True)])
        self._unit = numpy.asarray([k == UNIT and lab != 0 for k, lab in zip(kinds, labels, strict=True)])
        self._out = numpy.asarray([k == OUT for k in kinds])
        self._in = numpy.asarray([k == IN and lab != 0 for k, lab in zip(kinds, labels, strict=True)])
        self._last = numpy.asarray([k == LAST and lab != 0 for k, lab in zip(kinds, labels, strict=True)])
        self._label_of = labels
        return self

    def __getattr__(self, name: str) -> Any:
        """Everything else (``model``, ``moves``, ``labels``, ``cfg``, ...) is the wrapped component's."""
        if name == "ner" or self.__dict__.get("ner") is None:
            raise AttributeError(name)
        return getattr(self.__dict__["ner"], name)

    def _supported(self, docs: list[Doc]) -> bool:
        """True when the array decoder gives what spaCy's would (else spaCy decodes)."""
        ner: Any = self.ner
        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or model.attrs.get("unseen_classes") or not model.attrs.get("has_upper"):
            return False
        if ner.postprocesses or not any(len(d) for d in docs):
            return False
        return all(not len(d) or not d.to_array(ENT_IOB).any() for d in docs)

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """As ``Parser.pipe``: batches sorted by length and decoded in sub-batches of a quarter."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            in_order = list(batch)
            by_length = sorted(in_order, key=len)
            for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
                self._annotate(list(sub))
            yield from in_order

    def _annotate(self, docs: list[Doc]) -> None:
        ner: Any = self.ner
        if ner is None:
            raise RuntimeError("FastEntityRecognizer has no recognizer to wrap; build it with speed_up(nlp)")
        if not self._supported(docs):
            ner.set_annotations(docs, ner.predict(docs))
            return
        for doc, ents in zip(docs, self.decode(docs), strict=True):
            spans = [Span(doc, s, e, label=int(lab)) for s, e, lab in ents]
            doc.set_ents(spans, default="outside")

    def decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """(start, end, label) of the entities of each doc, as spaCy's greedy decoder finds them."""
        import blis.py

        ner: Any = self.ner
        layers = ner.model.layers
        tokvecs = layers[0].predict(docs)
        feats = layers[1].predict(tokvecs)  # (tokens + 1, nF, nO, nP); row 0 is the padding
        n_tok, n_f = feats.shape[0] - 1, feats.shape[1]
        width = feats.shape[2] * feats.shape[3]
        flat = feats.reshape((n_tok + 1, n_f, width))
        bias = layers[1].get_param("b").reshape(width)
        w_up, b_up = layers[2].get_param("W"), layers[2].get_param("b")

        def scores(rows: Any) -> Any:
            """Scores of the states whose summed features are ``rows`` (before the bias)."""
            rows += bias
            hidden = numpy.where(rows[:, 0::2] > rows[:, 1::2], rows[:, 0::2], rows[:, 1::2])
            out = blis.py.gemm(numpy.ascontiguousarray(hidden), w_up, trans2=True, beta=0.0)
            out += b_up
            return out

        # every token as B0 of a state with no open entity: features (B0, none, none)
        closed = numpy.zeros((n_tok, width), dtype="float32")
        closed += flat[1:, 0]
        closed += flat[0, 1]
        closed += flat[0, 2]
        closed_scores = scores(closed)
        out = []
        offset = 0
        for doc in docs:
            n = len(doc)
            out.append(self._decode_doc(doc, offset, closed_scores[offset:offset + n], flat, scores))
            offset += n
        return out

    def _decode_doc(self, doc: Doc, offset: int, closed: Any, flat: Any, scores: Any) -> list[tuple[int, int, int]]:
        n = len(doc)
        if not n:
            return []
        arr = doc.to_array([SENT_START, IS_SPACE])
        next_start = numpy.zeros(n, dtype=bool)
        next_start[:-1] = arr[1:, 0] == 1
        space = arr[:, 1].astype(bool)
        room = numpy.arange(n) <= n - 2  # buffer length >= 2
        # moves valid with no entity open, per token: B needs room, no sentence start next, not a space; U not a space
        begin_ok = room & ~next_start & ~space
        valid = numpy.empty((n, len(self.kinds)), dtype=bool)
        valid[:] = self._out
        valid |= begin_ok[:, None] & self._begin
        valid |= ~space[:, None] & self._unit
        masked = numpy.where(valid, closed, -numpy.inf)
        best = masked.argmax(axis=1).tolist()
        kinds, labels = self.kinds, self._label_of
        ents: list[tuple[int, int, int]] = []
        t = 0
        while t < n:
            move = best[t]
            kind = kinds[move]
            if kind == UNIT:
                ents.append((t, t + 1, labels[move]))
            elif kind == BEGIN:
                start, label = t, labels[move]
                t += 1
                while True:  # inside the entity: In (label kept) or Last
                    row = numpy.zeros((1, flat.shape[2]), dtype="float32")
                    row += flat[1 + offset + t, 0]
                    row += flat[1 + offset + start, 1]
                    row += flat[1 + offset + t - 1, 2]
                    s = scores(row)[0]
                    ok = self._last & (self._labels == label)
                    if t <= n - 2 and not next_start[t]:
                        ok = ok | (self._in & (self._labels == label))
                    move = int(numpy.where(ok, s, -numpy.inf).argmax())
                    if kinds[move] == LAST:
                        ents.append((start, t + 1, label))
                        break
                    t += 1
            t += 1
        return ents


@Language.factory(FACTORY)
def make_fast_ner(nlp: Language, name: str) -> FastEntityRecognizer:
    """spaCy factory; fill it with ``wrap`` (see ``speed_up``)."""
    return FastEntityRecognizer(nlp, name)


def speed_up(nlp: Language) -> bool:
    """Put the array decoder in front of the pipeline's entity recognizer; False when there is none."""
    from spacy.pipeline import EntityRecognizer

    name = "ner"
    if name not in nlp.component_names or type(nlp.get_pipe(name)) is not EntityRecognizer:
        return False
    ner: Any = nlp.get_pipe(name)
    from newsledger.runtime.fast_ruler import replace_pipe

    fast: FastEntityRecognizer = replace_pipe(nlp, name, FACTORY)
    fast.wrap(ner)
    return True
