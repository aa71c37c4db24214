"""The grammatical source of a cue verb when the parser attached its subject elsewhere (base.subject_of)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newsledger.stages.quotes.base import subject_of

# (words, heads, deps, tags, pos): a sentence whose subject the parser hung under the content clause, and the
# same sentence parsed right.
ROWS = [
    # ", two drivers and a union official said": the subject noun phrase attached to the content's verb
    (["Trucks", "waited", "for", "days", ",", "two", "drivers", "and", "a", "union", "official", "said", "."],
     [1, 11, 1, 2, 1, 6, 1, 6, 10, 10, 6, 11, 11],
     ["nsubj", "ccomp", "prep", "pobj", "punct", "nummod", "dobj", "cc", "det", "compound", "conj", "ROOT", "punct"],
     ["NNS", "VBD", "IN", "NNS", ",", "CD", "NNS", "CC", "DT", "NN", "NN", "VBD", "."],
     ["NOUN", "VERB", "ADP", "NOUN", "PUNCT", "NUM", "NOUN", "CCONJ", "DET", "NOUN", "NOUN", "VERB", "PUNCT"],
     "two drivers and a union official"),
    # the same words parsed right: the subject is the subject
    (["Trucks", "waited", "for", "days", ",", "two", "drivers", "and", "a", "union", "official", "said", "."],
     [1, 11, 1, 2, 1, 6, 11, 6, 10, 10, 6, 11, 11],
     ["nsubj", "ccomp", "prep", "pobj", "punct", "nummod", "nsubj", "cc", "det", "compound", "conj", "ROOT", "punct"],
     ["NNS", "VBD", "IN", "NNS", ",", "CD", "NNS", "CC", "DT", "NN", "NN", "VBD", "."],
     ["NOUN", "VERB", "ADP", "NOUN", "PUNCT", "NUM", "NOUN", "CCONJ", "DET", "NOUN", "NOUN", "VERB", "PUNCT"],
     "two drivers and a union official"),
    # a subject with a participle (no finite verb) parsed as a clausal subject stays the source
    (["Volunteers", "handing", "out", "flags", "explained", "the", "rules", "."],
     [1, 4, 1, 1, 4, 6, 4, 4],
     ["nsubj", "csubj", "prt", "dobj", "ROOT", "det", "dobj", "punct"],
     ["NNS", "VBG", "RP", "NNS", "VBD", "DT", "NNS", "."],
     ["NOUN", "VERB", "ADP", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
     "Volunteers handing out flags"),
    # a phrase that cannot be a subject before the verb gives no source
    (["Trucks", "waited", "for", "days", ",", "in", "a", "long", "queue", ",", "officials", "argued", "."],
     [1, 11, 1, 2, 1, 11, 8, 8, 5, 11, 1, 11, 11],
     ["nsubj", "ccomp", "prep", "pobj", "punct", "prep", "det", "amod", "pobj", "punct", "dobj", "ROOT", "punct"],
     ["NNS", "VBD", "IN", "NNS", ",", "IN", "DT", "JJ", "NN", ",", "NNS", "VBD", "."],
     ["NOUN", "VERB", "ADP", "NOUN", "PUNCT", "ADP", "DET", "ADJ", "NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"],
     "officials"),
    (["Trucks", "waited", "for", "days", ",", "in", "a", "long", "queue", "argued", "."],
     [1, 9, 1, 2, 1, 9, 8, 8, 5, 9, 9],
     ["nsubj", "ccomp", "prep", "pobj", "punct", "prep", "det", "amod", "pobj", "ROOT", "punct"],
     ["NNS", "VBD", "IN", "NNS", ",", "IN", "DT", "JJ", "NN", "VBD", "."],
     ["NOUN", "VERB", "ADP", "NOUN", "PUNCT", "ADP", "DET", "ADJ", "NOUN", "VERB", "PUNCT"],
     None),
]


@pytest.mark.parametrize(("words", "heads", "deps", "tags", "pos", "source"), ROWS)
def test_subject_of_a_misparsed_cue(nlp, words: list[str], heads: list[int], deps: list[str], tags: list[str],  # type: ignore[no-untyped-def]
                                    pos: list[str], source: str | None) -> None:
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    verb = next(t for t in doc if t.dep_ == "ROOT")
    found = subject_of(verb)
    assert (found.text if found is not None else None) == source
