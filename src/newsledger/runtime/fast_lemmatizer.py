"""A cached, array-based front for spaCy's rule lemmatizer: same lemmas, one dict lookup per token.

spaCy's ``Lemmatizer.__call__`` walks every token in Python, builds a ``Token`` and sets ``token.lemma_``
through the string store, even though the rule lemmatizer's answer depends only on the token's
(ORTH, POS, MORPH) (``rule_lemmatize`` caches on exactly that key, and the English ``is_base_form`` reads only
POS and MORPH). This component reads those three columns with ``Doc.to_array``, looks each distinct key up
once in its own cache (asking the wrapped lemmatizer on a miss) and writes the LEMMA column back with
``Doc.from_array``. Tokens that already have a lemma (set by the attribute_ruler) keep it, as in spaCy
(``overwrite=False``). On a cache miss spaCy's ``rule_lemmatize`` tested ``form in index`` against
Python lists of up to 57,528 words; ``wrap`` turns those lists into sets. Measured on 200 AllSides
articles: 11.0 ms per article for spaCy's component; see docs/scale.md for ours. Equivalence is tested in tests/runtime/test_fast_lemmatizer.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language

if TYPE_CHECKING:
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

FACTORY = "newsledger_fast_lemmatizer"
# Distinct (orth, pos, morph) keys kept before both caches (ours and spaCy's own) are emptied: bounds the
# memory of a long-running worker (spaCy's lemmatizer cache never shrinks). News text gives about 90
# new keys per article (13,149 keys after 150 AllSides articles), so this is cleared every thousand
# articles or so (~15 MB at the bound) and costs little.
MAX_CACHE = 100_000


class FastLemmatizer:
    """Applies a wrapped spaCy ``Lemmatizer`` through a per-key cache (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "lemmatizer") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lemmatizer: Lemmatizer | None = None
        self._cache: dict[tuple[int, int, int], int] = {}

    def wrap(self, lemmatizer: Lemmatizer) -> FastLemmatizer:
        """Take over a loaded spaCy lemmatizer (its tables, mode and ``overwrite`` setting)."""
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        # rule_lemmatize tests ``form in index`` on lists of up to 57,528 words (the noun index): as sets
        # that test is one hash lookup, and the lemmas are the same.
        if lemmatizer.lookups.has_table("lemma_index"):
            table = lemmatizer.lookups.get_table("lemma_index")
            for key in list(table.keys()):
                if isinstance(table[key], list):
                    table[key] = frozenset(table[key])
        self.lemmatizer = lemmatizer
        return self

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        assert self.lemmatizer is not None
        if len(self._cache) >= MAX_CACHE:
            self._cache.clear()
            self.lemmatizer.cache.clear()
        lemma = int(self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0]))
        self._cache[key] = lemma
        return lemma

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None:
            raise RuntimeError("FastLemmatizer has no lemmatizer to wrap; build it with speed_up(nlp)")
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = range(len(doc)) if self.lemmatizer.overwrite else numpy.flatnonzero(arr[:, 3] == 0).tolist()
        if not len(todo):
            return doc
        lemmas = arr[:, 3].tolist()
        keys: list[Any] = arr[:, :3].tolist()
        cache = self._cache
        for i in todo:
            key = (keys[i][0], keys[i][1], keys[i][2])
            lemma = cache.get(key)
            lemmas[i] = lemma if lemma is not None else self._lemma(doc, i, key)
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        """Apply to a stream of docs (as spaCy components do)."""
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    """spaCy factory; fill it with ``wrap`` (see ``speed_up``)."""
    return FastLemmatizer(nlp, name)


def speed_up(nlp: Language) -> bool:
    """Put the cached front in place of the pipeline's rule lemmatizer; False when there is none."""
    from spacy.pipeline import Lemmatizer

    name = "lemmatizer"
    if name not in nlp.component_names:
        return False
    lemmatizer: Any = nlp.get_pipe(name)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    from newsledger.runtime.fast_ruler import replace_pipe

    fast: FastLemmatizer = replace_pipe(nlp, name, FACTORY)
    fast.wrap(lemmatizer)
    return True
