"""The stages as spaCy pipeline components."""

from __future__ import annotations

import spacy

import newsledger.runtime.components  # noqa: F401  (registers the factories)
from newsledger.runtime.model import available_model


def test_newsledger_component_fills_doc_extension() -> None:
    nlp = spacy.load(available_model())
    nlp.add_pipe("newsledger")
    doc = nlp.make_doc("The mayor of Lyon, Anne Morel, opened the bridge.")
    doc._.published = "2024-06-01"
    doc._.outlet = "Lyon Daily"
    doc = nlp(doc)
    analysis = doc._.newsledger
    assert analysis.document.text == doc.text
    assert analysis.document.outlet == "Lyon Daily"
    assert str(analysis.document.published) == "2024-06-01"
    names = {e.name for e in analysis.entities}
    assert "Anne Morel" in names
    for e in analysis.entities:
        for m in e.mentions:
            assert doc.text[m.start:m.end] == m.text


def test_single_stage_component() -> None:
    nlp = spacy.load(available_model())
    nlp.add_pipe("newsledger_stage", config={"stage": "entities"})
    doc = nlp("Anne Morel visited Lyon.")
    assert doc._.newsledger.entities
