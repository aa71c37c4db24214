"""Which spaCy components run for the annotations the stages declare."""

from __future__ import annotations

import pytest

from newsledger.runtime.model import components_for, load_model


@pytest.mark.parametrize(
    ("needs", "expected"),
    [
        ({"tokens"}, []),
        ({"ents"}, ["ner"]),
        ({"sents"}, ["senter"]),
        ({"sents", "ents"}, ["senter", "ner"]),
        ({"dep", "sents"}, ["tok2vec", "parser"]),
        ({"lemma", "ents"}, ["tok2vec", "tagger", "attribute_ruler", "lemmatizer", "ner"]),
        ({"lemma", "dep", "ents"}, ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]),
    ],
)
def test_components_for(nlp, needs: set[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert components_for(nlp, needs) == expected


def test_unknown_annotation_is_rejected(nlp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown annotation"):
        components_for(nlp, {"coref"})


def test_blank_model_runs_its_own_components() -> None:
    blank = load_model("blank:en")
    assert components_for(blank, {"lemma", "dep"}) == ["sentencizer"]
    assert len(list(blank("One. Two.").sents)) == 2
